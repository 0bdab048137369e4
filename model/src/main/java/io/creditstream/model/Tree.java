package io.creditstream.model;

/**
 * One regression tree in XGBoost's array layout, as {@link ModelReader} checked it: node {@code i}
 * is a leaf when {@code left[i] < 0}, and a leaf holds its value in {@code split}. Immutable by
 * convention (the arrays are shared with nobody after reading); every explainer reads the same
 * instance, so the margin, the walk and the tables agree on the tree by construction.
 */
final class Tree {
  final int[] left;
  final int[] right;
  final int[] feature;
  final float[] split;
  final boolean[] defaultLeft;
  final double[] cover;
  final double[] mean;
  final int maxDepth;
  final int[] features;
  final float weight;

  Tree(
      int[] left,
      int[] right,
      int[] feature,
      float[] split,
      boolean[] defaultLeft,
      double[] cover,
      int maxDepth,
      float weight) {
    this.left = left;
    this.weight = weight;
    this.right = right;
    this.feature = feature;
    this.split = split;
    this.defaultLeft = defaultLeft;
    this.cover = cover;
    this.maxDepth = maxDepth;
    this.mean = new double[left.length];
    fillMean(0);
    // The distinct split features, ascending: the only entries a tree's SHAP can touch.
    this.features =
        java.util.stream.IntStream.range(0, left.length)
            .filter(i -> left[i] >= 0)
            .map(i -> feature[i])
            .distinct()
            .sorted()
            .toArray();
  }

  /** Expected leaf value under the node, weighted by cover, as XGBoost defines it for SHAP. */
  private double fillMean(int node) {
    double value;
    if (left[node] < 0) {
      value = split[node];
    } else {
      value = fillMean(left[node]) * cover[left[node]];
      value += fillMean(right[node]) * cover[right[node]];
      value /= cover[node];
    }
    mean[node] = value;
    return value;
  }

  /** XGBoost's rule: missing goes the default way, else float32 value below the split goes left. */
  int next(int node, double x) {
    if (Double.isNaN(x)) {
      return defaultLeft[node] ? left[node] : right[node];
    }
    return (float) x < split[node] ? left[node] : right[node];
  }
}
