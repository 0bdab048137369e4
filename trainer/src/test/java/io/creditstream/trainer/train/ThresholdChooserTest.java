package io.creditstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdChooserTest {
  // five applicants, decline when p >= threshold
  private final double[] p = {0.9, 0.6, 0.3, 0.2, 0.1};
  private final int[] y = {1, 0, 1, 0, 0};

  @Test
  void picksTheThresholdWithTheLowestCostWhenDefaultsAreExpensive() {
    // costs (FN x 10 + FP x 1): decline none 20; >=0.9: 10; >=0.6: 11; >=0.3: 1; >=0.2: 2; >=0.1: 3
    ThresholdChooser.Choice c = new ThresholdChooser(10, 1).choose(p, y);

    assertThat(c.threshold()).isEqualTo(0.3);
    assertThat(c.totalCost()).isEqualTo(1.0);
    assertThat(c.costPerApplicant()).isCloseTo(0.2, within(1e-12));
    assertThat(c.truePositives()).isEqualTo(2);
    assertThat(c.falsePositives()).isEqualTo(1);
    assertThat(c.trueNegatives()).isEqualTo(2);
    assertThat(c.falseNegatives()).isZero();
  }

  @Test
  void picksAHigherThresholdWhenRefusalsAreExpensive() {
    // costs (FN x 1 + FP x 10): none 2; >=0.9: 1; >=0.6: 11; >=0.3: 10; >=0.2: 20; >=0.1: 30
    ThresholdChooser.Choice c = new ThresholdChooser(1, 10).choose(p, y);

    assertThat(c.threshold()).isEqualTo(0.9);
    assertThat(c.totalCost()).isEqualTo(1.0);
  }

  @Test
  void acceptsEveryoneWhenNoDeclineIsWorthIt() {
    // a good client scores 0.9, a defaulter 0.5; FN x 1 + FP x 100:
    // decline none 1; >=0.9: 1 + 100; >=0.5: 100
    ThresholdChooser.Choice c =
        new ThresholdChooser(1, 100).choose(new double[] {0.9, 0.5}, new int[] {0, 1});

    assertThat(c.truePositives() + c.falsePositives()).isZero();
    assertThat(c.threshold()).isGreaterThan(0.9).isLessThan(1.0);
    assertThat(c.totalCost()).isEqualTo(1.0);
  }

  @Test
  void costsAcceptingOrRefusingEveryone() {
    ThresholdChooser chooser = new ThresholdChooser(10, 1);
    assertThat(chooser.acceptAllCost(y)).isCloseTo(4.0, within(1e-12)); // 2 defaulters x 10 / 5
    assertThat(chooser.refuseAllCost(y)).isCloseTo(0.6, within(1e-12)); // 3 good x 1 / 5
  }
}
