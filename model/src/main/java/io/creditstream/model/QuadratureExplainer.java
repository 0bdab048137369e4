package io.creditstream.model;

/**
 * The {@link Explainer#QUADRATURE} explainer: exact path-dependent TreeSHAP (Lundberg et al. 2018)
 * with the node covers ({@code sum_hessian}) saved in the model, as one walk per tree and group of
 * quadrature points, no tables. Input: a row; output: its contributions (margin space, bias last).
 * The {@link Explainer#TABLE} explainer walks the trees it has no tables for with {@link
 * #walkTree}, so a tree gives the same attribution whichever explainer reaches the walk.
 *
 * <p>Each tree's attribution is computed exactly in double precision; like XGBoost, the per-tree
 * values are then rounded to float32 and accumulated in float32 in tree order, and the bias is the
 * float32 sum of the tree means (in double) and the base margin. Summing in double would be
 * marginally more precise, but would drift up to ~1e-6 away from XGBoost's own values on large
 * ensembles; following its rounding keeps the two within a few float32 ulps. Immutable.
 */
final class QuadratureExplainer {
  /** Quadrature points handled by one walk: a constant, so the JIT unrolls the inner loops. */
  static final int POINTS = 4;

  private final Forest forest;
  // Gauss-Legendre points on [0,1] in groups of POINTS, one walk per group: nodes, weights, and
  // -1 / (1 - t), the credit of a split that x does not follow.
  private final double[][] nodes;
  private final double[][] quadratureWeights;
  private final double[][] coldCredits;

  QuadratureExplainer(Forest forest) {
    this.forest = forest;
    int maxDepth = forest.maxDepth();
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
  }

  /** The contributions of x into {@code out} ({@code numFeatures + 1} values, bias last). */
  void contributions(double[] x, double[] out) {
    int numFeatures = forest.numFeatures();
    float[] sum = new float[numFeatures + 1];
    double[] phi = new double[numFeatures];
    PathState state = newState();
    for (Tree tree : forest.trees()) {
      if (tree.left[0] < 0) {
        continue;
      }
      walkTree(tree, x, phi, state, sum);
    }
    forest.finish(sum, out);
  }

  /** Scratch for {@link #walkTree}, made once per row and reused for every tree. */
  PathState newState() {
    return new PathState(forest.numFeatures(), forest.maxDepth());
  }

  /**
   * One tree's quadrature-walk attribution, rounded to float32 and added to {@code sum} in float32
   * (as XGBoost does); leaves {@code phi} zeroed for the next tree.
   */
  void walkTree(Tree tree, double[] x, double[] phi, PathState state, float[] sum) {
    for (int group = 0; group < nodes.length; group++) {
      visit(tree, x, phi, state, 0, 0, group);
    }
    for (int f : tree.features) {
      sum[f] += (float) phi[f] * tree.weight;
      phi[f] = 0;
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

  /** Per-call state of the walk: current p and q per feature, C and returns per depth. */
  static final class PathState {
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
}
