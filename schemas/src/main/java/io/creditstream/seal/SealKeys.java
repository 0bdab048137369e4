package io.creditstream.seal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 keys of the decision seal: JDK key objects ({@code java.security}: generation, PEM,
 * PKCS#8, X.509), BouncyCastle's RFC 8032 arithmetic for signing and verifying (see {@link
 * Signer}).
 *
 * <p>Keys are PEM files: a PKCS#8 {@code PRIVATE KEY} for the scorer (the one active signing key),
 * X.509 {@code PUBLIC KEY}s for verifiers, each under a key id; a rotation is a new signing key
 * with a new id while verifiers keep the old public keys. A key id defaults to {@link
 * #keyIdOf(PublicKey)}, a fingerprint of the public key.
 */
public final class SealKeys {

  static final String ALGORITHM = "Ed25519";

  private SealKeys() {}

  /**
   * The scorer's signing key and the id written in every seal.
   *
   * <p>Signing runs BouncyCastle's RFC 8032 Ed25519 arithmetic on the key's 32-byte seed (no JCA
   * provider is registered): Ed25519 is deterministic, so the signature is the very one the JDK's
   * {@code Signature("Ed25519")} gives, at a tenth of the CPU (~40 µs instead of ~430 µs a
   * signature on the benchmark machine, where it was 72% of the scorer's stream thread). The seed
   * and the public half are derived once, here.
   */
  public static final class Signer {
    private final String keyId;
    private final PrivateKey privateKey;
    private final byte[] seed;
    private final byte[] rawPublicKey;

    public Signer(String keyId, PrivateKey privateKey) {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(privateKey, "privateKey");
      if (keyId.isBlank()) {
        throw new IllegalArgumentException("a key id must not be blank");
      }
      this.keyId = keyId;
      this.privateKey = privateKey;
      this.seed = seedOf(privateKey);
      this.rawPublicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
      Ed25519.generatePublicKey(seed, 0, rawPublicKey, 0);
    }

    public String keyId() {
      return keyId;
    }

    public PrivateKey privateKey() {
      return privateKey;
    }

    /** An Ed25519 signature of the message (deterministic: same key and message, same bytes). */
    public byte[] sign(byte[] message) {
      byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seed, 0, rawPublicKey, 0, message, 0, message.length, signature, 0);
      return signature;
    }

    /** The public half, for the verifiers' key ring. */
    public PublicKey publicKey() {
      return publicKeyOf(privateKey);
    }

    @Override
    public String toString() {
      return "Signer[keyId=" + keyId + "]"; // never the key
    }
  }

  /**
   * The public keys a verifier accepts, by key id. Immutable. Verification runs BouncyCastle's
   * Ed25519 arithmetic on each key's point, decoded and checked once (see {@link Signer} for why).
   */
  public static final class KeyRing {
    private final Map<String, PublicKey> keys;
    private final Map<String, Ed25519.PublicPoint> points;

    public KeyRing(Map<String, PublicKey> keys) {
      this.keys = Map.copyOf(keys);
      Map<String, Ed25519.PublicPoint> decoded = new HashMap<>();
      this.keys.forEach(
          (id, key) -> {
            Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(rawOf(key), 0);
            if (point != null) {
              decoded.put(id, point); // an invalid point verifies nothing
            }
          });
      this.points = Map.copyOf(decoded);
    }

    public static KeyRing of(Signer signer) {
      return new KeyRing(Map.of(signer.keyId(), signer.publicKey()));
    }

    public boolean isEmpty() {
      return keys.isEmpty();
    }

    public boolean knows(String keyId) {
      return keys.containsKey(keyId);
    }

    public Map<String, PublicKey> keys() {
      return keys;
    }

    /** True only if the key id is known and the signature is its signature of the message. */
    public boolean verify(String keyId, byte[] message, byte[] signature) {
      Ed25519.PublicPoint point = points.get(keyId);
      if (point == null || signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
        return false; // unknown key, or malformed signature bytes: not a signature of this key
      }
      return Ed25519.verify(signature, 0, point, message, 0, message.length);
    }
  }

  /** The 32-byte seed of an Ed25519 private key (RFC 8032's private key). */
  static byte[] seedOf(PrivateKey key) {
    if (!(key instanceof EdECPrivateKey ed)) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
    }
    byte[] seed =
        ed.getBytes().orElseThrow(() -> new IllegalArgumentException("private key not readable"));
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + seed.length + " bytes");
    }
    return seed;
  }

  /** The 32-byte encoded point of an Ed25519 public key (the end of its X.509 encoding). */
  static byte[] rawOf(PublicKey key) {
    byte[] x509 = key.getEncoded();
    if (!ALGORITHM.equalsIgnoreCase(key.getAlgorithm())
        && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    if (x509 == null || x509.length != X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("not an Ed25519 public key encoding");
    }
    for (int i = 0; i < X509_PREFIX.length; i++) {
      if (x509[i] != X509_PREFIX[i]) {
        throw new IllegalArgumentException("not an Ed25519 public key encoding");
      }
    }
    return Arrays.copyOfRange(x509, X509_PREFIX.length, x509.length);
  }

  // SubjectPublicKeyInfo { AlgorithmIdentifier { 1.3.101.112 }, BIT STRING (32 bytes) } (RFC 8410)
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** A fresh key pair (the local system and an explicit dev setting only). */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required of every Java 17 JVM", e);
    }
  }

  /** "ed25519-" and the first 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
  public static String keyIdOf(PublicKey key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "ed25519-" + HexFormat.of().formatHex(d, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The public half of an Ed25519 private key. The JDK has no direct call: the key pair generator
   * is fed the private key's 32 bytes as its "randomness", which is how it derives a pair.
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    if (!(key instanceof EdECPrivateKey ed)) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
    }
    byte[] seed =
        ed.getBytes().orElseThrow(() -> new IllegalArgumentException("private key not readable"));
    SecureRandom fixed =
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
          }
        };
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
      g.initialize(NamedParameterSpec.ED25519, fixed);
      return g.generateKeyPair().getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PrivateKey readPrivateKey(Path pem) throws IOException {
    byte[] der = pemBody(Files.readString(pem, StandardCharsets.US_ASCII), "PRIVATE KEY", pem);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + " does not hold an Ed25519 PKCS#8 private key", e);
    }
  }

  public static PublicKey readPublicKey(Path pem) throws IOException {
    return parsePublicKey(Files.readString(pem, StandardCharsets.US_ASCII), pem.toString());
  }

  /** A public key from PEM text, or from the bare base64 of its X.509 encoding. */
  public static PublicKey parsePublicKey(String text, String where) throws IOException {
    byte[] der =
        text.contains("-----BEGIN")
            ? pemBody(text, "PUBLIC KEY", where)
            : decode(text.strip(), where);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(where + " does not hold an Ed25519 public key", e);
    }
  }

  /** Writes a key as PEM (PKCS#8 for a private key, X.509 for a public one). */
  public static String pem(java.security.Key key) {
    String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Key ids and public keys read from PEM files, in the given order. */
  public static KeyRing readKeyRing(Map<String, Path> files) throws IOException {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      keys.put(e.getKey(), readPublicKey(e.getValue()));
    }
    return new KeyRing(keys);
  }

  private static byte[] pemBody(String text, String type, Object where) throws IOException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IOException(where + " is not a PEM " + type);
    }
    return decode(text.substring(b + begin.length(), e), where);
  }

  private static byte[] decode(String base64, Object where) throws IOException {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IOException(where + " is not valid base64", e);
    }
  }
}
