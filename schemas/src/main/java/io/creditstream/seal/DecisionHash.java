package io.creditstream.seal;

import io.creditstream.avro.CounterOffer;
import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.PolicyRule;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReviewBand;
import io.creditstream.avro.Seal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The tamper-evidence hash of a {@link Decision}: SHA-256 (lower-case hex) over a canonical
 * encoding of every field but {@code contentHash}.
 *
 * <p>The encoding is written out here field by field instead of reusing Avro's binary form so that
 * the hash does not silently change when the schema gains a field: a new field must be added to
 * this encoding on purpose (and the version tag bumped). Strings are length-prefixed UTF-8, doubles
 * their IEEE-754 bits, nulls an explicit marker, lists count-prefixed and in order.
 *
 * <p>Schema v3 adds the {@code seal}: a sealed decision hashes under the tag {@code
 * creditstream.decision.v3} and its seal's key id, chain, sequence and previous hash are appended
 * after everything else (the signature is not hashed: it signs this hash, see {@link
 * DecisionSeals}). v1 and v2 records (no seal) hash bit for bit as before.
 *
 * <p>The {@code counterOffer} (when set) is appended after the policy rule and before the seal,
 * under marker 4: decisions without one hash bit for bit as before it existed.
 */
public final class DecisionHash {

  private static final byte[] TAG = "creditstream.decision.v1".getBytes(StandardCharsets.UTF_8);
  // Records with schema v2's fields (featureVector, explainer) hash under their own tag; v1 records
  // keep hashing exactly as they always did, so the decisions already on the topic still verify.
  private static final byte[] TAG_V2 = "creditstream.decision.v2".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TAG_V3 = "creditstream.decision.v3".getBytes(StandardCharsets.UTF_8);
  private static final HexFormat HEX = HexFormat.of();
  // One encoder per thread: the canonical form is built in a reused buffer and digested in one
  // call, which is what keeps hashing a 400-feature decision cheap.
  private static final ThreadLocal<Encoder> ENCODER = ThreadLocal.withInitial(Encoder::new);

  private DecisionHash() {}

  /** The hash the decision should carry in {@code contentHash} (ignores its current value). */
  public static String compute(Decision d) {
    return HEX.formatHex(digest(d));
  }

  /** The raw 32 bytes of {@link #compute}. */
  public static byte[] digest(Decision d) {
    Encoder e = ENCODER.get();
    e.reset();
    List<Double> vector = d.getFeatureVector();
    Seal seal = d.getSeal();
    boolean v2 = vector != null || d.getExplainer() != null;
    e.bytes(seal != null ? TAG_V3 : v2 ? TAG_V2 : TAG);
    e.string(d.getApplicationId());
    e.longValue(d.getClientId());
    e.doubleValue(d.getProbabilityOfDefault());
    e.doubleValue(d.getThreshold());
    ReviewBand band = d.getReviewBand();
    if (band == null) {
      e.marker(0);
    } else {
      e.marker(1);
      e.doubleValue(band.getLower());
      e.doubleValue(band.getUpper());
    }
    e.string(d.getOutcome().name());
    List<Reason> reasons = d.getReasons();
    e.intValue(reasons.size());
    for (Reason r : reasons) {
      e.string(r.getFeature());
      e.nullableString(r.getValue());
      e.doubleValue(r.getContribution());
      e.string(r.getText());
    }
    e.string(d.getModelVersion());
    e.string(d.getFeatureSetVersion());
    e.marker(d.getHistoryAvailable() ? 1 : 0);
    List<FeatureValue> values = d.getFeatureValues();
    e.intValue(values.size());
    for (FeatureValue v : values) {
      e.string(v.getName());
      Double x = v.getValue();
      if (x == null) {
        e.marker(0);
      } else {
        e.marker(1);
        e.doubleValue(x);
      }
    }
    if (v2) {
      if (vector == null) {
        e.marker(0);
      } else {
        e.marker(1);
        e.intValue(vector.size());
        for (Double x : vector) {
          // An array item is never null in Avro; NaN (missing) hashes as its canonical bits.
          e.doubleValue(x);
        }
      }
      e.nullableString(d.getExplainer());
    }
    e.longValue(d.getApplicationTimestamp().toEpochMilli());
    e.longValue(d.getDecidedAt().toEpochMilli());
    e.string(d.getScorerInstance());
    // The policy rule, when one decided, is appended last: a decision without one hashes exactly as
    // before the field existed, so every decision already on the topic still verifies.
    PolicyRule rule = d.getPolicy();
    if (rule != null) {
      e.marker(2);
      e.string(rule.getRule());
      e.nullableString(rule.getFeature());
      e.string(rule.getText());
    }
    // The counter-offer likewise: a decision without one (approved, or written before the field
    // existed) hashes exactly as before, so every decision already on the topic still verifies.
    CounterOffer offer = d.getCounterOffer();
    if (offer != null) {
      e.marker(4);
      e.string(offer.getSearch());
      e.nullableDouble(offer.getAmount());
      e.nullableDouble(offer.getAnnuity());
      e.nullableDouble(offer.getGoodsPrice());
      e.nullableDouble(offer.getProbabilityOfDefault());
    }
    if (seal != null) {
      e.marker(3);
      e.string(seal.getKeyId());
      e.intValue(seal.getChain());
      e.longValue(seal.getSequence());
      e.bytes(bytesOf(seal.getPreviousHash()));
    }
    return e.finish();
  }

  /** True if the decision's {@code contentHash} matches its content. */
  public static boolean verify(Decision d) {
    String carried = d.getContentHash();
    return carried != null
        && MessageDigest.isEqual(
            carried.getBytes(StandardCharsets.US_ASCII),
            compute(d).getBytes(StandardCharsets.US_ASCII));
  }

  /** The bytes of an Avro {@code bytes} value, without moving its position. */
  public static byte[] bytesOf(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  private static final class Encoder {
    final MessageDigest digest;
    byte[] buf = new byte[16 * 1024];
    int len;

    Encoder() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JVM", e);
      }
    }

    void reset() {
      len = 0;
    }

    byte[] finish() {
      digest.reset();
      digest.update(buf, 0, len);
      return digest.digest();
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }

    void marker(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    void intValue(int v) {
      ensure(4);
      for (int i = 0; i < 4; i++) {
        buf[len++] = (byte) (v >>> (24 - 8 * i));
      }
    }

    void longValue(long v) {
      ensure(8);
      for (int i = 0; i < 8; i++) {
        buf[len++] = (byte) (v >>> (56 - 8 * i));
      }
    }

    void doubleValue(double v) {
      longValue(Double.doubleToLongBits(v));
    }

    void bytes(byte[] b) {
      intValue(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }

    void string(String s) {
      if (s == null) {
        throw new IllegalArgumentException("A required decision field is null");
      }
      marker(1);
      int n = s.length();
      boolean ascii = true;
      for (int i = 0; i < n && ascii; i++) {
        ascii = s.charAt(i) < 0x80;
      }
      if (!ascii) {
        bytes(s.getBytes(StandardCharsets.UTF_8));
        return;
      }
      // ASCII is its own UTF-8: same bytes as getBytes(UTF_8), without the copy.
      intValue(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[len++] = (byte) s.charAt(i);
      }
    }

    void nullableDouble(Double v) {
      if (v == null) {
        marker(0);
      } else {
        marker(1);
        doubleValue(v);
      }
    }

    void nullableString(String s) {
      if (s == null) {
        marker(0);
      } else {
        string(s);
      }
    }
  }
}
