package io.creditstream.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.portal.MutableClock;
import io.creditstream.portal.config.PortalProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SigninThrottleTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final SigninThrottle throttle =
      new SigninThrottle(
          new PortalProperties(
              "http://127.0.0.1:8080",
              null,
              Duration.ofDays(30),
              List.of(),
              List.of(),
              new PortalProperties.RateLimit(20, 5.0),
              "mock://x",
              Map.of(),
              Map.of(),
              DataSize.ofKilobytes(64),
              Duration.ofSeconds(10),
              null,
              new PortalProperties.Mirror(false, Duration.ofMillis(500), Duration.ofSeconds(30)),
              List.of(),
              new PortalProperties.Client(
                  new PortalProperties.Contact(null, null, null, null, null), "EUR", 4),
              new PortalProperties.Signin(5, Duration.ofSeconds(2), Duration.ofMinutes(15)),
              new PortalProperties.Drift(500)),
          clock);

  @Test
  void theWaitStartsAfterTheFreeFailuresAndDoublesUpToTheMaximum() {
    // four failures are free
    for (int i = 0; i < 4; i++) {
      assertThat(throttle.failed("alice", "10.0.0.1")).isZero();
    }
    assertThat(throttle.waitFor("alice", "10.0.0.1")).isZero();
    // the fifth imposes the first delay, each further one doubles it
    assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.waitFor("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.waitFor("ALICE", "10.0.0.2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.waitFor("bob", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.waitFor("bob", "10.0.0.2")).isZero();
    assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
    for (int i = 0; i < 20; i++) {
      throttle.failed("alice", "10.0.0.1");
    }
    assertThat(throttle.waitFor("alice", "10.0.0.1")).isEqualTo(Duration.ofMinutes(15));
    // the wait runs out; a success clears the counts
    clock.advance(Duration.ofMinutes(15));
    assertThat(throttle.waitFor("alice", "10.0.0.1")).isZero();
    throttle.succeeded("alice", "10.0.0.1");
    assertThat(throttle.failed("alice", "10.0.0.1")).isZero();
  }
}
