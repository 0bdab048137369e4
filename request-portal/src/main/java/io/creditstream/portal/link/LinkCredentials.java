package io.creditstream.portal.link;

import io.creditstream.portal.config.PortalProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies client credentials. Input: application id, client id, expiry; output: {@code
 * keyId "." base64url(payload) "." base64url(HMAC-SHA256(secret, keyId "." base64url(payload)))}
 * where payload is {@code applicationId "|" clientId "|" expiryEpochSeconds}.
 *
 * <p>The credential is self-contained, so any portal instance behind a load balancer verifies it
 * without shared state; the price is that it cannot be revoked before it expires except by rotating
 * the secret. The key id (8 characters derived from the secret, which it does not reveal) names the
 * secret that signed it: links are issued with {@code link-secret} and verified with it or with any
 * of {@code link-previous-secrets}, so a rotation keeps the links already sent working until they
 * expire. Each credential has exactly one valid spelling: base64url without padding, and unused
 * trailing bits must be zero (a decoder alone would accept four spellings of the last character).
 */
@Component
public final class LinkCredentials {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_SECRET_BYTES = 32;
  private static final int KEY_ID_CHARS = 8;
  private static final Pattern SHAPE =
      Pattern.compile("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{1,400}\\.[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Key current;
  private final Map<String, Key> keys;
  private final Clock clock;

  public LinkCredentials(PortalProperties properties, Clock clock) {
    this.current =
        key(
            properties.linkSecret(),
            "creditstream.portal.link-secret",
            "CREDITSTREAM_PORTAL_LINK_SECRET");
    Map<String, Key> all = new HashMap<>();
    all.put(current.id(), current);
    List<String> previous = properties.linkPreviousSecrets();
    for (int i = 0; i < previous.size(); i++) {
      Key k =
          key(
              previous.get(i),
              "creditstream.portal.link-previous-secrets[" + i + "]",
              "CREDITSTREAM_PORTAL_LINKPREVIOUSSECRETS_" + i);
      all.putIfAbsent(k.id(), k);
    }
    this.keys = Map.copyOf(all);
    this.clock = clock;
  }

  private record Key(String id, SecretKeySpec spec) {}

  private static Key key(String secret, String property, String env) {
    // The message names the property, never its value: start-up failures are logged.
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException(
          property
              + " (env "
              + env
              + ") is not set: "
              + "it signs the clients' links; use at least "
              + MIN_SECRET_BYTES
              + " random bytes");
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalStateException(
          property
              + " is too short ("
              + bytes.length
              + " bytes): use at least "
              + MIN_SECRET_BYTES
              + " random bytes");
    }
    SecretKeySpec spec = new SecretKeySpec(bytes, ALGORITHM);
    String id =
        B64.encodeToString(mac(spec, "creditstream link key id".getBytes(StandardCharsets.UTF_8)))
            .substring(0, KEY_ID_CHARS);
    return new Key(id, spec);
  }

  /** The id of the key links are issued with now. */
  public String currentKeyId() {
    return current.id();
  }

  /** A credential for this application and client, valid until {@code expiresAt}. */
  public String issue(String applicationId, long clientId, Instant expiresAt) {
    if (applicationId.indexOf('|') >= 0) {
      throw new IllegalArgumentException("application id must not contain '|'");
    }
    String payload = applicationId + "|" + clientId + "|" + expiresAt.getEpochSecond();
    String signed =
        current.id() + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return signed
        + "."
        + B64.encodeToString(mac(current.spec(), signed.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * The link this credential grants, or an exception saying why not (malformed, forged, expired).
   * The signature is checked before anything in the payload is trusted.
   */
  public VerifiedLink verify(String credential) {
    if (credential == null || !SHAPE.matcher(credential).matches()) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.MALFORMED);
    }
    int last = credential.lastIndexOf('.');
    String signed = credential.substring(0, last);
    String keyId = credential.substring(0, KEY_ID_CHARS);
    byte[] payload = canonical(signed.substring(KEY_ID_CHARS + 1));
    byte[] signature = canonical(credential.substring(last + 1));
    Key key = keys.get(keyId);
    if (key == null) {
      // Unknown or retired key: as good as forged.
      throw new InvalidCredentialException(InvalidCredentialException.Kind.FORGED);
    }
    if (!MessageDigest.isEqual(
        mac(key.spec(), signed.getBytes(StandardCharsets.US_ASCII)), signature)) {
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

  /**
   * The tag a portal writes beside the {@code creditstream-front-office} header of an application
   * it publishes: {@code keyId "." base64url(HMAC-SHA256(secret, "creditstream front office" NUL
   * frontOffice NUL applicationId NUL fingerprint))}, with the same secrets as the links. Any
   * portal instance can then tell an application that a portal published for this front office from
   * one whose producer merely wrote the header: the tag binds the name to this application id and
   * this content, so it cannot be copied onto another application either.
   */
  public String frontOfficeTag(String frontOffice, String applicationId, String fingerprint) {
    return current.id()
        + "."
        + B64.encodeToString(
            mac(current.spec(), frontOfficeMessage(frontOffice, applicationId, fingerprint)));
  }

  /**
   * True when {@code tag} is {@link #frontOfficeTag} of these, by the current or a previous key.
   */
  public boolean frontOfficeTagVerifies(
      String tag, String frontOffice, String applicationId, String fingerprint) {
    if (tag == null
        || tag.length() != KEY_ID_CHARS + 1 + 43
        || tag.charAt(KEY_ID_CHARS) != '.'
        || frontOffice == null
        || applicationId == null
        || fingerprint == null) {
      return false;
    }
    Key key = keys.get(tag.substring(0, KEY_ID_CHARS));
    if (key == null) {
      return false;
    }
    byte[] given;
    try {
      given = canonical(tag.substring(KEY_ID_CHARS + 1));
    } catch (InvalidCredentialException malformed) {
      return false;
    }
    return MessageDigest.isEqual(
        mac(key.spec(), frontOfficeMessage(frontOffice, applicationId, fingerprint)), given);
  }

  private static byte[] frontOfficeMessage(
      String frontOffice, String applicationId, String fingerprint) {
    // Front-office names cannot hold NUL (PortalProperties.FrontOffice) and the fingerprint is
    // fixed-length hex: the fields cannot be shifted into one another.
    return ("creditstream front office\u0000"
            + frontOffice
            + "\u0000"
            + applicationId
            + "\u0000"
            + fingerprint)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes base64url and insists that it was written the one way this class writes it. */
  private static byte[] canonical(String text) {
    byte[] bytes;
    try {
      bytes = B64D.decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.MALFORMED);
    }
    if (!B64.encodeToString(bytes).equals(text)) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.MALFORMED);
    }
    return bytes;
  }

  private static byte[] mac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
