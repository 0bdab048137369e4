package io.creditstream.portal.security;

import io.creditstream.portal.config.PortalProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counts failed auditor sign-ins per user name and per address. After {@code free-failures} in a
 * row, the next attempt must wait {@code first-delay}, doubled at each further failure up to {@code
 * max-delay}; a success clears both counts, and a count is forgotten when its last failure is four
 * times {@code max-delay} old (an hour by default). Keyed both ways so that neither one address
 * trying many names nor many addresses trying one name gets unlimited guesses.
 *
 * <p>In memory, per instance: behind a load balancer each instance throttles on its own, which
 * multiplies the guesses by the number of instances and no more. The maps are bounded (the oldest
 * entries go first), so that a flood of invented names or addresses cannot exhaust memory.
 */
@Component
public class SigninThrottle {

  private static final int MAX_ENTRIES = 10_000;

  private final Map<String, State> byUser = bounded();
  private final Map<String, State> byAddress = bounded();
  private final PortalProperties.Signin settings;
  private final Clock clock;

  public SigninThrottle(PortalProperties properties, Clock clock) {
    this.settings = properties.signin();
    this.clock = clock;
  }

  private record State(int failures, Instant lockedUntil, Instant lastFailure) {}

  /** How long this user and address must still wait before trying again (zero: they may try). */
  public synchronized Duration waitFor(String user, String address) {
    Instant now = clock.instant();
    Instant until = later(lockOf(byUser.get(key(user))), lockOf(byAddress.get(address)));
    return until == null || !until.isAfter(now) ? Duration.ZERO : Duration.between(now, until);
  }

  /** Records a failure; returns the wait it imposes from now on (zero while failures are free). */
  public synchronized Duration failed(String user, String address) {
    Instant a = fail(byUser, key(user));
    Instant b = fail(byAddress, address);
    Instant until = later(a, b);
    return until == null ? Duration.ZERO : Duration.between(clock.instant(), until);
  }

  public synchronized void succeeded(String user, String address) {
    byUser.remove(key(user));
    byAddress.remove(address);
  }

  private Instant fail(Map<String, State> map, String key) {
    State s = map.get(key);
    Instant now = clock.instant();
    boolean forgotten =
        s != null && s.lastFailure().plus(settings.maxDelay().multipliedBy(4)).isBefore(now);
    int failures = s == null || forgotten ? 1 : s.failures() + 1;
    Instant until = null;
    int over = failures - settings.freeFailures();
    if (over >= 0) {
      Duration delay = settings.firstDelay().multipliedBy(1L << Math.min(over, 30));
      if (delay.compareTo(settings.maxDelay()) > 0 || delay.isNegative()) {
        delay = settings.maxDelay();
      }
      until = now.plus(delay);
    }
    map.put(key, new State(failures, until, now));
    return until;
  }

  private static Instant lockOf(State s) {
    return s == null ? null : s.lockedUntil();
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  /** User names compare without case: "Alice" and "alice" share their count. */
  private static String key(String user) {
    return user == null ? "" : user.strip().toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, State> bounded() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }
}
