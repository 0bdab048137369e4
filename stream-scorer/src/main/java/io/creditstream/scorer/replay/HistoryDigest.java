package io.creditstream.scorer.replay;

import io.creditstream.features.FeatureSet;
import io.creditstream.records.Decisions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * A 64-bit digest (SHA-256, first 8 bytes) of a client's history features in vector order, each as
 * its raw IEEE-754 bits and a missing value as one NaN: the same digest for the values published on
 * {@code client-features} and for the same values recorded in a decision.
 */
final class HistoryDigest {

  private HistoryDigest() {}

  /** The digest of published values (absent or null = missing). */
  static long of(FeatureSet featureSet, Map<String, Double> values) {
    double[] x = featureSet.historyValues(values);
    return of(x, 0, x.length);
  }

  /**
   * The digest of published values as a compact (float32) decision records them: each rounded to
   * float32 first, so that it equals {@link #of(double[], int, int)} of the recorded values.
   */
  static long ofFloat32(FeatureSet featureSet, Map<String, Double> values) {
    double[] x = featureSet.historyValues(values);
    Decisions.roundToFloat32(x);
    return of(x, 0, x.length);
  }

  /** The digest of {@code x[from, to)}. */
  static long of(double[] x, int from, int to) {
    ByteBuffer buf = ByteBuffer.allocate(8 * (to - from));
    for (int i = from; i < to; i++) {
      buf.putLong(Double.isNaN(x[i]) ? 0x7ff8000000000000L : Double.doubleToRawLongBits(x[i]));
    }
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(buf.array())).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
