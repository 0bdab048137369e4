package io.creditstream.portal.frontoffice;

import io.creditstream.portal.security.RequestSizeLimitFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The API's errors that Spring raises before or around {@code ApplicationsController} (a body too
 * large, empty or unreadable, a wrong content type, method or path), answered in the documented
 * {@link ApiError} format with their proper status, and logged in one line without a stack trace.
 *
 * <p>Several of them are raised while no controller is chosen yet, so this advice is not tied to a
 * controller: outside {@code /api/} it hands the status to the servlet container, whose error page
 * (the portal's HTML one) answers as before.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrorAdvice {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(
      HttpMessageNotReadableException e, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    if (causedByTooLarge(e)) {
      return answer(
          req,
          res,
          HttpStatus.PAYLOAD_TOO_LARGE,
          ApiError.of(
              "payload_too_large",
              "the request body is larger than this portal accepts",
              new FieldProblem("$", "too_large", "send a smaller body")));
    }
    if (req.getContentLengthLong() == 0 || String.valueOf(e.getMessage()).contains("missing")) {
      return answer(
          req,
          res,
          HttpStatus.BAD_REQUEST,
          ApiError.of(
              "empty_body",
              "the request has no body",
              new FieldProblem("$", "missing", "send the application as a JSON object")));
    }
    return answer(
        req,
        res,
        HttpStatus.BAD_REQUEST,
        ApiError.of(
            "invalid_json",
            "the request body could not be read",
            new FieldProblem("$", "invalid_json", "send the application as a JSON object")));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> unsupported(
      HttpMediaTypeNotSupportedException e, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    ResponseEntity<ApiError> r =
        answer(
            req,
            res,
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            ApiError.of(
                "unsupported_media_type",
                "the request body must be JSON",
                new FieldProblem("Content-Type", "invalid_value", "must be application/json")));
    return withHeader(r, HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ApiError> notAcceptable(
      HttpMediaTypeNotAcceptableException e, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    return answer(
        req,
        res,
        HttpStatus.NOT_ACCEPTABLE,
        ApiError.of(
            "not_acceptable",
            "this API answers in JSON only",
            new FieldProblem("Accept", "invalid_value", "must accept application/json")));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> method(
      HttpRequestMethodNotSupportedException e, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    ResponseEntity<ApiError> r =
        answer(
            req,
            res,
            HttpStatus.METHOD_NOT_ALLOWED,
            ApiError.of("method_not_allowed", "method " + e.getMethod() + " is not allowed here"));
    if (e.getSupportedHttpMethods() == null) {
      return r;
    }
    return withHeader(
        r,
        HttpHeaders.ALLOW,
        e.getSupportedHttpMethods().stream()
            .map(Object::toString)
            .collect(Collectors.joining(", ")));
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<ApiError> missingHeader(
      MissingRequestHeaderException e, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    return answer(
        req,
        res,
        HttpStatus.BAD_REQUEST,
        ApiError.of(
            "validation_failed",
            "a required header is missing",
            new FieldProblem(e.getHeaderName(), "missing", "required")));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ApiError> noSuchPath(
      NoResourceFoundException e, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    return answer(
        req, res, HttpStatus.NOT_FOUND, ApiError.of("not_found", "there is nothing at this path"));
  }

  /**
   * The API's answer, or for any other path the container's error page with this status (a null
   * entity tells Spring the request is handled).
   */
  private static ResponseEntity<ApiError> answer(
      HttpServletRequest req, HttpServletResponse res, HttpStatus status, ApiError body)
      throws IOException {
    if (status == HttpStatus.NOT_FOUND) {
      // Scanners ask for many addresses: one line each at INFO would be noise.
      log.debug("{} {} answered 404", req.getMethod(), req.getRequestURI());
    } else {
      log.info(
          "{} {} answered {}: {}",
          req.getMethod(),
          req.getRequestURI(),
          status.value(),
          body.error());
    }
    if (!req.getRequestURI().startsWith(req.getContextPath() + "/api/")) {
      res.sendError(status.value());
      return null;
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }

  /** An API answer with one more header; null (not an API path) stays null. */
  private static ResponseEntity<ApiError> withHeader(
      ResponseEntity<ApiError> r, String name, String value) {
    return r == null
        ? null
        : ResponseEntity.status(r.getStatusCode()).header(name, value).body(r.getBody());
  }

  private static boolean causedByTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RequestSizeLimitFilter.TooLargeException) {
        return true;
      }
    }
    return false;
  }
}
