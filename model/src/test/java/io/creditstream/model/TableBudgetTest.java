package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link TableBudget}: a tree's table size from its shape, and which trees get tables within the
 * per-tree and per-model limits (smallest first, ties in tree order).
 */
class TableBudgetTest {
  @Test
  void aFullTreeTakesBlocksTimesRowsTimesWidthDoubles() {
    // a full depth-4 tree, a feature per node: 4 blocks x 2^(2 + 3) rows x (2 + 3) doubles
    TableBudget budget =
        new TableBudget(new Tree[] {fullTree(4), fullTree(1), fullTree(0)}, 1L << 17, 1L << 23);
    assertThat(budget.sizes).containsExactly(4 * 32 * 5, 2 * 1, 0);
    assertThat(budget.tabled).containsExactly(true, true, true);
    assertThat(budget.heights[0][0]).isEqualTo(4);
  }

  @Test
  void treesOverEitherLimitWalk() {
    Tree[] trees = {fullTree(4), fullTree(1), fullTree(1), fullTree(3)};
    // per tree: only the stumps (2 doubles each) and the depth-3 tree (2 x 16 x 4 = 128) fit 200
    assertThat(new TableBudget(trees, 200, 1L << 23).tabled)
        .containsExactly(false, true, true, true);
    // per model: 2 doubles in all, the first of the two equal stumps
    assertThat(new TableBudget(trees, 1L << 17, 2).tabled)
        .containsExactly(false, true, false, false);
    // per model: 132 doubles, smallest first: both stumps, then the depth-3 tree
    assertThat(new TableBudget(trees, 1L << 17, 132).tabled)
        .containsExactly(false, true, true, true);
  }

  /** A full tree of the given depth, nodes breadth-first, each internal node its own feature. */
  static Tree fullTree(int depth) {
    int n = (1 << (depth + 1)) - 1;
    int internal = (1 << depth) - 1;
    int[] left = new int[n];
    int[] right = new int[n];
    int[] feature = new int[n];
    float[] split = new float[n];
    boolean[] defaultLeft = new boolean[n];
    double[] cover = new double[n];
    for (int i = 0; i < n; i++) {
      boolean inner = i < internal;
      left[i] = inner ? 2 * i + 1 : -1;
      right[i] = inner ? 2 * i + 2 : -1;
      feature[i] = inner ? i : 0;
      split[i] = inner ? 0.5f : i;
      int level = 31 - Integer.numberOfLeadingZeros(i + 1);
      cover[i] = 1 << (depth - level);
    }
    return new Tree(left, right, feature, split, defaultLeft, cover, depth, 1f);
  }
}
