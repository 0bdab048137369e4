package io.creditstream.portal.security;

import io.creditstream.portal.config.PortalProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code creditstream.portal.max-request-size} with 413: at once
 * when Content-Length says so, and while reading for chunked bodies that do not announce a length.
 * Runs before security, so an unauthenticated client cannot make the portal read a large body.
 *
 * <p>A chunked form body is read by the container itself when anyone asks for a parameter (the CSRF
 * check does, before any authentication): past {@code server.tomcat.max-http-form-post-size} Tomcat
 * throws, and that is answered here too, with 413 and one log line, never a stack trace (anyone can
 * send such a request, so a trace per request would be a cheap way to flood the log).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(RequestSizeLimitFilter.class);

  private final long max;

  public RequestSizeLimitFilter(PortalProperties properties) {
    this.max = properties.maxRequestSize().toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > max) {
      tooLarge(response);
      return;
    }
    try {
      chain.doFilter(new Limited(request, max), response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!tooLargeCause(e)) {
        throw e;
      }
      log.info(
          "{} {} refused: chunked body over the size limit ({})",
          request.getMethod(),
          request.getRequestURI(),
          e.getClass().getSimpleName());
      if (!response.isCommitted()) {
        response.reset();
        tooLarge(response);
      }
    }
  }

  /**
   * Ours, or Tomcat's {@code InvalidParameterException} for a form body over its limit (by name:
   * the filter does not depend on the container's classes).
   */
  private static boolean tooLargeCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TooLargeException
          || t.getClass()
              .getName()
              .equals("org.apache.tomcat.util.http.InvalidParameterException")) {
        return true;
      }
    }
    return false;
  }

  private void tooLarge(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response
        .getWriter()
        .write(
            "{\"error\":\"payload_too_large\",\"message\":\"the request body exceeds "
                + max
                + " bytes\",\"fieldErrors\":[{\"field\":\"$\",\"code\":\"too_large\","
                + "\"message\":\"send a smaller body\"}]}");
  }

  /** Thrown while reading past the limit; without a stack trace: it is an answer, not a bug. */
  public static final class TooLargeException extends IOException {
    TooLargeException() {
      super("request body too large", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long read;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0 && ++read > max) {
                  throw new TooLargeException();
                }
                return b;
              }

              @Override
              public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n > 0 && (read += n) > max) {
                  throw new TooLargeException();
                }
                return n;
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
