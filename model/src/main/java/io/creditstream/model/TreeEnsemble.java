package io.creditstream.model;

/**
 * A pure-Java evaluator of an XGBoost {@code binary:logistic} gbtree model, with exact TreeSHAP.
 *
 * <p>Input: the bytes XGBoost saves (JSON or UBJSON, detected) and feature vectors in model input
 * order, {@code NaN} meaning missing. Output: the margin (log-odds), the probability of default and
 * the per-feature contributions (margin space, bias last).
 *
 * <p>The margin reproduces XGBoost's own arithmetic bit for bit ({@link Forest}), and everything is
 * sequential and allocation-light, so the same row always gives the same bits: replay relies on
 * that. Instances are immutable and thread-safe.
 *
 * <p>This class is the facade the scorer, replay and the trainer call; the work lives along its
 * seams, each part testable and readable alone: {@link ModelReader} reads either format into a
 * typed {@link XgboostModel}, {@link Forest} holds the trees and computes the margin, and each
 * explainer ({@link Explainer}) is its own class: the quadrature walk ({@link QuadratureExplainer})
 * and the tables built at load ({@link TableExplainer}, the default, over {@link ShapTables}) with
 * the walk as fallback for trees over the tables' memory limits.
 */
public final class TreeEnsemble {
  /** Quadrature points per walk ({@link QuadratureExplainer#POINTS}; tests size models by it). */
  static final int POINTS = QuadratureExplainer.POINTS;

  private final double baseScore;
  private final Forest forest;
  private final QuadratureExplainer quadrature;
  private final TableExplainer table;

  private TreeEnsemble(XgboostModel model, long treeTableLimit, long modelTableLimit) {
    this.baseScore = model.baseScore();
    this.forest = new Forest(model.numFeatures(), model.baseMargin(), model.trees());
    this.quadrature = new QuadratureExplainer(forest);
    this.table = new TableExplainer(forest, quadrature, treeTableLimit, modelTableLimit);
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
    return new TreeEnsemble(ModelReader.read(modelBytes), treeTableLimit, modelTableLimit);
  }

  /** Number of input features the model expects, in model input order. */
  public int numFeatures() {
    return forest.numFeatures();
  }

  /**
   * Whether some tree splits on feature {@code index}: a feature no tree splits on moves neither
   * the margin nor its own SHAP contribution, which is then exactly 0.
   */
  public boolean splitsOn(int index) {
    return forest.splitsOn(index);
  }

  /** Number of trees. */
  public int numTrees() {
    return forest.trees().length;
  }

  /** The depth of the deepest tree (a root-only tree has depth 0). */
  int maxDepth() {
    return forest.maxDepth();
  }

  /** How many trees the {@link Explainer#TABLE} explainer serves from tables (the rest walk). */
  public int treesWithTables() {
    return table.tables().tabledTrees();
  }

  /** Doubles of tree {@code t}'s tables, whether or not it got them (tests set limits by it). */
  long tableDoubles(int t) {
    return table.tables().tableDoubles(t);
  }

  /** Heap bytes of the {@link Explainer#TABLE} explainer's tables, built at load. */
  public long explanationTableBytes() {
    return table.tables().bytes();
  }

  /** The base score in probability space, as saved by XGBoost. */
  public double baseScore() {
    return baseScore;
  }

  /** The expected margin over the training data (TreeSHAP's bias): base margin + tree means. */
  public double expectedMargin() {
    return forest.expectedMargin();
  }

  /** The margin (log-odds of default); {@code NaN} entries are missing values. */
  public double margin(double[] x) {
    checkLength(x);
    return forest.margin(x);
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
    double[] out = new double[numFeatures() + 1];
    marginAndContributions(x, explainer, out);
    return out;
  }

  /**
   * Probability, margin and contributions of one row, explained by {@code explainer}; the margin
   * and probability are those of {@link #margin} and {@link #probability}, bit for bit. With {@link
   * Explainer#TABLE} all three come from one pass over the trees.
   */
  public Score score(double[] x, Explainer explainer) {
    double[] contributions = new double[numFeatures() + 1];
    double margin = marginAndContributions(x, explainer, contributions);
    return new Score(sigmoid(margin), margin, contributions);
  }

  /**
   * The margin, bit-identical to {@link #margin(double[])}, and the contributions into {@code out}
   * ({@code numFeatures() + 1} values): with {@link Explainer#TABLE} in one pass over the trees.
   */
  double marginAndContributions(double[] x, Explainer explainer, double[] out) {
    checkLength(x);
    if (out.length != numFeatures() + 1) {
      throw new IllegalArgumentException(
          "contributions need " + (numFeatures() + 1) + " values, not " + out.length);
    }
    switch (java.util.Objects.requireNonNull(explainer, "explainer")) {
      case QUADRATURE:
        quadrature.contributions(x, out);
        return margin(x);
      case TABLE:
        return table.marginAndContributions(x, out);
      default:
        throw new IllegalArgumentException("unsupported explainer " + explainer.id());
    }
  }

  private void checkLength(double[] x) {
    if (x.length != numFeatures()) {
      throw new IllegalArgumentException(
          "feature vector has " + x.length + " values, the model expects " + numFeatures());
    }
  }

  @Override
  public String toString() {
    return "TreeEnsemble[features=" + numFeatures() + ", trees=" + numTrees() + "]";
  }
}
