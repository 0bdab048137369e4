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
    return withSecrets(secret, List.of());
  }

  static PortalProperties withSecrets(String secret, List<String> previous) {
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
        new Mirror(false, Duration.ofMillis(500), Duration.ofSeconds(30)),
        previous,
        new PortalProperties.Client(
            new PortalProperties.Contact(null, null, null, null, null), "EUR", 4),
        new PortalProperties.Signin(5, Duration.ofSeconds(2), Duration.ofMinutes(15)),
        new PortalProperties.Drift(500));
  }

  private final LinkCredentials credentials =
      new LinkCredentials(withSecret("a-secret-of-at-least-32-bytes-0123456789"), clock);

  @Test
  void aCredentialVerifiesToItsApplicationClientAndExpiry() {
    String c = credentials.issue("app-1", 42, NOW.plusSeconds(3600));
    VerifiedLink link = credentials.verify(c);
    assertThat(link).isEqualTo(new VerifiedLink("app-1", 42, NOW.plusSeconds(3600)));
    // key id, payload, signature; base64url: safe in a URL path without escaping
    assertThat(c).matches("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    assertThat(c).startsWith(credentials.currentKeyId() + ".");
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
    String keyId = c.substring(0, c.indexOf('.') + 1);
    String signature = c.substring(c.lastIndexOf('.'));
    for (String payload : new String[] {"app-2|42|", "app-1|43|"}) {
      String tampered =
          keyId
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(
                      (payload + NOW.plusSeconds(60).getEpochSecond())
                          .getBytes(StandardCharsets.UTF_8))
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
    String keyId = c.substring(0, c.indexOf('.') + 1);
    assertThatThrownBy(() -> credentials.verify(keyId + later + c.substring(c.lastIndexOf('.'))))
        .isInstanceOf(InvalidCredentialException.class);
  }

  @Test
  void eachCredentialHasExactlyOneValidSpelling() {
    // given a valid credential; its signature's last character carries 2 unused bits
    String c = credentials.issue("app-1", 42, NOW.plusSeconds(3600));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int accepted = 0;
    // when every other last character of the signature, and of the payload, is tried
    for (int at : new int[] {c.length() - 1, c.lastIndexOf('.') - 1}) {
      for (char x : alphabet.toCharArray()) {
        String variant = c.substring(0, at) + x + c.substring(at + 1);
        try {
          credentials.verify(variant);
          accepted++;
        } catch (InvalidCredentialException e) {
          // refused, as every spelling but the issued one must be
        }
      }
    }
    // then only the issued spelling (once per position tried) is accepted
    assertThat(accepted).isEqualTo(2);
  }

  @Test
  void linksSignedWithThePreviousKeyStayValidAfterARotationUntilTheyExpire() {
    // given a link issued before the rotation
    String before = credentials.issue("app-1", 42, NOW.plusSeconds(3600));
    // when the secret is rotated: a new current one, the old one kept as previous
    LinkCredentials rotated =
        new LinkCredentials(
            withSecrets(
                "the-new-secret-of-at-least-32-bytes-987654",
                List.of("a-secret-of-at-least-32-bytes-0123456789")),
            clock);
    // then the old link still verifies, new links carry the new key id
    assertThat(rotated.verify(before).applicationId()).isEqualTo("app-1");
    String after = rotated.issue("app-2", 43, NOW.plusSeconds(3600));
    assertThat(rotated.currentKeyId()).isNotEqualTo(credentials.currentKeyId());
    assertThat(after).startsWith(rotated.currentKeyId() + ".");
    assertThat(rotated.verify(after).applicationId()).isEqualTo("app-2");
    // and until it expires only
    clock.advance(Duration.ofSeconds(3600));
    assertThatThrownBy(() -> rotated.verify(before))
        .isInstanceOfSatisfying(
            InvalidCredentialException.class,
            e -> assertThat(e.kind()).isEqualTo(InvalidCredentialException.Kind.EXPIRED));
  }

  @Test
  void aLinkOfARetiredKeyIsRefused() {
    String old = credentials.issue("app-1", 42, NOW.plusSeconds(3600));
    LinkCredentials retired =
        new LinkCredentials(withSecret("the-new-secret-of-at-least-32-bytes-987654"), clock);
    assertThatThrownBy(() -> retired.verify(old))
        .isInstanceOfSatisfying(
            InvalidCredentialException.class,
            e -> assertThat(e.kind()).isEqualTo(InvalidCredentialException.Kind.FORGED));
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

  private static final String FINGERPRINT = "ab".repeat(32);

  @Test
  void aFrontOfficeTagVouchesForThatFrontOfficeApplicationAndContentOnly() {
    String tag = credentials.frontOfficeTag("branch", "app-1", FINGERPRINT);
    assertThat(tag).matches("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{43}");
    assertThat(credentials.frontOfficeTagVerifies(tag, "branch", "app-1", FINGERPRINT)).isTrue();
    // the name, the application id and the content are each bound to it
    assertThat(credentials.frontOfficeTagVerifies(tag, "partner", "app-1", FINGERPRINT)).isFalse();
    assertThat(credentials.frontOfficeTagVerifies(tag, "branch", "app-2", FINGERPRINT)).isFalse();
    assertThat(credentials.frontOfficeTagVerifies(tag, "branch", "app-1", "cd".repeat(32)))
        .isFalse();
    // fields cannot be shifted into one another
    assertThat(credentials.frontOfficeTagVerifies(tag, "branch\u0000app-1", "", FINGERPRINT))
        .isFalse();
  }

  @Test
  void aFrontOfficeTagThatIsMissingMalformedOrOfAnotherSecretDoesNotVerify() {
    String tag = credentials.frontOfficeTag("branch", "app-1", FINGERPRINT);
    LinkCredentials other =
        new LinkCredentials(withSecret("another-secret-of-32-bytes-or-more-xyz"), clock);
    String forged = other.frontOfficeTag("branch", "app-1", FINGERPRINT);
    // a tag with a known key id but another secret's MAC
    String spliced = tag.substring(0, 9) + forged.substring(9);
    // the last character's unused bits set: another spelling of the same bytes
    char last = tag.charAt(tag.length() - 1);
    String respelled =
        tag.substring(0, tag.length() - 1)
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                .charAt(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last)
                        ^ 1);
    for (String bad :
        new String[] {
          null, "", forged, spliced, respelled, tag + "A", tag.substring(1), "x".repeat(52)
        }) {
      assertThat(credentials.frontOfficeTagVerifies(bad, "branch", "app-1", FINGERPRINT))
          .as("tag %s", bad)
          .isFalse();
    }
  }

  @Test
  void frontOfficeTagsOfThePreviousSecretStillVerifyAfterARotation() {
    String before = credentials.frontOfficeTag("branch", "app-1", FINGERPRINT);
    LinkCredentials rotated =
        new LinkCredentials(
            withSecrets(
                "the-new-secret-of-at-least-32-bytes-987654",
                List.of("a-secret-of-at-least-32-bytes-0123456789")),
            clock);
    assertThat(rotated.frontOfficeTagVerifies(before, "branch", "app-1", FINGERPRINT)).isTrue();
    assertThat(rotated.frontOfficeTag("branch", "app-1", FINGERPRINT))
        .startsWith(rotated.currentKeyId() + ".")
        .isNotEqualTo(before);
  }
}
