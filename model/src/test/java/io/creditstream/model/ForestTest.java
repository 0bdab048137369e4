package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Forest}: which leaf a row reaches (XGBoost's float32 rule, missing values the default
 * way), the margin summed in float32 in tree order with tree weights, and the bias.
 */
class ForestTest {
  // a stump on feature 0 at 0.3f (missing goes left) and a single leaf weighted 0.5
  private static final Tree STUMP =
      new Tree(
          new int[] {1, -1, -1},
          new int[] {2, -1, -1},
          new int[] {0, 0, 0},
          new float[] {0.3f, -1f, 2f},
          new boolean[] {true, false, false},
          new double[] {2, 1, 1},
          1,
          1f);
  private static final Tree LEAF =
      new Tree(
          new int[] {-1},
          new int[] {-1},
          new int[] {0},
          new float[] {0.5f},
          new boolean[] {false},
          new double[] {1},
          0,
          0.5f);
  private static final Forest FOREST = new Forest(2, 0.1f, new Tree[] {STUMP, LEAF});

  @Test
  void valuesAreComparedAsFloat32AndMissingValuesGoTheDefaultWay() {
    // 0.3 as a double is below 0.3f, but rounds to it: not strictly below, so right
    assertThat(FOREST.leafValue(0, new double[] {0.3, 0})).isEqualTo(2f);
    assertThat(FOREST.leafValue(0, new double[] {Math.nextDown(0.3f), 0})).isEqualTo(-1f);
    assertThat(FOREST.leafValue(0, new double[] {Double.NaN, 0})).isEqualTo(-1f);
    assertThat(FOREST.leafValue(1, new double[] {0.3, 0})).isEqualTo(0.5f);
  }

  @Test
  void theMarginIsAFloat32SumInTreeOrderWithTreeWeights() {
    float expected = 0.1f;
    expected += 1f * 2f;
    expected += 0.5f * 0.5f;
    assertThat(FOREST.margin(new double[] {0.3, Double.NaN})).isEqualTo(expected);
  }

  @Test
  void theBiasIsTheFloat32OfTheWeightedTreeMeansPlusTheBaseMargin() {
    // tree means: (-1 + 2) / 2 = 0.5 (weight 1) and 0.5 (weight 0.5)
    float bias = (float) (0.5 + 0.25);
    bias += 0.1f;
    assertThat(FOREST.expectedMargin()).isEqualTo(bias);
    double[] out = new double[3];
    FOREST.finish(new float[] {1.5f, 0f, 99f}, out);
    assertThat(out).containsExactly(1.5, 0, bias);
    assertThat(FOREST.splitsOn(0)).isTrue();
    assertThat(FOREST.splitsOn(1)).isFalse();
    assertThat(FOREST.maxDepth()).isEqualTo(1);
  }
}
