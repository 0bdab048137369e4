package io.creditstream.model;

import io.creditstream.model.ModelCard.FeatureReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts live values of one feature over a reference's bin edges; safe to add to from many threads
 * (stream threads). Input: feature values (NaN = missing); output: {@link Snapshot}s for {@link
 * ReferenceStats#psi(FeatureReference, LiveHistogram)}.
 */
public final class LiveHistogram {
  private final double[] edges;
  private final AtomicLongArray counts;
  private final AtomicLong missing = new AtomicLong();

  public LiveHistogram(double[] edges) {
    this.edges = edges.clone();
    this.counts = new AtomicLongArray(edges.length + 1);
  }

  /** An empty histogram over the reference's edges. */
  public static LiveHistogram over(FeatureReference reference) {
    return new LiveHistogram(reference.edges());
  }

  public void add(double value) {
    int bin = ReferenceStats.binOf(edges, value);
    if (bin < 0) {
      missing.incrementAndGet();
    } else {
      counts.incrementAndGet(bin);
    }
  }

  /**
   * The counts so far (each bin read atomically; adds racing with the read may or may not show).
   */
  public Snapshot snapshot() {
    long[] out = new long[counts.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts.get(i);
    }
    return new Snapshot(out, missing.get());
  }

  /** Total values seen, missing included. */
  public long total() {
    Snapshot s = snapshot();
    long total = s.missing();
    for (long c : s.counts()) {
      total += c;
    }
    return total;
  }

  /** Counts per bin and of missing values at one moment. */
  public record Snapshot(long[] counts, long missing) {}
}
