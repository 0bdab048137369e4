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
 *
 * <p>Contributions come from one of two exact explainers ({@link Explainer}): the quadrature walk
 * below, or tables built at load ({@link ShapTables}, the default) with the walk as fallback for
 * trees over the tables' memory limits.
 */
public final class TreeEnsemble {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int numFeatures;
  private final float baseMargin;
  private final double baseScore;
  private final Tree[] trees;
  private final double sumOfTreeMeans;
  private final double bias;
  private final int maxDepth;
  // Gauss-Legendre points on [0,1] in groups of POINTS, one walk per group: nodes, weights, and
  // -1 / (1 - t), the credit of a split that x does not follow.
  private final double[][] nodes;
  private final double[][] quadratureWeights;
  private final double[][] coldCredits;
  // The margin walks flat copies of all trees (children as global indices): fewer indirections.
  private final int[] roots;
  private final int[] flatLeft;
  private final int[] flatRight;
  private final int[] flatFeature;
  private final float[] flatValue;
  private final boolean[] flatDefaultLeft;
  private final float[] weights;
  // The TABLE explainer's precomputed tables; trees without tables use the quadrature walk.
  private final ShapTables tables;

  private TreeEnsemble(
      int numFeatures,
      double baseScore,
      float baseMargin,
      Tree[] trees,
      long treeTableLimit,
      long modelTableLimit) {
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
    this.maxDepth = maxDepth;
    // Exact for paths of up to 2 * points unique features (degree 2 * points - 1).
    int groups = Math.max(1, (maxDepth + 2 * POINTS - 1) / (2 * POINTS));
    double[] rule = gaussLegendre(groups * POINTS);
    this.nodes = new double[groups][POINTS];
    this.quadratureWeights = new double[groups][POINTS];
    this.coldCredits = new double[groups][POINTS];
    for (int i = 0; i < groups * POINTS; i++) {
      nodes[i / POINTS][i % POINTS] = rule[2 * i];
      quadratureWeights[i / POINTS][i % POINTS] = rule[2 * i + 1];
      coldCredits[i / POINTS][i % POINTS] = -1.0 / (1.0 - rule[2 * i]);
    }
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
    this.tables = new ShapTables(trees, treeTableLimit, modelTableLimit);
  }

  /**
   * Parses a model saved by XGBoost (3.x; JSON or the default UBJSON) and refuses anything this
   * evaluator cannot reproduce exactly.
   *
   * @throws InvalidModelException naming the problem: not a model, wrong objective or booster,
   *     multi-class, categorical splits, vector leaves, inconsistent trees
   */
  public static TreeEnsemble fromXgboost(byte[] modelBytes) throws InvalidModelException {
    return fromXgboost(modelBytes, ShapTables.DEFAULT_TREE_LIMIT, ShapTables.DEFAULT_MODEL_LIMIT);
  }

  /**
   * As {@link #fromXgboost(byte[])}, with the {@link Explainer#TABLE} explainer's memory limits in
   * doubles (per tree, per model): tests lower them to exercise the fallback to the walk.
   */
  static TreeEnsemble fromXgboost(byte[] modelBytes, long treeTableLimit, long modelTableLimit)
      throws InvalidModelException {
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
    return fromDocument(root, treeTableLimit, modelTableLimit);
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

  private static TreeEnsemble fromDocument(Object root, long treeTableLimit, long modelTableLimit)
      throws InvalidModelException {
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
    return new TreeEnsemble(
        numFeatures, baseScore, baseMargin, trees, treeTableLimit, modelTableLimit);
  }

  /** Number of input features the model expects, in model input order. */
  public int numFeatures() {
    return numFeatures;
  }

  /**
   * Whether some tree splits on feature {@code index}: a feature no tree splits on moves neither
   * the margin nor its own SHAP contribution, which is then exactly 0.
   */
  public boolean splitsOn(int index) {
    for (int i = 0; i < flatFeature.length; i++) {
      if (flatLeft[i] >= 0 && flatFeature[i] == index) {
        return true;
      }
    }
    return false;
  }

  /** Number of trees. */
  public int numTrees() {
    return trees.length;
  }

  /** The depth of the deepest tree (a root-only tree has depth 0). */
  int maxDepth() {
    return maxDepth;
  }

  /** How many trees the {@link Explainer#TABLE} explainer serves from tables (the rest walk). */
  public int treesWithTables() {
    return tables.tabledTrees();
  }

  /** Doubles of tree {@code t}'s tables, whether or not it got them (tests set limits by it). */
  long tableDoubles(int t) {
    return tables.tableDoubles(t);
  }

  /** Heap bytes of the {@link Explainer#TABLE} explainer's tables, built at load. */
  public long explanationTableBytes() {
    return tables.bytes();
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
    for (int t = 0; t < roots.length; t++) {
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
      // w * leaf is exact when w == 1, so unweighted models sum exactly as gbtree does.
      sum += weights[t] * flatValue[node];
    }
    return sum;
  }

  /** The value of the leaf x reaches in tree {@code t}, by {@link #margin}'s rule. */
  private float leafValue(int t, double[] x) {
    int node = roots[t];
    int left;
    while ((left = flatLeft[node]) >= 0) {
      double v = x[flatFeature[node]];
      if (Double.isNaN(v)) {
        node = flatDefaultLeft[node] ? left : flatRight[node];
      } else {
        node = (float) v < flatValue[node] ? left : flatRight[node];
      }
    }
    return flatValue[node];
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
   *
   * <p>Computed by {@link Explainer#DEFAULT}; {@link #contributions(double[], Explainer)} names the
   * algorithm (a replay uses the one the decision recorded).
   */
  public double[] contributions(double[] x) {
    return contributions(x, Explainer.DEFAULT);
  }

  /**
   * {@link #contributions(double[])} computed by the given explainer: both are exact TreeSHAP with
   * the same float32 rounding per tree and agree to about a float32 ulp (not always to the bit).
   */
  public double[] contributions(double[] x, Explainer explainer) {
    double[] out = new double[numFeatures + 1];
    marginAndContributions(x, explainer, out);
    return out;
  }

  /**
   * Probability, margin and contributions of one row, explained by {@code explainer}; the margin
   * and probability are those of {@link #margin} and {@link #probability}, bit for bit. With {@link
   * Explainer#TABLE} all three come from one pass over the trees.
   */
  public Score score(double[] x, Explainer explainer) {
    double[] contributions = new double[numFeatures + 1];
    double margin = marginAndContributions(x, explainer, contributions);
    return new Score(sigmoid(margin), margin, contributions);
  }

  /**
   * The margin, bit-identical to {@link #margin(double[])}, and the contributions into {@code out}
   * ({@code numFeatures() + 1} values): with {@link Explainer#TABLE} in one pass over the trees.
   */
  double marginAndContributions(double[] x, Explainer explainer, double[] out) {
    checkLength(x);
    if (out.length != numFeatures + 1) {
      throw new IllegalArgumentException(
          "contributions need " + (numFeatures + 1) + " values, not " + out.length);
    }
    switch (java.util.Objects.requireNonNull(explainer, "explainer")) {
      case QUADRATURE:
        quadratureContributions(x, out);
        return margin(x);
      case TABLE:
        return tableContributions(x, out);
      default:
        throw new IllegalArgumentException("unsupported explainer " + explainer.id());
    }
  }

  /**
   * The {@link Explainer#TABLE} pass: per tree, the table attribution (or the walk's, for a tree
   * without tables) in double, rounded to float32 and summed in float32 in tree order, exactly as
   * {@link #quadratureContributions}; the margin is summed alongside as {@link #margin} does.
   */
  private double tableContributions(double[] x, double[] out) {
    float margin = baseMargin;
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
        margin += weights[t] * tables.explain(t, keys, pattern, local, sum, tree.weight);
        continue;
      }
      margin += weights[t] * leafValue(t, x);
      if (tree.left[0] < 0) {
        continue;
      }
      if (state == null) {
        phi = new double[numFeatures];
        state = new PathState(numFeatures, maxDepth);
      }
      walkTree(tree, x, phi, state, sum);
    }
    finish(sum, out);
    return margin;
  }

  /** The {@link Explainer#QUADRATURE} contributions of x into {@code out}. */
  private void quadratureContributions(double[] x, double[] out) {
    float[] sum = new float[numFeatures + 1];
    double[] phi = new double[numFeatures];
    PathState state = new PathState(numFeatures, maxDepth);
    for (Tree tree : trees) {
      if (tree.left[0] < 0) {
        continue;
      }
      walkTree(tree, x, phi, state, sum);
    }
    finish(sum, out);
  }

  /**
   * One tree's quadrature-walk attribution, rounded to float32 and added to {@code sum} in float32
   * (as XGBoost does); leaves {@code phi} zeroed for the next tree.
   */
  private void walkTree(Tree tree, double[] x, double[] phi, PathState state, float[] sum) {
    for (int group = 0; group < nodes.length; group++) {
      visit(tree, x, phi, state, 0, 0, group);
    }
    for (int f : tree.features) {
      sum[f] += (float) phi[f] * tree.weight;
      phi[f] = 0;
    }
  }

  /** The bias (float32 of the tree means, plus the base margin) after the features, into out. */
  private void finish(float[] sum, double[] out) {
    float expected = (float) sumOfTreeMeans;
    expected += baseMargin;
    sum[numFeatures] = expected;
    for (int i = 0; i < out.length; i++) {
      out[i] = sum[i];
    }
  }

  private void checkLength(double[] x) {
    if (x.length != numFeatures) {
      throw new IllegalArgumentException(
          "feature vector has " + x.length + " values, the model expects " + numFeatures);
    }
  }

  /*
   * How the contributions are computed. For a leaf with value v, let q_j be the product of the
   * cover fractions of the splits on feature j along its path, and p_j = 1 when x satisfies all of
   * them, else 0. Path-dependent TreeSHAP gives feature i, from that leaf,
   *
   *   v (p_i - q_i) * sum over S of |S|! (d-|S|-1)! / d! * prod_{j in S} p_j * prod_{j not in S} q_j
   *   = v * integral over t in [0,1] of C(t) * (p_i - q_i) / f_i(t),
   *
   * with f_j(t) = q_j + (p_j - q_j) t and C(t) = prod_j f_j(t), because the Shapley weights are
   * Beta integrals of t^|S| (1-t)^(d-|S|-1). The integrand is a polynomial of degree d-1 <= depth-1,
   * so Gauss-Legendre quadrature with at least depth/2 points is exact (we use 4 per walk, one more
   * walk per 8 levels of depth, so the inner loops have a constant length). A walk keeps C at
   * each quadrature point, returns the sum of v C over the leaves below each edge, and credits the
   * edge's feature with the change its split makes to (p - q) / f; a feature split again lower down
   * has its earlier credit taken back there, so each leaf counts with its final p and q. This is the
   * same quantity as Lundberg et al.'s algorithm in O(nodes x points) instead of O(leaves x depth^2)
   * work per tree, without its unwinding divisions.
   */

  /** Quadrature points handled by one walk: a constant, so the JIT unrolls the inner loops. */
  static final int POINTS = 4;

  /** Per-call state of the walk: current p and q per feature, C and returns per depth. */
  private static final class PathState {
    final double[] p;
    final double[] q;
    final double[] c;
    final double[] h;
    final double[] rest;
    final double[] oldCredit;

    PathState(int numFeatures, int maxDepth) {
      p = new double[numFeatures];
      q = new double[numFeatures];
      int size = (maxDepth + 2) * POINTS;
      c = new double[size];
      h = new double[size];
      rest = new double[size];
      oldCredit = new double[size];
      // Features not on the path have p = q = 1 (factor 1, no credit); C starts at 1. Each walk
      // restores p and q on its way back up, so this one reset serves every tree and group.
      java.util.Arrays.fill(p, 1.0);
      java.util.Arrays.fill(q, 1.0);
      java.util.Arrays.fill(c, 0, POINTS, 1.0);
    }
  }

  /**
   * Walks the subtree at {@code node} for the quadrature points {@code group * POINTS ...}; leaves
   * the subtree's return (sum over its leaves of v C, per point) in {@code h[level]}.
   */
  private void visit(
      Tree tree, double[] x, double[] phi, PathState s, int node, int level, int group) {
    final int k = POINTS;
    int at = level * k;
    int below = at + k;
    double[] c = s.c;
    double[] h = s.h;
    double[] rest = s.rest;
    double[] oldCredit = s.oldCredit;
    double[] t = nodes[group];
    double[] w = quadratureWeights[group];
    double[] coldCredit = coldCredits[group];

    int feature = tree.feature[node];
    int hot = tree.next(node, x[feature]);
    int cold = hot == tree.left[node] ? tree.right[node] : tree.left[node];
    double pOld = s.p[feature];
    double qOld = s.q[feature];
    double cover = tree.cover[node];
    // Per point: C without this feature's old factor, and the old (p - q) / f that the split
    // replaces (0 when the feature is new on the path, p = q = 1: the usual case, no division).
    if (pOld == 1.0 && qOld == 1.0) {
      for (int j = 0; j < k; j++) {
        rest[at + j] = c[at + j];
        oldCredit[at + j] = 0;
        h[at + j] = 0;
      }
    } else {
      for (int j = 0; j < k; j++) {
        double fOld = qOld + (pOld - qOld) * t[j];
        rest[at + j] = c[at + j] / fOld;
        oldCredit[at + j] = (pOld - qOld) / fOld;
        h[at + j] = 0;
      }
    }
    // Hot child first, then cold: the branches below depend on the side, not on the data.
    for (int side = 0; side < 2; side++) {
      int child = side == 0 ? hot : cold;
      double qNew = qOld * (tree.cover[child] / cover);
      double pNew = side == 0 ? pOld : 0.0;
      double slope = pNew - qNew;
      if (tree.left[child] < 0) {
        // A leaf returns v C directly: no call.
        double v = tree.split[child];
        for (int j = 0; j < k; j++) {
          h[below + j] = v * (rest[at + j] * (qNew + slope * t[j]));
        }
      } else {
        for (int j = 0; j < k; j++) {
          c[below + j] = rest[at + j] * (qNew + slope * t[j]);
        }
        s.p[feature] = pNew;
        s.q[feature] = qNew;
        visit(tree, x, phi, s, child, level + 1, group);
        s.p[feature] = pOld;
        s.q[feature] = qOld;
      }
      double credit = 0;
      if (pNew == 0.0) {
        // Cold side: (p - q) / f = -q / (q (1 - t)) = -1 / (1 - t), tabulated.
        for (int j = 0; j < k; j++) {
          credit += w[j] * h[below + j] * (coldCredit[j] - oldCredit[at + j]);
          h[at + j] += h[below + j];
        }
      } else {
        for (int j = 0; j < k; j++) {
          double fNew = qNew + slope * t[j];
          credit += w[j] * h[below + j] * (slope / fNew - oldCredit[at + j]);
          h[at + j] += h[below + j];
        }
      }
      phi[feature] += credit;
    }
  }

  /** Gauss-Legendre rule with {@code n} points on [0,1]: {t0, w0, t1, w1, ...}. */
  static double[] gaussLegendre(int n) {
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      // Newton's method on P_n from the classic asymptotic first guess of the i-th root.
      double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double derivative = 0;
      for (int iter = 0; iter < 100; iter++) {
        double p0 = 1;
        double p1 = z;
        for (int m = 2; m <= n; m++) {
          double p2 = ((2 * m - 1) * z * p1 - (m - 1) * p0) / m;
          p0 = p1;
          p1 = p2;
        }
        double pn = n == 1 ? z : p1;
        double pnMinus1 = n == 1 ? 1 : p0;
        derivative = n * (z * pn - pnMinus1) / (z * z - 1);
        double step = pn / derivative;
        z -= step;
        if (Math.abs(step) < 1e-16) {
          break;
        }
      }
      double weight = 2 / ((1 - z * z) * derivative * derivative);
      out[2 * i] = (1 - z) / 2;
      out[2 * i + 1] = weight / 2;
    }
    return out;
  }

  /** One regression tree in XGBoost's array layout; leaves hold their value in {@code split}. */
  static final class Tree {
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
