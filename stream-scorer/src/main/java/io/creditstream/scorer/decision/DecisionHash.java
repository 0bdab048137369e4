package io.creditstream.scorer.decision;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReviewBand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 */
public final class DecisionHash {

  private static final byte[] TAG = "creditstream.decision.v1".getBytes(StandardCharsets.UTF_8);
  private static final HexFormat HEX = HexFormat.of();

  private DecisionHash() {}

  /** The hash the decision should carry in {@code contentHash} (ignores its current value). */
  public static String compute(Decision d) {
    Encoder e = new Encoder();
    e.bytes(TAG);
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
    e.longValue(d.getApplicationTimestamp().toEpochMilli());
    e.longValue(d.getDecidedAt().toEpochMilli());
    e.string(d.getScorerInstance());
    return HEX.formatHex(e.digest.digest());
  }

  /** True if the decision's {@code contentHash} matches its content. */
  public static boolean verify(Decision d) {
    String carried = d.getContentHash();
    return carried != null
        && MessageDigest.isEqual(
            carried.getBytes(StandardCharsets.US_ASCII),
            compute(d).getBytes(StandardCharsets.US_ASCII));
  }

  private static final class Encoder {
    final MessageDigest digest;
    final byte[] scratch = new byte[8];

    Encoder() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JVM", e);
      }
    }

    void marker(int b) {
      digest.update((byte) b);
    }

    void intValue(int v) {
      for (int i = 0; i < 4; i++) {
        scratch[i] = (byte) (v >>> (24 - 8 * i));
      }
      digest.update(scratch, 0, 4);
    }

    void longValue(long v) {
      for (int i = 0; i < 8; i++) {
        scratch[i] = (byte) (v >>> (56 - 8 * i));
      }
      digest.update(scratch, 0, 8);
    }

    void doubleValue(double v) {
      longValue(Double.doubleToLongBits(v));
    }

    void bytes(byte[] b) {
      intValue(b.length);
      digest.update(b);
    }

    void string(String s) {
      if (s == null) {
        throw new IllegalArgumentException("A required decision field is null");
      }
      marker(1);
      bytes(s.getBytes(StandardCharsets.UTF_8));
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
