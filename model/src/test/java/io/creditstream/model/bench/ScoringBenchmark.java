package io.creditstream.model.bench;

import io.creditstream.model.Explainer;
import io.creditstream.model.ScoringModel;
import io.creditstream.model.TreeEnsemble;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time to score one row: XGBoost4J (new DMatrix + predict, batched predict, predictContrib one row
 * and batched) against {@link TreeEnsemble} (probability; probability + TreeSHAP by the default
 * explainer, by {@link Explainer#QUADRATURE} and by {@link Explainer#TABLE}). Input: a model
 * trained in the setup on 10,000 synthetic rows, 10% missing, of the {@code shape} parameter:
 * features, depth and trees ({@code 50f-d5-130t} is the original bench model; the other two
 * resemble the product's models); output: microseconds per row, and one closing line of name=value
 * pairs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoringBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringBenchmark.class);
  private static final int BATCH = 1000;

  /** Features, max depth and trees of the model: {@code <features>f-d<depth>-<trees>t}. */
  @Param({"50f-d5-130t", "150f-d4-500t", "430f-d6-200t"})
  public String shape = "50f-d5-130t";

  private int features;
  private long loadNanos;

  private Booster booster;
  private TreeEnsemble ensemble;
  private double[][] rows;
  private float[][] floatRows;
  private float[] batch;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String[] parts = shape.split("-");
    features = Integer.parseInt(parts[0].substring(0, parts[0].length() - 1));
    int depth = Integer.parseInt(parts[1].substring(1));
    int trees = Integer.parseInt(parts[2].substring(0, parts[2].length() - 1));
    SplittableRandom random = new SplittableRandom(2026);
    int n = 10_000;
    float[] flat = new float[n * features];
    float[] labels = new float[n];
    rows = new double[n][features];
    floatRows = new float[n][features];
    for (int i = 0; i < n; i++) {
      double logit = -2;
      for (int j = 0; j < features; j++) {
        double v = random.nextDouble() < 0.1 ? Double.NaN : random.nextGaussian();
        rows[i][j] = v;
        floatRows[i][j] = (float) v;
        flat[i * features + j] = (float) v;
        if (j < 10 && !Double.isNaN(v)) {
          logit += (j % 2 == 0 ? 0.5 : -0.4) * v;
        }
      }
      labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1f : 0f;
    }
    DMatrix train = new DMatrix(flat, n, features, Float.NaN);
    train.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("tree_method", "hist");
    params.put("max_depth", depth);
    params.put("eta", 0.1);
    params.put("seed", 1);
    // One thread per call, as a scorer thread would use it; OpenMP fan-out only costs on one row.
    params.put("nthread", 1);
    params.put("verbosity", 0);
    booster = XGBoost.train(train, params, trees, new HashMap<>(), null, null);
    train.dispose();
    byte[] bytes = booster.toByteArray("ubj");
    long start = System.nanoTime();
    ensemble = TreeEnsemble.fromXgboost(bytes);
    loadNanos = System.nanoTime() - start;
    batch = new float[BATCH * features];
    System.arraycopy(flat, 0, batch, 0, batch.length);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    booster.dispose();
  }

  private int nextRow() {
    next = next + 1 == rows.length ? 0 : next + 1;
    return next;
  }

  /** The loaded model's shape, tables and load time (tables are built at load). */
  public String describe() {
    return String.format(
        "shape %s: %d trees (%d from tables), max depth %d, %d features; load %.1f ms;"
            + " tables %.1f MiB",
        shape,
        ensemble.numTrees(),
        ensemble.treesWithTables(),
        maxDepth(),
        features,
        loadNanos / 1e6,
        ensemble.explanationTableBytes() / 1048576.0);
  }

  private int maxDepth() {
    try {
      // XGBoost's text dump indents each node by its depth, one tab per level.
      int deepest = 0;
      for (String tree : booster.getModelDump("", false)) {
        for (String line : tree.split("\n")) {
          int tabs = 0;
          while (tabs < line.length() && line.charAt(tabs) == '\t') {
            tabs++;
          }
          deepest = Math.max(deepest, tabs);
        }
      }
      return deepest;
    } catch (XGBoostError e) {
      return -1;
    }
  }

  @Benchmark
  public float xgboostOneRowPredict() throws Exception {
    DMatrix m = new DMatrix(floatRows[nextRow()], 1, features, Float.NaN);
    try {
      return booster.predict(m)[0][0];
    } finally {
      m.dispose();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float xgboostBatchedPerRow() throws Exception {
    DMatrix m = new DMatrix(batch, BATCH, features, Float.NaN);
    try {
      return booster.predict(m)[BATCH - 1][0];
    } finally {
      m.dispose();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float xgboostBatchedContributionsPerRow() throws Exception {
    DMatrix m = new DMatrix(batch, BATCH, features, Float.NaN);
    try {
      return booster.predictContrib(m, 0)[BATCH - 1][features];
    } finally {
      m.dispose();
    }
  }

  @Benchmark
  public float xgboostOneRowContributions() throws Exception {
    DMatrix m = new DMatrix(floatRows[nextRow()], 1, features, Float.NaN);
    try {
      return booster.predictContrib(m, 0)[0][features];
    } finally {
      m.dispose();
    }
  }

  @Benchmark
  public double oursOneRowProbability() {
    return ensemble.probability(rows[nextRow()]);
  }

  /** Probability + contributions by the default explainer, as two calls (the original bench). */
  @Benchmark
  public double[] oursOneRowScoreWithContributions() {
    double[] x = rows[nextRow()];
    double[] phi = ensemble.contributions(x);
    phi[0] += ensemble.probability(x);
    return phi;
  }

  /** {@link ScoringModel#score(double[], Explainer)}'s work with the quadrature walk (2 passes). */
  @Benchmark
  public double[] oursOneRowScoreQuadrature() {
    double[] x = rows[nextRow()];
    double[] phi = ensemble.contributions(x, Explainer.QUADRATURE);
    phi[0] += ensemble.probability(x);
    return phi;
  }

  /**
   * {@link ScoringModel#score(double[], Explainer)}'s work with the tables: margin and
   * contributions in one pass, then the probability ({@link TreeEnsemble#score}).
   */
  @Benchmark
  public double[] oursOneRowScoreTable() {
    return ensemble.score(rows[nextRow()], Explainer.TABLE).contributions();
  }

  /** Runs every benchmark here; JMH command-line options (-wi, -i, -f, -r, -w) pass through. */
  public static void main(String[] args) throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options.parent(new CommandLineOptions(args)).include(ScoringBenchmark.class.getName() + ".*");
    Map<String, Double> summary = new LinkedHashMap<>();
    for (RunResult result : new Runner(options.build()).run()) {
      String label = result.getParams().getBenchmark();
      summary.put(
          label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
    }
    StringBuilder line = new StringBuilder();
    summary.forEach(
        (name, micros) ->
            line.append(name).append("_us=").append(String.format("%.3f", micros)).append(' '));
    LOG.info("{}", line.toString().trim());
  }
}
