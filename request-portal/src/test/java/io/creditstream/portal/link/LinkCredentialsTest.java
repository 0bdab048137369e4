package io.creditstream.portal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.portal.MutableClock;
import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.config.PortalProperties.Mirror;
import io.creditstream.portal.config.PortalProperties.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class LinkCredentialsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);

  static PortalProperties withSecret(String secret) {
    return new PortalProperties(
        "http://127.0.0.1:8080",
        secret,
        Duration.ofDays(30),
        List.of(),
        List.of(),
        new RateLimit(20, 5.0),
        "mock://x",
        Map.of(),
        Map.of(),
        DataSize.ofKilobytes(64),
        Duration.ofSeconds(10),
        null,
        new Mirror(false, Duration.ofMillis(500), Duration.ofSeconds(30)));
  }

  private final LinkCredentials credentials =
      new LinkCredentials(withSecret("a-secret-of-at-least-32-bytes-0123456789"), clock);

  @Test
  void aCredentialVerifiesToItsApplicationClientAndExpiry() {
    String c = credentials.issue("app-1", 42, NOW.plusSeconds(3600));
    VerifiedLink link = credentials.verify(c);
    assertThat(link).isEqualTo(new VerifiedLink("app-1", 42, NOW.plusSeconds(3600)));
    // base64url: safe in a URL path without escaping
    assertThat(c).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
  }

  @Test
  void anExpiredCredentialIsRefusedFromItsExpiryOn() {
    String c = credentials.issue("app-1", 42, NOW.plusSeconds(60));
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> credentials.verify(c))
        .isInstanceOfSatisfying(
            InvalidCredentialException.class,
            e -> assertThat(e.kind()).isEqualTo(InvalidCredentialException.Kind.EXPIRED));
  }

  @Test
  void aPayloadChangedToAnotherApplicationOrClientIsForged() {
    String c = credentials.issue("app-1", 42, NOW.plusSeconds(60));
    String signature = c.substring(c.indexOf('.') + 1);
    for (String payload : new String[] {"app-2|42|", "app-1|43|"}) {
      String tampered =
          Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(
                      (payload + NOW.plusSeconds(60).getEpochSecond())
                          .getBytes(StandardCharsets.UTF_8))
              + "."
              + signature;
      assertThatThrownBy(() -> credentials.verify(tampered))
          .isInstanceOfSatisfying(
              InvalidCredentialException.class,
              e -> assertThat(e.kind()).isEqualTo(InvalidCredentialException.Kind.FORGED));
    }
  }

  @Test
  void anExtendedExpiryIsForged() {
    String c = credentials.issue("app-1", 42, NOW.plusSeconds(60));
    String later =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("app-1|42|" + NOW.plusSeconds(999_999).getEpochSecond())
                    .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> credentials.verify(later + c.substring(c.indexOf('.'))))
        .isInstanceOf(InvalidCredentialException.class);
  }

  @Test
  void aCredentialSignedWithAnotherSecretIsForged() {
    LinkCredentials other =
        new LinkCredentials(withSecret("another-secret-of-32-bytes-or-more-xyz"), clock);
    String c = other.issue("app-1", 42, NOW.plusSeconds(60));
    assertThatThrownBy(() -> credentials.verify(c))
        .isInstanceOfSatisfying(
            InvalidCredentialException.class,
            e -> assertThat(e.kind()).isEqualTo(InvalidCredentialException.Kind.FORGED));
  }

  @Test
  void garbageIsMalformed() {
    for (String g : new String[] {"", "abc", "a.b", "../../etc/passwd", "x".repeat(2000)}) {
      assertThatThrownBy(() -> credentials.verify(g))
          .isInstanceOf(InvalidCredentialException.class);
    }
  }

  @Test
  void aMissingOrShortSecretStopsStartUpNamingThePropertyButNotTheValue() {
    assertThatThrownBy(() -> new LinkCredentials(withSecret(null), clock))
        .hasMessageContaining("creditstream.portal.link-secret")
        .hasMessageContaining("CREDITSTREAM_PORTAL_LINK_SECRET");
    assertThatThrownBy(() -> new LinkCredentials(withSecret("tooShortSecretValue"), clock))
        .hasMessageContaining("creditstream.portal.link-secret")
        .hasMessageContaining("too short")
        .hasMessageNotContaining("tooShortSecretValue");
  }
}
