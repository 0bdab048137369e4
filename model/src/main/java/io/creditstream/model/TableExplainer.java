package io.creditstream.model;

import io.creditstream.model.QuadratureExplainer.PathState;

/**
 * The {@link Explainer#TABLE} explainer: the margin and the contributions of a row in one pass over
 * the trees, each tree served from its {@link ShapTables} or, when it has none (over the tables'
 * memory limits), by the {@link QuadratureExplainer}'s walk. Input: a row; output: its margin,
 * bit-identical to {@link Forest#margin}, and its contributions (margin space, bias last).
 *
 * <p>Per tree, the attribution (from the table or the walk) is computed in double, rounded to
 * float32 and summed in float32 in tree order, exactly as the quadrature explainer does; the margin
 * is summed alongside from the same leaf, in the same order, as the forest sums it. Immutable; the
 * scratch of a pass is allocated per call, so one instance serves every thread.
 */
final class TableExplainer {
  private final Forest forest;
  private final ShapTables tables;
  private final QuadratureExplainer walk;

  /**
   * Builds the tables at load (nothing lazy on the scoring path) within the given limits, in
   * doubles per tree and per model; trees over them are walked by {@code walk}.
   */
  TableExplainer(Forest forest, QuadratureExplainer walk, long treeLimit, long modelLimit) {
    this.forest = forest;
    this.walk = walk;
    this.tables = new ShapTables(forest.trees(), treeLimit, modelLimit);
  }

  /** The tables (for their sizes: which trees got them, the bytes they take). */
  ShapTables tables() {
    return tables;
  }

  /** The margin of x, and its contributions into {@code out} ({@code numFeatures + 1} values). */
  double marginAndContributions(double[] x, double[] out) {
    int numFeatures = forest.numFeatures();
    Tree[] trees = forest.trees();
    float margin = forest.baseMargin();
    float[] sum = new float[numFeatures + 1];
    int[] keys = new int[2 * numFeatures];
    tables.keys(x, keys);
    double[] local = new double[tables.maxShared()];
    int[] pattern = new int[Math.max(1, tables.maxNodes())];
    double[] phi = null;
    PathState state = null;
    for (int t = 0; t < trees.length; t++) {
      Tree tree = trees[t];
      if (tables.tabled(t)) {
        margin += forest.weight(t) * tables.explain(t, keys, pattern, local, sum, tree.weight);
        continue;
      }
      margin += forest.weight(t) * forest.leafValue(t, x);
      if (tree.left[0] < 0) {
        continue;
      }
      if (state == null) {
        phi = new double[numFeatures];
        state = walk.newState();
      }
      walk.walkTree(tree, x, phi, state, sum);
    }
    forest.finish(sum, out);
    return margin;
  }
}
