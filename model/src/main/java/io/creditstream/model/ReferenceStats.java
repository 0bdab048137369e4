package io.creditstream.model;

import io.creditstream.model.ModelCard.FeatureReference;
import java.util.Arrays;

/**
 * Reference histograms and the population stability index (PSI).
 *
 * <p>The trainer builds a {@link FeatureReference} per feature from the training rows ({@link
 * #reference(double[], boolean[], int)}); the scorer counts live values over the same edges ({@link
 * #binOf}) and compares with {@link #psi(FeatureReference, long[], long)}. Missing values form
 * their own bin in the comparison, since a source that stops sending a field is drift too.
 */
public final class ReferenceStats {
  /**
   * Pseudo-count added to every bin on both sides, so empty bins give a finite PSI; small enough
   * not to matter once a bin holds a few dozen rows.
   */
  static final double PSEUDO_COUNT = 0.5;

  private ReferenceStats() {}

  /** The bin of {@code value}: the number of edges {@code <= value}. NaN has no bin (-1). */
  public static int binOf(double[] edges, double value) {
    if (Double.isNaN(value)) {
      return -1;
    }
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Builds a reference from training values: up to {@code maxBins} quantile bins (fewer when the
   * feature has few distinct values), counts split by label, missing values apart.
   *
   * @param values one feature's training values, NaN = missing
   * @param bad per row, whether the client defaulted
   */
  public static FeatureReference reference(double[] values, boolean[] bad, int maxBins) {
    if (values.length != bad.length) {
      throw new IllegalArgumentException(values.length + " values but " + bad.length + " labels");
    }
    if (maxBins < 1) {
      throw new IllegalArgumentException("maxBins must be at least 1, was " + maxBins);
    }
    double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    double[] edges = new double[0];
    if (present.length > 0) {
      double[] candidates = new double[maxBins - 1];
      int n = 0;
      for (int q = 1; q < maxBins; q++) {
        double edge = present[(int) ((long) q * present.length / maxBins)];
        // An edge equal to the minimum would leave bin 0 empty; repeated edges would leave empty
        // bins.
        if (edge > present[0] && (n == 0 || edge > candidates[n - 1])) {
          candidates[n++] = edge;
        }
      }
      edges = Arrays.copyOf(candidates, n);
    }
    long[] good = new long[edges.length + 1];
    long[] badCounts = new long[edges.length + 1];
    long missingGood = 0;
    long missingBad = 0;
    for (int i = 0; i < values.length; i++) {
      int bin = binOf(edges, values[i]);
      if (bin < 0) {
        if (bad[i]) {
          missingBad++;
        } else {
          missingGood++;
        }
      } else if (bad[i]) {
        badCounts[bin]++;
      } else {
        good[bin]++;
      }
    }
    return new FeatureReference(
        edges,
        good,
        badCounts,
        missingGood,
        missingBad,
        present.length == 0 ? null : present[0],
        present.length == 0 ? null : present[present.length - 1]);
  }

  /**
   * PSI between the reference (good + bad) and live counts over the same bins: sum over bins, the
   * missing bin included, of {@code (live% - ref%) * ln(live% / ref%)}, with {@link #PSEUDO_COUNT}
   * added to every bin. Returns NaN when no live value has been seen yet.
   *
   * @param liveCounts one count per bin of the reference ({@code edges.length + 1})
   */
  public static double psi(FeatureReference reference, long[] liveCounts, long liveMissing) {
    int bins = reference.bins();
    if (liveCounts.length != bins) {
      throw new IllegalArgumentException(
          "live histogram has " + liveCounts.length + " bins, the reference " + bins);
    }
    double[] ref = new double[bins + 1];
    double[] live = new double[bins + 1];
    for (int i = 0; i < bins; i++) {
      ref[i] = reference.goodCounts()[i] + reference.badCounts()[i];
      live[i] = liveCounts[i];
    }
    ref[bins] = reference.missingGood() + reference.missingBad();
    live[bins] = liveMissing;
    double refTotal = 0;
    double liveTotal = 0;
    for (int i = 0; i <= bins; i++) {
      refTotal += ref[i];
      liveTotal += live[i];
    }
    if (liveTotal == 0) {
      return Double.NaN;
    }
    double smoothing = PSEUDO_COUNT * (bins + 1);
    double psi = 0;
    for (int i = 0; i <= bins; i++) {
      double p = (ref[i] + PSEUDO_COUNT) / (refTotal + smoothing);
      double q = (live[i] + PSEUDO_COUNT) / (liveTotal + smoothing);
      psi += (q - p) * Math.log(q / p);
    }
    return psi;
  }

  /** Why a reference cannot be used, or null when it is consistent. */
  static String problem(FeatureReference r) {
    if (r.edges() == null || r.goodCounts() == null || r.badCounts() == null) {
      return "edges or counts are missing";
    }
    for (int i = 0; i < r.edges().length; i++) {
      if (!Double.isFinite(r.edges()[i]) || (i > 0 && !(r.edges()[i] > r.edges()[i - 1]))) {
        return "edges are not finite and strictly ascending";
      }
    }
    if (r.goodCounts().length != r.bins() || r.badCounts().length != r.bins()) {
      return "counts must have edges.length + 1 = " + r.bins() + " entries";
    }
    if (r.missingGood() < 0
        || r.missingBad() < 0
        || Arrays.stream(r.goodCounts()).anyMatch(c -> c < 0)
        || Arrays.stream(r.badCounts()).anyMatch(c -> c < 0)) {
      return "negative counts";
    }
    return null;
  }
}
