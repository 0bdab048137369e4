package io.creditstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StratifiedFoldsTest {
  @Test
  void spreadsDefaultersEvenlyAndRepeatsForTheSameSeed() {
    int[] labels = new int[100];
    for (int i = 0; i < 10; i++) {
      labels[i * 7] = 1; // 10 defaulters among 100
    }

    int[] folds = StratifiedFolds.assign(labels, 5, 7);

    for (int k = 0; k < 5; k++) {
      int[] rows = StratifiedFolds.rows(folds, k, true);
      long bad = java.util.Arrays.stream(rows).filter(i -> labels[i] == 1).count();
      assertThat(rows).hasSize(20);
      assertThat(bad).isEqualTo(2);
    }
    assertThat(StratifiedFolds.assign(labels, 5, 7)).isEqualTo(folds);
    assertThat(StratifiedFolds.assign(labels, 5, 8)).isNotEqualTo(folds);
  }
}
