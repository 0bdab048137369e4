package io.creditstream.portal.frontoffice;

import io.creditstream.portal.config.PortalProperties;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A token bucket per front office: {@code capacity} submissions at once, refilled at {@code
 * perSecond}. Per instance: behind a load balancer of N instances a front office gets up to N times
 * the rate, which is acceptable for a guard against runaway clients (it is not a quota).
 */
@Component
public class SubmissionRateLimiter {

  private final double capacity;
  private final double perSecond;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public SubmissionRateLimiter(PortalProperties properties, Clock clock) {
    this.capacity = properties.rateLimit().capacity();
    this.perSecond = properties.rateLimit().perSecond();
    this.clock = clock;
  }

  /**
   * Takes one token for this front office. Returns 0 when granted, otherwise the whole seconds to
   * wait before a token is there (for {@code Retry-After}).
   */
  public long acquire(String frontOffice) {
    Bucket b = buckets.computeIfAbsent(frontOffice, k -> new Bucket(capacity, clock.millis()));
    synchronized (b) {
      long now = clock.millis();
      b.tokens = Math.min(capacity, b.tokens + (now - b.updatedAt) / 1000.0 * perSecond);
      b.updatedAt = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
    }
  }

  private static final class Bucket {
    double tokens;
    long updatedAt;

    Bucket(double tokens, long updatedAt) {
      this.tokens = tokens;
      this.updatedAt = updatedAt;
    }
  }
}
