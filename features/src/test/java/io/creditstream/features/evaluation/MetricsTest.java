package io.creditstream.features.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void aucCountsOrderedPairsOfDefaulterAndGoodClient() {
    // defaulters score 0.35 and 0.8, good clients 0.1 and 0.4:
    // 0.35>0.1 yes, 0.35>0.4 no, 0.8>0.1 yes, 0.8>0.4 yes -> 3 of 4 pairs
    double auc = Metrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
    assertThat(auc).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void aucCountsATieAsHalfAPair() {
    // defaulters 0.5 and 0.9, good clients 0.5 and 0.2: 0.5 + 1 + 1 + 1 = 3.5 of 4 pairs
    double auc = Metrics.rocAuc(new double[] {0.5, 0.5, 0.2, 0.9}, new int[] {1, 0, 0, 1});
    assertThat(auc).isCloseTo(0.875, within(1e-12));
  }

  @Test
  void averagePrecisionWeighsPrecisionByRecallGained() {
    // ranks: 0.9 bad (P=1, R+0.5), 0.8 good, 0.7 bad (P=2/3, R+0.5), 0.6 good
    double ap = Metrics.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.6}, new int[] {1, 0, 1, 0});
    assertThat(ap).isCloseTo(0.5 * 1 + 0.5 * 2.0 / 3, within(1e-12));
  }

  @Test
  void brierIsTheMeanSquaredError() {
    // (0.2 - 0)^2 = 0.04, (0.9 - 1)^2 = 0.01
    assertThat(Metrics.brier(new double[] {0.2, 0.9}, new int[] {0, 1}))
        .isCloseTo(0.025, within(1e-12));
  }

  @Test
  void reliabilityGroupsPredictionsIntoEqualCountBins() {
    double[] p = {0.1, 0.2, 0.3, 0.4};
    int[] y = {0, 1, 0, 1};

    List<Metrics.ReliabilityBin> bins = Metrics.reliability(p, y, 2);

    assertThat(bins).hasSize(2);
    assertThat(bins.get(0).count()).isEqualTo(2);
    assertThat(bins.get(0).meanPredicted()).isCloseTo(0.15, within(1e-12));
    assertThat(bins.get(0).observedRate()).isCloseTo(0.5, within(1e-12));
    assertThat(bins.get(1).meanPredicted()).isCloseTo(0.35, within(1e-12));
  }

  @Test
  void rocCurveRunsFromOriginToTopRight() {
    List<Metrics.RocPoint> curve =
        Metrics.rocCurve(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
    assertThat(curve.get(0).falsePositiveRate()).isZero();
    assertThat(curve.get(1)).isEqualTo(new Metrics.RocPoint(0.8, 0, 0.5));
    assertThat(curve.get(curve.size() - 1).truePositiveRate()).isEqualTo(1.0);
    assertThat(curve.get(curve.size() - 1).falsePositiveRate()).isEqualTo(1.0);
  }

  @Test
  void refusesLabelsWithASingleClass() {
    assertThatThrownBy(() -> Metrics.rocAuc(new double[] {0.1, 0.2}, new int[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both classes");
  }
}
