package io.creditstream.model;

/**
 * The trees of a model, immutable, and the margin: the one place that decides which leaf a row
 * reaches. Input: the base margin and the trees in model order; output: the margin of a row, the
 * leaf it reaches in each tree, and the bias both explainers end their contributions with.
 *
 * <p>The margin reproduces XGBoost's own arithmetic: feature values are rounded to float32 before
 * the {@code value < split_condition} test (that is what a float {@code DMatrix} holds), and the
 * margin is accumulated in float32, tree by tree in model order, from the base margin, as XGBoost's
 * CPU predictor does. The explainers sum their per-tree values the same way and in the same order,
 * which is why this arithmetic lives here once and not in each of them.
 */
final class Forest {
  private final int numFeatures;
  private final float baseMargin;
  private final Tree[] trees;
  private final double sumOfTreeMeans;
  private final double bias;
  private final int maxDepth;
  // The margin walks flat copies of all trees (children as global indices): fewer indirections.
  private final int[] roots;
  private final int[] flatLeft;
  private final int[] flatRight;
  private final int[] flatFeature;
  private final float[] flatValue;
  private final boolean[] flatDefaultLeft;
  private final float[] weights;

  Forest(int numFeatures, float baseMargin, Tree[] trees) {
    this.numFeatures = numFeatures;
    this.baseMargin = baseMargin;
    this.trees = trees;
    double means = 0;
    int maxDepth = 0;
    for (Tree tree : trees) {
      means += tree.mean[0] * tree.weight;
      maxDepth = Math.max(maxDepth, tree.maxDepth);
    }
    this.sumOfTreeMeans = means;
    float expected = (float) means;
    expected += baseMargin;
    this.bias = expected;
    this.maxDepth = maxDepth;
    int total = 0;
    for (Tree tree : trees) {
      total += tree.left.length;
    }
    roots = new int[trees.length];
    weights = new float[trees.length];
    flatLeft = new int[total];
    flatRight = new int[total];
    flatFeature = new int[total];
    flatValue = new float[total];
    flatDefaultLeft = new boolean[total];
    int base = 0;
    for (int t = 0; t < trees.length; t++) {
      Tree tree = trees[t];
      roots[t] = base;
      weights[t] = tree.weight;
      for (int i = 0; i < tree.left.length; i++) {
        flatLeft[base + i] = tree.left[i] < 0 ? -1 : base + tree.left[i];
        flatRight[base + i] = tree.right[i] < 0 ? -1 : base + tree.right[i];
        flatFeature[base + i] = tree.feature[i];
        flatValue[base + i] = tree.split[i];
        flatDefaultLeft[base + i] = tree.defaultLeft[i];
      }
      base += tree.left.length;
    }
  }

  /** Number of input features the trees read, in model input order. */
  int numFeatures() {
    return numFeatures;
  }

  /** The base margin, {@code logit(base_score)} in float32: where every float32 sum starts. */
  float baseMargin() {
    return baseMargin;
  }

  /** The trees, in model order (shared, not copied: nobody writes them). */
  Tree[] trees() {
    return trees;
  }

  /** The depth of the deepest tree (a root-only tree has depth 0). */
  int maxDepth() {
    return maxDepth;
  }

  /** The expected margin over the training data (TreeSHAP's bias): base margin + tree means. */
  double expectedMargin() {
    return bias;
  }

  /** Tree {@code t}'s dropout weight (1 unless trained with dropout). */
  float weight(int t) {
    return weights[t];
  }

  /** Whether some tree splits on feature {@code index}. */
  boolean splitsOn(int index) {
    for (int i = 0; i < flatFeature.length; i++) {
      if (flatLeft[i] >= 0 && flatFeature[i] == index) {
        return true;
      }
    }
    return false;
  }

  /** The margin (log-odds of default) of x, whose length the caller has checked. */
  float margin(double[] x) {
    float sum = baseMargin;
    for (int t = 0; t < roots.length; t++) {
      // w * leaf is exact when w == 1, so unweighted models sum exactly as gbtree does.
      sum += weights[t] * leafValue(t, x);
    }
    return sum;
  }

  /** The value of the leaf x reaches in tree {@code t}. */
  float leafValue(int t, double[] x) {
    int node = roots[t];
    int left;
    while ((left = flatLeft[node]) >= 0) {
      double v = x[flatFeature[node]];
      if (Double.isNaN(v)) {
        node = flatDefaultLeft[node] ? left : flatRight[node];
      } else {
        // XGBoost's rule on float32 feature values: strictly below the split goes left.
        node = (float) v < flatValue[node] ? left : flatRight[node];
      }
    }
    return flatValue[node];
  }

  /**
   * Ends a row's contributions: the bias (float32 of the tree means, plus the base margin) after
   * the features' float32 sums, all copied into {@code out}. Both explainers end this way, so their
   * biases are the same bits.
   */
  void finish(float[] sum, double[] out) {
    float expected = (float) sumOfTreeMeans;
    expected += baseMargin;
    sum[numFeatures] = expected;
    for (int i = 0; i < out.length; i++) {
      out[i] = sum[i];
    }
  }
}
