package io.creditstream.datagen.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingTest {

  @Test
  void geometricCountsHaveTheRequestedMean() {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 200_000;
    long sum = 0;
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int k = Sampling.geometric(rng, 4.6);
      sum += k;
      min = Math.min(min, k);
    }
    // Counts on {0, 1, ...}: the bureau's 1 + geometric(4.6) gives Kaggle's 5.6 credits a client.
    assertThat(min).isZero();
    assertThat(sum / (double) n).isCloseTo(4.6, within(0.05));
  }

  @Test
  void aGeometricCountWithMeanZeroIsAlwaysZero() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < 1000; i++) {
      assertThat(Sampling.geometric(rng, 0)).isZero();
    }
  }
}
