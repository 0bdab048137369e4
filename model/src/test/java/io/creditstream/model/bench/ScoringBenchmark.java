package io.creditstream.model.bench;

import io.creditstream.model.TreeEnsemble;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * Time to score one row: XGBoost4J (new DMatrix + predict, batched predict, predictContrib) against
 * {@link TreeEnsemble} (probability; probability + TreeSHAP). Input: a model trained in the setup
 * on 10,000 synthetic rows (50 features, 10% missing, depth 5, 130 trees); output: microseconds per
 * row, and one closing line of name=value pairs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoringBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringBenchmark.class);
  private static final int FEATURES = 50;
  private static final int BATCH = 1000;

  private Booster booster;
  private TreeEnsemble ensemble;
  private double[][] rows;
  private float[][] floatRows;
  private float[] batch;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SplittableRandom random = new SplittableRandom(2026);
    int n = 10_000;
    float[] flat = new float[n * FEATURES];
    float[] labels = new float[n];
    rows = new double[n][FEATURES];
    floatRows = new float[n][FEATURES];
    for (int i = 0; i < n; i++) {
      double logit = -2;
      for (int j = 0; j < FEATURES; j++) {
        double v = random.nextDouble() < 0.1 ? Double.NaN : random.nextGaussian();
        rows[i][j] = v;
        floatRows[i][j] = (float) v;
        flat[i * FEATURES + j] = (float) v;
        if (j < 10 && !Double.isNaN(v)) {
          logit += (j % 2 == 0 ? 0.5 : -0.4) * v;
        }
      }
      labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1f : 0f;
    }
    DMatrix train = new DMatrix(flat, n, FEATURES, Float.NaN);
    train.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("tree_method", "hist");
    params.put("max_depth", 5);
    params.put("eta", 0.1);
    params.put("seed", 1);
    // One thread per call, as a scorer thread would use it; OpenMP fan-out only costs on one row.
    params.put("nthread", 1);
    params.put("verbosity", 0);
    booster = XGBoost.train(train, params, 130, new HashMap<>(), null, null);
    train.dispose();
    ensemble = TreeEnsemble.fromXgboost(booster.toByteArray("ubj"));
    batch = new float[BATCH * FEATURES];
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

  @Benchmark
  public float xgboostOneRowPredict() throws Exception {
    DMatrix m = new DMatrix(floatRows[nextRow()], 1, FEATURES, Float.NaN);
    try {
      return booster.predict(m)[0][0];
    } finally {
      m.dispose();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float xgboostBatchedPerRow() throws Exception {
    DMatrix m = new DMatrix(batch, BATCH, FEATURES, Float.NaN);
    try {
      return booster.predict(m)[BATCH - 1][0];
    } finally {
      m.dispose();
    }
  }

  @Benchmark
  public float xgboostOneRowContributions() throws Exception {
    DMatrix m = new DMatrix(floatRows[nextRow()], 1, FEATURES, Float.NaN);
    try {
      return booster.predictContrib(m, 0)[0][FEATURES];
    } finally {
      m.dispose();
    }
  }

  @Benchmark
  public double oursOneRowProbability() {
    return ensemble.probability(rows[nextRow()]);
  }

  @Benchmark
  public double[] oursOneRowScoreWithContributions() {
    double[] x = rows[nextRow()];
    double[] phi = ensemble.contributions(x);
    phi[0] += ensemble.probability(x);
    return phi;
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
