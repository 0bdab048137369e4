package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.model.ModelCard.FeatureReference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceStatsTest {

  private static double[] gaussian(long seed, int n, double mean, double missingRate) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextDouble() < missingRate ? Double.NaN : mean + random.nextGaussian();
    }
    return out;
  }

  private static FeatureReference reference(double[] values) {
    boolean[] bad = new boolean[values.length];
    for (int i = 0; i < bad.length; i += 12) {
      bad[i] = true;
    }
    return ReferenceStats.reference(values, bad, 10);
  }

  private static double psiOf(FeatureReference reference, double[] live) {
    long[] counts = new long[reference.edges().length + 1];
    long missing = 0;
    for (double v : live) {
      int bin = ReferenceStats.binOf(reference.edges(), v);
      if (bin < 0) {
        missing++;
      } else {
        counts[bin]++;
      }
    }
    return ReferenceStats.psi(reference, counts, missing);
  }

  @Test
  void buildsQuantileBinsSplitByLabelWithMissingApart() {
    // given 10,000 values, 5% missing, every 12th row a default
    double[] values = gaussian(1, 10_000, 0, 0.05);
    FeatureReference ref = reference(values);

    // then there are 10 bins of roughly equal size and every row is counted once
    assertThat(ref.edges()).hasSize(9).isSorted();
    long total = ref.missingGood() + ref.missingBad();
    for (int i = 0; i < ref.bins(); i++) {
      long inBin = ref.goodCounts()[i] + ref.badCounts()[i];
      assertThat(inBin).isBetween(900L, 1000L);
      total += inBin;
    }
    assertThat(total).isEqualTo(10_000);
    assertThat(ref.missingGood() + ref.missingBad()).isBetween(400L, 600L);
  }

  @Test
  void fewDistinctValuesGiveFewerBins() {
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 3;
    }

    FeatureReference ref = ReferenceStats.reference(values, new boolean[1000], 10);

    assertThat(ref.edges()).containsExactly(1.0, 2.0);
    assertThat(ref.goodCounts()).containsExactly(334, 333, 333);
  }

  @Test
  void binsAValueEqualToAnEdgeAboveIt() {
    double[] edges = {1.0, 2.0};

    assertThat(ReferenceStats.binOf(edges, 0.5)).isZero();
    assertThat(ReferenceStats.binOf(edges, 1.0)).isEqualTo(1);
    assertThat(ReferenceStats.binOf(edges, 2.5)).isEqualTo(2);
    assertThat(ReferenceStats.binOf(edges, Double.NaN)).isEqualTo(-1);
  }

  @Test
  void psiIsNearZeroForTheSameDistribution() {
    FeatureReference ref = reference(gaussian(1, 20_000, 0, 0.05));

    assertThat(psiOf(ref, gaussian(2, 5_000, 0, 0.05))).isLessThan(0.02);
  }

  @Test
  void psiIsLargeForAShiftedDistribution() {
    FeatureReference ref = reference(gaussian(1, 20_000, 0, 0.05));

    assertThat(psiOf(ref, gaussian(3, 5_000, 1.0, 0.05))).isGreaterThan(0.25);
  }

  @Test
  void psiSeesMissingValuesAppearing() {
    FeatureReference ref = reference(gaussian(1, 20_000, 0, 0.01));

    assertThat(psiOf(ref, gaussian(4, 5_000, 0, 0.40))).isGreaterThan(0.25);
  }

  @Test
  void psiIsNaNBeforeAnyLiveValue() {
    FeatureReference ref = reference(gaussian(1, 1_000, 0, 0));

    assertThat(ReferenceStats.psi(ref, new long[ref.edges().length + 1], 0)).isNaN();
  }
}
