package io.creditstream.portal.link;

import io.creditstream.portal.config.PortalProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies client credentials. Input: application id, client id, expiry; output: {@code
 * base64url(payload) "." base64url(HMAC-SHA256(secret, payload))} where payload is {@code
 * applicationId "|" clientId "|" expiryEpochSeconds}.
 *
 * <p>The credential is self-contained, so any portal instance behind a load balancer verifies it
 * without shared state; the price is that it cannot be revoked before it expires except by rotating
 * the secret.
 */
@Component
public final class LinkCredentials {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_SECRET_BYTES = 32;
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,400}\\.[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;

  public LinkCredentials(PortalProperties properties, Clock clock) {
    String secret = properties.linkSecret();
    // The message names the property, never its value: start-up failures are logged.
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException(
          "creditstream.portal.link-secret (env CREDITSTREAM_PORTAL_LINK_SECRET) is not set: "
              + "it signs the clients' links; use at least "
              + MIN_SECRET_BYTES
              + " random bytes");
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalStateException(
          "creditstream.portal.link-secret is too short ("
              + bytes.length
              + " bytes): use at least "
              + MIN_SECRET_BYTES
              + " random bytes");
    }
    this.key = new SecretKeySpec(bytes, ALGORITHM);
    this.clock = clock;
  }

  /** A credential for this application and client, valid until {@code expiresAt}. */
  public String issue(String applicationId, long clientId, Instant expiresAt) {
    if (applicationId.indexOf('|') >= 0) {
      throw new IllegalArgumentException("application id must not contain '|'");
    }
    String payload = applicationId + "|" + clientId + "|" + expiresAt.getEpochSecond();
    byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(payloadBytes) + "." + B64.encodeToString(mac(payloadBytes));
  }

  /**
   * The link this credential grants, or an exception saying why not (malformed, forged, expired).
   * The signature is checked before anything in the payload is trusted.
   */
  public VerifiedLink verify(String credential) {
    if (credential == null || !SHAPE.matcher(credential).matches()) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.MALFORMED);
    }
    int dot = credential.indexOf('.');
    byte[] payload = B64D.decode(credential.substring(0, dot));
    byte[] signature = B64D.decode(credential.substring(dot + 1));
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.FORGED);
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
    if (parts.length != 3) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.MALFORMED);
    }
    Instant expiresAt;
    long clientId;
    try {
      clientId = Long.parseLong(parts[1]);
      expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.MALFORMED);
    }
    if (!clock.instant().isBefore(expiresAt)) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.EXPIRED);
    }
    return new VerifiedLink(parts[0], clientId, expiresAt);
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
