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
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Ed25519 keys of the decision seal, from the JDK ({@code java.security}, no provider to add).
 *
 * <p>Keys are PEM files: a PKCS#8 {@code PRIVATE KEY} for the scorer (the one active signing key),
 * X.509 {@code PUBLIC KEY}s for verifiers, each under a key id; a rotation is a new signing key
 * with a new id while verifiers keep the old public keys. A key id defaults to {@link
 * #keyIdOf(PublicKey)}, a fingerprint of the public key.
 */
public final class SealKeys {

  static final String ALGORITHM = "Ed25519";

  private SealKeys() {}

  /** The scorer's signing key and the id written in every seal. */
  public record Signer(String keyId, PrivateKey privateKey) {
    public Signer {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(privateKey, "privateKey");
      if (keyId.isBlank()) {
        throw new IllegalArgumentException("a key id must not be blank");
      }
    }

    /** An Ed25519 signature of the message (deterministic: same key and message, same bytes). */
    public byte[] sign(byte[] message) {
      try {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(privateKey);
        s.update(message);
        return s.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot sign with key " + keyId, e);
      }
    }

    /** The public half, for the verifiers' key ring. */
    public PublicKey publicKey() {
      return publicKeyOf(privateKey);
    }
  }

  /** The public keys a verifier accepts, by key id. Immutable. */
  public static final class KeyRing {
    private final Map<String, PublicKey> keys;

    public KeyRing(Map<String, PublicKey> keys) {
      this.keys = Map.copyOf(keys);
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
      PublicKey key = keys.get(keyId);
      if (key == null) {
        return false;
      }
      try {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initVerify(key);
        s.update(message);
        return s.verify(signature);
      } catch (java.security.SignatureException e) {
        return false; // malformed signature bytes: not a signature of this key
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot verify with key " + keyId, e);
      }
    }
  }

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
