package io.creditstream.portal.security;

import io.creditstream.portal.ops.PortalMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The auditors' sign-in as operators see it: every success and failure logged with its time, user
 * name and address (never the password), counted, and throttled by {@link SigninThrottle}. A
 * throttled attempt is refused before its password is checked, and the page says how long to wait.
 */
public class SigninAudit {

  /** Session attribute holding the seconds a throttled client must wait, for the sign-in page. */
  public static final String WAIT_ATTRIBUTE = "creditstream.signin.wait";

  private static final Logger log = LoggerFactory.getLogger(SigninAudit.class);

  private final SigninThrottle throttle;
  private final PortalMetrics metrics;
  private final Clock clock;

  public SigninAudit(SigninThrottle throttle, PortalMetrics metrics, Clock clock) {
    this.throttle = throttle;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Runs before the form login filter: refuses attempts while their user or address waits. */
  public OncePerRequestFilter gate() {
    return new OncePerRequestFilter() {
      @Override
      protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
            && (request.getContextPath() + "/login").equals(request.getRequestURI()));
      }

      @Override
      protected void doFilterInternal(
          HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String user = user(request);
        Duration wait = throttle.waitFor(user, request.getRemoteAddr());
        if (wait.isZero()) {
          chain.doFilter(request, response);
          return;
        }
        log.warn(
            "Auditor sign-in refused without checking it (throttled {} s more): user={} address={}"
                + " at={}",
            seconds(wait),
            user,
            request.getRemoteAddr(),
            clock.instant());
        metrics.signin("throttled");
        locked(request, response, wait);
      }
    };
  }

  public AuthenticationSuccessHandler success() {
    return (request, response, authentication) -> {
      String user = authentication.getName();
      throttle.succeeded(user, request.getRemoteAddr());
      log.info(
          "Auditor sign-in succeeded: user={} address={} at={}",
          printable(user),
          request.getRemoteAddr(),
          clock.instant());
      metrics.signin("success");
      response.sendRedirect(request.getContextPath() + "/audit");
    };
  }

  public AuthenticationFailureHandler failure() {
    return (HttpServletRequest request,
        HttpServletResponse response,
        AuthenticationException e) -> {
      String user = user(request);
      Duration wait = throttle.failed(user, request.getRemoteAddr());
      log.warn(
          "Auditor sign-in failed: user={} address={} at={} reason={}",
          user,
          request.getRemoteAddr(),
          clock.instant(),
          e.getClass().getSimpleName());
      metrics.signin("failure");
      if (wait.isZero()) {
        response.sendRedirect(request.getContextPath() + "/login?error");
      } else {
        locked(request, response, wait);
      }
    };
  }

  private void locked(HttpServletRequest request, HttpServletResponse response, Duration wait)
      throws IOException {
    request.getSession().setAttribute(WAIT_ATTRIBUTE, seconds(wait));
    response.sendRedirect(request.getContextPath() + "/login?locked");
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** The user name as typed, made safe for one log line (it may be anything). */
  private static String user(HttpServletRequest request) {
    return printable(request.getParameter("username"));
  }

  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    String clean = s.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
  }
}
