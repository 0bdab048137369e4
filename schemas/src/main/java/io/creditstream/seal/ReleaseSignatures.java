package io.creditstream.seal;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.ModelRelease;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Signs model releases and activations, and published client histories, and checks them: what lets
 * a scorer tell a model or a history the team published from one that anybody with write access to
 * {@code model-releases} or {@code client-features} put there.
 *
 * <p>The signature is Ed25519, by a <em>release key</em> (held by whoever releases models: the
 * training pipeline; not the scorer's seal key), over {@link #message(ModelRelease)}: {@link
 * #DOMAIN}, then each field below as a 4-byte big-endian length and its bytes, in this order: the
 * kind's name, the version, the format, the SHA-256 of the model bytes, the SHA-256 of the model
 * card's UTF-8 bytes, the feature-set version, the release time (8 bytes, epoch milliseconds, no
 * length), who released it ({@code ""} when null) and the signing key id. So a signature covers
 * every field a scorer acts on, and an activation's signature cannot pass as a model's.
 */
public final class ReleaseSignatures {

  static final byte[] DOMAIN = "creditstream.release.v1\0".getBytes(StandardCharsets.US_ASCII);

  private ReleaseSignatures() {}

  /** What checking a release's signature found. */
  public enum Check {
    /** Signed by a key the verifier holds, and the signature covers this very content. */
    VALID,
    /** No signature. */
    UNSIGNED,
    /** Signed under a key id the verifier does not hold. */
    UNKNOWN_KEY,
    /** The signature is not the key's signature of this content: forged or altered. */
    BAD_SIGNATURE;

    /** How a refusal or a report says it, for a record signed under {@code keyId}. */
    public String describe(String keyId) {
      return switch (this) {
        case VALID -> "signed by release key " + keyId;
        case UNSIGNED -> "not signed";
        case UNKNOWN_KEY -> "signed by unknown release key '" + keyId + "'";
        case BAD_SIGNATURE ->
            "its signature is not release key "
                + keyId
                + "'s signature of its content (forged or altered)";
      };
    }
  }

  /** A copy of the release signed by {@code signer} (key id, then signature). */
  public static ModelRelease sign(ModelRelease release, SealKeys.Signer signer) {
    ModelRelease signed = ModelRelease.newBuilder(release).build();
    signed.setSigningKeyId(signer.keyId());
    signed.setSignature(ByteBuffer.wrap(signer.sign(message(signed))));
    return signed;
  }

  /** Checks the release's signature against the verifier's release keys. */
  public static Check check(ModelRelease release, SealKeys.KeyRing releaseKeys) {
    return check(release.getSigningKeyId(), release.getSignature(), releaseKeys, message(release));
  }

  static final byte[] FEATURES_DOMAIN =
      "creditstream.features.v1\0".getBytes(StandardCharsets.US_ASCII);

  /** A copy of the client's history signed by {@code signer} (key id, then signature). */
  public static ClientFeatures sign(ClientFeatures features, SealKeys.Signer signer) {
    ClientFeatures signed = ClientFeatures.newBuilder(features).build();
    signed.setSigningKeyId(signer.keyId());
    signed.setSignature(ByteBuffer.wrap(signer.sign(message(signed))));
    return signed;
  }

  /** Checks a client history's signature against the verifier's release keys. */
  public static Check check(ClientFeatures features, SealKeys.KeyRing releaseKeys) {
    return check(
        features.getSigningKeyId(), features.getSignature(), releaseKeys, message(features));
  }

  /**
   * The bytes a client history's signature covers: {@link #FEATURES_DOMAIN}, the client id and
   * {@code asOf} (8 bytes each, big-endian; {@code asOf} in epoch milliseconds), the feature-set
   * version, the number of sources (4 bytes) and each source, the number of values (4 bytes) and,
   * in the order of their names' UTF-8 bytes, each name, then 0 for a null value or 1 and the
   * value's 64 bits ({@link Double#doubleToRawLongBits}), then the signing key id. Strings are
   * length-prefixed as in {@link #message(ModelRelease)}. The map's order on the wire does not
   * matter.
   */
  public static byte[] message(ClientFeatures f) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * f.getValues().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(FEATURES_DOMAIN);
      out.writeLong(f.getClientId());
      out.writeLong(f.getAsOf().toEpochMilli());
      field(out, f.getFeatureSetVersion());
      out.writeInt(f.getSources().size());
      for (CharSequence source : f.getSources()) {
        field(out, source.toString());
      }
      java.util.TreeMap<String, Double> sorted = new java.util.TreeMap<>(BY_UTF8);
      f.getValues().forEach((k, v) -> sorted.put(k.toString(), v));
      out.writeInt(sorted.size());
      for (Map.Entry<String, Double> e : sorted.entrySet()) {
        field(out, e.getKey());
        if (e.getValue() == null) {
          out.writeByte(0);
        } else {
          out.writeByte(1);
          out.writeLong(Double.doubleToRawLongBits(e.getValue()));
        }
      }
      field(out, f.getSigningKeyId() == null ? "" : f.getSigningKeyId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static final java.util.Comparator<String> BY_UTF8 =
      (a, b) ->
          java.util.Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private static Check check(
      String keyId, ByteBuffer signature, SealKeys.KeyRing releaseKeys, byte[] message) {
    if (signature == null || keyId == null) {
      return Check.UNSIGNED;
    }
    if (!releaseKeys.knows(keyId)) {
      return Check.UNKNOWN_KEY;
    }
    return releaseKeys.verify(keyId, message, bytes(signature)) ? Check.VALID : Check.BAD_SIGNATURE;
  }

  /** The bytes a release's signature covers (see the class comment). */
  public static byte[] message(ModelRelease r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(DOMAIN);
      field(out, r.getKind().name());
      field(out, r.getVersion());
      field(out, r.getFormat());
      field(out, sha256(bytes(r.getModelBytes())));
      field(out, sha256(r.getModelCard().getBytes(StandardCharsets.UTF_8)));
      field(out, r.getFeatureSetVersion());
      out.writeLong(r.getReleasedAt().toEpochMilli());
      field(out, r.getReleasedBy() == null ? "" : r.getReleasedBy());
      field(out, r.getSigningKeyId() == null ? "" : r.getSigningKeyId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void field(DataOutputStream out, String value) throws IOException {
    field(out, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void field(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    return buffer == null ? new byte[0] : DecisionHash.bytesOf(buffer);
  }
}
