package io.creditstream.portal.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every answer to a submission ({@code POST /api/v1/applications}) by its status, whichever
 * layer gave it (size limit, security, validation, idempotency, rate limit, broker): accepted (202,
 * new), replayed (202, an Idempotency-Key's stored answer) or refused (anything else).
 */
// First of all filters, so that the size limit's and security's answers are counted too.
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SubmissionCounter extends OncePerRequestFilter {

  private final PortalMetrics metrics;

  SubmissionCounter(PortalMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod())
        && "/api/v1/applications".equals(request.getRequestURI()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      int status = response.getStatus();
      String result =
          status != 202
              ? "refused"
              : "true".equals(response.getHeader("Idempotent-Replayed")) ? "replayed" : "accepted";
      metrics.submission(result, status);
    }
  }
}
