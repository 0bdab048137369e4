package io.creditstream.benchmarks.report;

import java.util.Arrays;

/**
 * Latency samples in milliseconds (input: {@link #add}); output: nearest-rank percentiles and the
 * maximum. Not thread-safe: one recorder thread per instance.
 */
public final class Latencies {
  private double[] values = new double[1024];
  private int count;

  public void add(double millis) {
    if (Double.isNaN(millis)) {
      throw new IllegalArgumentException("latency sample is NaN");
    }
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = millis;
  }

  /** Adds every sample of this to {@code other}. */
  public void copyTo(Latencies other) {
    for (int i = 0; i < count; i++) {
      other.add(values[i]);
    }
  }

  public int count() {
    return count;
  }

  /**
   * Nearest-rank percentile: the smallest sample with at least {@code p}% of the samples at or
   * below it (p in (0, 100]).
   */
  public double percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    if (count == 0) {
      throw new IllegalStateException("no latency samples recorded");
    }
    double[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, rank - 1)];
  }

  public double max() {
    return percentile(100);
  }

  /** Adds {@code prefix}p50_ms, p95_ms, p99_ms and max_ms to the figures. */
  public void reportTo(Figures figures, String prefix) {
    if (count == 0) {
      figures.put(prefix + "samples", 0);
      return;
    }
    figures.put(prefix + "p50_ms", percentile(50));
    figures.put(prefix + "p95_ms", percentile(95));
    figures.put(prefix + "p99_ms", percentile(99));
    figures.put(prefix + "max_ms", max());
  }
}
