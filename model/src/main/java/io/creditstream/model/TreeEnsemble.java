package io.creditstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pure-Java evaluator of an XGBoost {@code binary:logistic} gbtree model, with exact TreeSHAP.
 *
 * <p>Input: the bytes XGBoost saves (JSON or UBJSON, detected) and feature vectors in model input
 * order, {@code NaN} meaning missing. Output: the margin (log-odds), the probability of default and
 * the per-feature contributions (margin space, bias last).
 *
 * <p>The margin reproduces XGBoost's own arithmetic: feature values are rounded to float32 before
 * the {@code value < split_condition} test (that is what a float {@code DMatrix} holds), and the
 * margin is accumulated in float32, tree by tree in model order, from the base margin, as XGBoost's
 * CPU predictor does. Everything is sequential and allocation-light, so the same row always gives
 * the same bits: replay relies on that. Instances are immutable and thread-safe.
 */
public final class TreeEnsemble {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int numFeatures;
  private final float baseMargin;
  private final double baseScore;
  private final Tree[] trees;
  private final double sumOfTreeMeans;
  private final double bias;
  private final int scratchSize;

  private TreeEnsemble(int numFeatures, double baseScore, float baseMargin, Tree[] trees) {
    this.numFeatures = numFeatures;
    this.baseScore = baseScore;
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
    int maxd = maxDepth + 2;
    this.scratchSize = maxd * (maxd + 1) / 2;
  }

  /**
   * Parses a model saved by XGBoost (3.x; JSON or the default UBJSON) and refuses anything this
   * evaluator cannot reproduce exactly.
   *
   * @throws InvalidModelException naming the problem: not a model, wrong objective or booster,
   *     multi-class, categorical splits, vector leaves, inconsistent trees
   */
  public static TreeEnsemble fromXgboost(byte[] modelBytes) throws InvalidModelException {
    if (modelBytes == null || modelBytes.length == 0) {
      throw new InvalidModelException("model bytes are empty");
    }
    Object root;
    if (looksLikeJson(modelBytes)) {
      try {
        root = JSON.readValue(modelBytes, Object.class);
      } catch (IOException e) {
        throw new InvalidModelException("malformed JSON model: " + e.getMessage(), e);
      }
    } else if (modelBytes[0] == '{') {
      root = Ubjson.parse(modelBytes);
    } else {
      throw new InvalidModelException(
          "not an XGBoost JSON or UBJSON model (first byte 0x"
              + Integer.toHexString(modelBytes[0] & 0xff)
              + "); save the booster as .json or .ubj, the legacy binary format is not supported");
    }
    return fromDocument(root);
  }

  private static boolean looksLikeJson(byte[] b) {
    int i = 0;
    while (i < b.length && Character.isWhitespace(b[i])) {
      i++;
    }
    if (i >= b.length || b[i] != '{') {
      return false;
    }
    i++;
    while (i < b.length && Character.isWhitespace(b[i])) {
      i++;
    }
    // UBJSON follows '{' with a length marker (i, U, L...) or '$'/'#'; JSON with a quote or '}'.
    return i < b.length && (b[i] == '"' || b[i] == '}');
  }

  private static TreeEnsemble fromDocument(Object root) throws InvalidModelException {
    Map<String, Object> learner =
        object(object(root, "the model document").get("learner"), "learner");
    String objective = string(object(learner.get("objective"), "learner.objective"), "name");
    if (!"binary:logistic".equals(objective)) {
      throw new InvalidModelException(
          "unsupported objective '" + objective + "': only binary:logistic is supported");
    }
    Map<String, Object> params =
        object(learner.get("learner_model_param"), "learner.learner_model_param");
    int numClass = integer(params.getOrDefault("num_class", "0"), "num_class");
    if (numClass > 1) {
      throw new InvalidModelException(
          "multi-class model (num_class=" + numClass + "): only binary models are supported");
    }
    int numTarget = integer(params.getOrDefault("num_target", "1"), "num_target");
    if (numTarget != 1) {
      throw new InvalidModelException(
          "multi-target model (num_target=" + numTarget + "): only one target is supported");
    }
    int numFeatures = integer(params.get("num_feature"), "num_feature");
    if (numFeatures <= 0) {
      throw new InvalidModelException("model has no features (num_feature=" + numFeatures + ")");
    }
    float baseScore = baseScore(params.get("base_score"));
    if (!(baseScore > 0f && baseScore < 1f)) {
      throw new InvalidModelException(
          "base_score " + baseScore + " is not a probability in (0,1) as binary:logistic needs");
    }
    // XGBoost's logistic ProbToMargin, in float: -log(1/p - 1).
    float baseMargin = (float) -Math.log(1.0f / baseScore - 1.0f);

    Map<String, Object> booster =
        object(learner.get("gradient_booster"), "learner.gradient_booster");
    String boosterName = string(booster, "name");
    if (!"gbtree".equals(boosterName)) {
      throw new InvalidModelException(
          "unsupported booster '"
              + boosterName
              + "': only gbtree is supported (not dart/gblinear)");
    }
    Map<String, Object> model = object(booster.get("model"), "gradient_booster.model");
    Object treeList = model.get("trees");
    if (!(treeList instanceof List<?> list)) {
      throw new InvalidModelException("gradient_booster.model.trees is missing");
    }
    if (list.isEmpty()) {
      throw new InvalidModelException("model has no trees");
    }
    int[] treeInfo =
        model.containsKey("tree_info") ? ints(model.get("tree_info"), "tree_info") : null;
    float[] weights = null;
    if (model.get("weight_drop") != null) {
      // XGBoost 3.4 keeps DART's dropout inside gbtree: each tree then carries a weight.
      weights = floats(model.get("weight_drop"), "gradient_booster.model.weight_drop");
      if (weights.length != list.size()) {
        throw new InvalidModelException(
            "weight_drop has " + weights.length + " weights for " + list.size() + " trees");
      }
      for (int t = 0; t < weights.length; t++) {
        if (!Float.isFinite(weights[t])) {
          throw new InvalidModelException("tree " + t + " has weight " + weights[t]);
        }
      }
    }
    Tree[] trees = new Tree[list.size()];
    for (int t = 0; t < trees.length; t++) {
      if (treeInfo != null && t < treeInfo.length && treeInfo[t] != 0) {
        throw new InvalidModelException(
            "tree " + t + " belongs to output group " + treeInfo[t] + ": multi-output model");
      }
      trees[t] =
          Tree.parse(
              object(list.get(t), "tree " + t), t, numFeatures, weights == null ? 1f : weights[t]);
    }
    return new TreeEnsemble(numFeatures, baseScore, baseMargin, trees);
  }

  /** Number of input features the model expects, in model input order. */
  public int numFeatures() {
    return numFeatures;
  }

  /** Number of trees. */
  public int numTrees() {
    return trees.length;
  }

  /** The base score in probability space, as saved by XGBoost. */
  public double baseScore() {
    return baseScore;
  }

  /** The expected margin over the training data (TreeSHAP's bias): base margin + tree means. */
  public double expectedMargin() {
    return bias;
  }

  /** The margin (log-odds of default); {@code NaN} entries are missing values. */
  public double margin(double[] x) {
    checkLength(x);
    float sum = baseMargin;
    for (Tree tree : trees) {
      // w * leaf is exact when w == 1, so unweighted models sum exactly as gbtree does.
      sum += tree.weight * tree.leafValue(x);
    }
    return sum;
  }

  /** The probability of default: the logistic of {@link #margin(double[])}. */
  public double probability(double[] x) {
    return sigmoid(margin(x));
  }

  static double sigmoid(double margin) {
    return 1.0 / (1.0 + Math.exp(-margin));
  }

  /**
   * Exact path-dependent TreeSHAP (Lundberg et al. 2018) with the node covers ({@code sum_hessian})
   * saved in the model. Returns {@code numFeatures() + 1} values: one per feature, then the bias
   * (expected margin); they sum to the margin up to float32 rounding.
   *
   * <p>Each tree's attribution is computed exactly in double precision; like XGBoost, the per-tree
   * values are then rounded to float32 and accumulated in float32 in tree order, and the bias is
   * the float32 sum of the tree means (in double) and the base margin. Summing in double would be
   * marginally more precise, but would drift up to ~1e-6 away from XGBoost's own values on large
   * ensembles; following its rounding keeps the two within a few float32 ulps.
   */
  public double[] contributions(double[] x) {
    checkLength(x);
    float[] sum = new float[numFeatures + 1];
    double[] phi = new double[numFeatures];
    Scratch scratch = new Scratch(scratchSize);
    for (Tree tree : trees) {
      if (tree.left[0] < 0) {
        continue;
      }
      treeShap(tree, x, phi, scratch, 0, 0, 0, 1.0, 1.0, -1);
      for (int f : tree.features) {
        sum[f] += (float) phi[f] * tree.weight;
        phi[f] = 0;
      }
    }
    float expected = (float) sumOfTreeMeans;
    expected += baseMargin;
    sum[numFeatures] = expected;
    double[] out = new double[numFeatures + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = sum[i];
    }
    return out;
  }

  private void checkLength(double[] x) {
    if (x.length != numFeatures) {
      throw new IllegalArgumentException(
          "feature vector has " + x.length + " values, the model expects " + numFeatures);
    }
  }

  /** Per-call scratch for the unique paths of one tree: one slice per recursion depth. */
  private static final class Scratch {
    final int[] feature;
    final double[] zero;
    final double[] one;
    final double[] pweight;

    Scratch(int size) {
      feature = new int[size];
      zero = new double[size];
      one = new double[size];
      pweight = new double[size];
    }
  }

  private static void treeShap(
      Tree tree,
      double[] x,
      double[] phi,
      Scratch s,
      int node,
      int parentOffset,
      int uniqueDepth,
      double parentZero,
      double parentOne,
      int parentFeature) {
    int offset = parentOffset + uniqueDepth + 1;
    System.arraycopy(s.feature, parentOffset, s.feature, offset, uniqueDepth + 1);
    System.arraycopy(s.zero, parentOffset, s.zero, offset, uniqueDepth + 1);
    System.arraycopy(s.one, parentOffset, s.one, offset, uniqueDepth + 1);
    System.arraycopy(s.pweight, parentOffset, s.pweight, offset, uniqueDepth + 1);
    extendPath(s, offset, uniqueDepth, parentZero, parentOne, parentFeature);

    if (tree.left[node] < 0) {
      double leaf = tree.split[node];
      for (int i = 1; i <= uniqueDepth; i++) {
        double w = unwoundPathSum(s, offset, uniqueDepth, i);
        int el = offset + i;
        phi[s.feature[el]] += w * (s.one[el] - s.zero[el]) * leaf;
      }
      return;
    }
    int feature = tree.feature[node];
    int hot = tree.next(node, x[feature]);
    int cold = hot == tree.left[node] ? tree.right[node] : tree.left[node];
    double w = tree.cover[node];
    double hotZero = tree.cover[hot] / w;
    double coldZero = tree.cover[cold] / w;
    double incomingZero = 1.0;
    double incomingOne = 1.0;

    // A feature already on the path is unwound so this split can be redone with both fractions.
    int pathIndex = 0;
    for (; pathIndex <= uniqueDepth; pathIndex++) {
      if (s.feature[offset + pathIndex] == feature) {
        break;
      }
    }
    if (pathIndex != uniqueDepth + 1) {
      incomingZero = s.zero[offset + pathIndex];
      incomingOne = s.one[offset + pathIndex];
      unwindPath(s, offset, uniqueDepth, pathIndex);
      uniqueDepth -= 1;
    }
    treeShap(
        tree,
        x,
        phi,
        s,
        hot,
        offset,
        uniqueDepth + 1,
        hotZero * incomingZero,
        incomingOne,
        feature);
    treeShap(tree, x, phi, s, cold, offset, uniqueDepth + 1, coldZero * incomingZero, 0.0, feature);
  }

  private static void extendPath(
      Scratch s, int offset, int depth, double zeroFraction, double oneFraction, int feature) {
    s.feature[offset + depth] = feature;
    s.zero[offset + depth] = zeroFraction;
    s.one[offset + depth] = oneFraction;
    s.pweight[offset + depth] = depth == 0 ? 1.0 : 0.0;
    for (int i = depth - 1; i >= 0; i--) {
      s.pweight[offset + i + 1] += oneFraction * s.pweight[offset + i] * (i + 1) / (depth + 1);
      s.pweight[offset + i] = zeroFraction * s.pweight[offset + i] * (depth - i) / (depth + 1);
    }
  }

  private static void unwindPath(Scratch s, int offset, int depth, int pathIndex) {
    double oneFraction = s.one[offset + pathIndex];
    double zeroFraction = s.zero[offset + pathIndex];
    double nextOnePortion = s.pweight[offset + depth];
    for (int i = depth - 1; i >= 0; i--) {
      if (oneFraction != 0) {
        double tmp = s.pweight[offset + i];
        s.pweight[offset + i] = nextOnePortion * (depth + 1) / ((i + 1) * oneFraction);
        nextOnePortion = tmp - s.pweight[offset + i] * zeroFraction * (depth - i) / (depth + 1);
      } else {
        s.pweight[offset + i] = s.pweight[offset + i] * (depth + 1) / (zeroFraction * (depth - i));
      }
    }
    for (int i = pathIndex; i < depth; i++) {
      s.feature[offset + i] = s.feature[offset + i + 1];
      s.zero[offset + i] = s.zero[offset + i + 1];
      s.one[offset + i] = s.one[offset + i + 1];
    }
  }

  private static double unwoundPathSum(Scratch s, int offset, int depth, int pathIndex) {
    double oneFraction = s.one[offset + pathIndex];
    double zeroFraction = s.zero[offset + pathIndex];
    double nextOnePortion = s.pweight[offset + depth];
    double total = 0;
    for (int i = depth - 1; i >= 0; i--) {
      if (oneFraction != 0) {
        double tmp = nextOnePortion * (depth + 1) / ((i + 1) * oneFraction);
        total += tmp;
        nextOnePortion =
            s.pweight[offset + i] - tmp * zeroFraction * ((depth - i) / (double) (depth + 1));
      } else if (zeroFraction != 0) {
        total += (s.pweight[offset + i] / zeroFraction) / ((depth - i) / (double) (depth + 1));
      }
    }
    return total;
  }

  /** One regression tree in XGBoost's array layout; leaves hold their value in {@code split}. */
  private static final class Tree {
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

    private Tree(
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

    /**
     * XGBoost's rule: missing goes the default way, else float32 value below the split goes left.
     */
    int next(int node, double x) {
      if (Double.isNaN(x)) {
        return defaultLeft[node] ? left[node] : right[node];
      }
      return (float) x < split[node] ? left[node] : right[node];
    }

    float leafValue(double[] x) {
      int node = 0;
      while (left[node] >= 0) {
        node = next(node, x[feature[node]]);
      }
      return split[node];
    }

    static Tree parse(Map<String, Object> t, int index, int numFeatures, float weight)
        throws InvalidModelException {
      String where = "tree " + index;
      Map<String, Object> treeParam = object(t.get("tree_param"), where + ".tree_param");
      int numNodes = integer(treeParam.get("num_nodes"), where + ".num_nodes");
      int leafVector = integer(treeParam.getOrDefault("size_leaf_vector", "1"), "size_leaf_vector");
      if (leafVector > 1) {
        throw new InvalidModelException(
            where + " has vector leaves (size_leaf_vector=" + leafVector + "): not supported");
      }
      if (numNodes <= 0) {
        throw new InvalidModelException(where + " has no nodes");
      }
      int[] left = ints(t.get("left_children"), where + ".left_children");
      int[] right = ints(t.get("right_children"), where + ".right_children");
      int[] feature = ints(t.get("split_indices"), where + ".split_indices");
      float[] split = floats(t.get("split_conditions"), where + ".split_conditions");
      int[] defaultLeft = ints(t.get("default_left"), where + ".default_left");
      float[] hess = floats(t.get("sum_hessian"), where + ".sum_hessian");
      for (Object[] arr :
          new Object[][] {
            {"left_children", left.length},
            {"right_children", right.length},
            {"split_indices", feature.length},
            {"split_conditions", split.length},
            {"default_left", defaultLeft.length},
            {"sum_hessian", hess.length}
          }) {
        if ((int) arr[1] != numNodes) {
          throw new InvalidModelException(
              where + "." + arr[0] + " has " + arr[1] + " entries, num_nodes is " + numNodes);
        }
      }
      if (t.containsKey("split_type")) {
        int[] splitType = ints(t.get("split_type"), where + ".split_type");
        for (int i = 0; i < splitType.length; i++) {
          if (splitType[i] != 0) {
            throw new InvalidModelException(
                where
                    + " node "
                    + i
                    + " is a categorical split: categorical features are not"
                    + " supported");
          }
        }
      }
      Object categories = t.get("categories_nodes");
      if (categories != null && length(categories) > 0) {
        throw new InvalidModelException(
            where + " has categorical splits: categorical features are not supported");
      }
      boolean[] defLeft = new boolean[numNodes];
      double[] cover = new double[numNodes];
      for (int i = 0; i < numNodes; i++) {
        defLeft[i] = defaultLeft[i] != 0;
        cover[i] = hess[i];
        if (!(hess[i] >= 0f) || Float.isInfinite(hess[i])) {
          throw new InvalidModelException(where + " node " + i + " has cover " + hess[i]);
        }
        if (Float.isNaN(split[i])) {
          throw new InvalidModelException(where + " node " + i + " has a NaN split or leaf value");
        }
      }
      int maxDepth = checkStructure(where, left, right, feature, numFeatures, cover);
      return new Tree(left, right, feature, split, defLeft, cover, maxDepth, weight);
    }

    /** Every node reachable from the root exactly once (no cycle), splits on known features. */
    private static int checkStructure(
        String where, int[] left, int[] right, int[] feature, int numFeatures, double[] cover)
        throws InvalidModelException {
      int n = left.length;
      boolean[] seen = new boolean[n];
      int[] depth = new int[n];
      int[] stack = new int[n];
      int top = 0;
      stack[top++] = 0;
      seen[0] = true;
      int maxDepth = 0;
      while (top > 0) {
        int node = stack[--top];
        maxDepth = Math.max(maxDepth, depth[node]);
        if (!(cover[node] > 0)) {
          throw new InvalidModelException(
              where + " node " + node + " has zero cover: TreeSHAP needs positive covers");
        }
        if (left[node] < 0) {
          if (right[node] >= 0) {
            throw new InvalidModelException(where + " node " + node + " has only a right child");
          }
          continue;
        }
        if (feature[node] < 0 || feature[node] >= numFeatures) {
          throw new InvalidModelException(
              where
                  + " node "
                  + node
                  + " splits on feature "
                  + feature[node]
                  + " but the model has "
                  + numFeatures
                  + " features");
        }
        for (int child : new int[] {left[node], right[node]}) {
          if (child < 0 || child >= n || seen[child]) {
            throw new InvalidModelException(
                where + " node " + node + " has an invalid or shared child " + child);
          }
          seen[child] = true;
          depth[child] = depth[node] + 1;
          stack[top++] = child;
        }
      }
      return maxDepth;
    }
  }

  // ---- accessors over the parsed document (JSON via Jackson or our UBJSON reader) ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String where)
      throws InvalidModelException {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new InvalidModelException("expected an object at " + where + ", found " + kind(value));
  }

  private static String string(Map<String, Object> parent, String key)
      throws InvalidModelException {
    Object value = parent.get(key);
    if (value instanceof String s) {
      return s;
    }
    throw new InvalidModelException("expected a string at " + key + ", found " + kind(value));
  }

  private static int integer(Object value, String where) throws InvalidModelException {
    try {
      if (value instanceof Number n) {
        return Math.toIntExact(n.longValue());
      }
      if (value instanceof String s) {
        return Integer.parseInt(s.trim());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidModelException(
          "expected an integer at " + where + ", found '" + value + "'");
    }
    throw new InvalidModelException("expected an integer at " + where + ", found " + kind(value));
  }

  /** base_score: a number, a string such as "5E-1", or (3.x) a one-element vector "[5E-1]". */
  private static float baseScore(Object value) throws InvalidModelException {
    if (value instanceof Number n) {
      return n.floatValue();
    }
    if (value instanceof String s) {
      String text = s.trim();
      if (text.startsWith("[") && text.endsWith("]")) {
        text = text.substring(1, text.length() - 1).trim();
      }
      if (text.contains(",")) {
        throw new InvalidModelException(
            "base_score has several values (" + s + "): multi-output model");
      }
      try {
        return Float.parseFloat(text);
      } catch (NumberFormatException e) {
        throw new InvalidModelException("base_score '" + s + "' is not a number");
      }
    }
    float[] vector = floats(value, "base_score");
    if (vector.length != 1) {
      throw new InvalidModelException("base_score has " + vector.length + " values: multi-output");
    }
    return vector[0];
  }

  private static int length(Object value) {
    if (value instanceof List<?> l) {
      return l.size();
    }
    if (value instanceof int[] a) {
      return a.length;
    }
    if (value instanceof long[] a) {
      return a.length;
    }
    if (value instanceof float[] a) {
      return a.length;
    }
    if (value instanceof double[] a) {
      return a.length;
    }
    return 0;
  }

  private static float[] floats(Object value, String where) throws InvalidModelException {
    if (value instanceof float[] a) {
      return a;
    }
    if (value instanceof double[] a) {
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = (float) a[i];
      }
      return out;
    }
    if (value instanceof int[] a) {
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    if (value instanceof List<?> list) {
      float[] out = new float[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw new InvalidModelException(
              "expected numbers in " + where + ", found " + kind(list.get(i)));
        }
        // Parsed as double then rounded: XGBoost prints float32 values with round-trip digits.
        out[i] = (float) n.doubleValue();
      }
      return out;
    }
    throw new InvalidModelException(
        "expected a number array at " + where + ", found " + kind(value));
  }

  private static int[] ints(Object value, String where) throws InvalidModelException {
    if (value instanceof int[] a) {
      return a;
    }
    if (value instanceof long[] a) {
      int[] out = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = integer(a[i], where);
      }
      return out;
    }
    if (value instanceof List<?> list) {
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) {
        Object v = list.get(i);
        if (v instanceof Boolean b) {
          out[i] = b ? 1 : 0;
        } else if (v instanceof Number n
            && n.doubleValue() == Math.rint(n.doubleValue())
            && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
          out[i] = n.intValue();
        } else {
          throw new InvalidModelException("expected integers in " + where + ", found " + v);
        }
      }
      return out;
    }
    throw new InvalidModelException(
        "expected an integer array at " + where + ", found " + kind(value));
  }

  private static String kind(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List || value.getClass().isArray()) {
      return "an array";
    }
    return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " '" + value + "'";
  }

  @Override
  public String toString() {
    return "TreeEnsemble[features=" + numFeatures + ", trees=" + trees.length + "]";
  }
}
