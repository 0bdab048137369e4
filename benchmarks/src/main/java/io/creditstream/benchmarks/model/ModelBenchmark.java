package io.creditstream.benchmarks.model;

import io.creditstream.benchmarks.pipeline.HomeCreditData;
import io.creditstream.benchmarks.report.Figures;
import io.creditstream.model.Explainer;
import io.creditstream.model.Score;
import io.creditstream.model.ScoringModel;
import io.creditstream.trainer.train.TrainCommand;
import io.creditstream.trainer.train.TrainingData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The model the product trains ({@link TrainCommand} on {@code application_train.sample} with the
 * product's feature set), evaluated over every real training row by {@link ScoringModel#score} and
 * by XGBoost4J's {@code predict}/{@code predictContrib} on the same model bytes. Output: the
 * largest absolute differences of probability, margin and contributions; the cost per row (CPU time
 * of the calling thread, and wall clock) of ours (probability and contributions, by the default
 * explainer, named in the output, and by the quadrature one) against XGBoost4J batched with one
 * thread; and the ensemble's shape (trees, leaves, depth, trees with tables), which sets TreeSHAP's
 * cost.
 */
@Command(
    name = "model-benchmark",
    mixinStandardHelpOptions = true,
    description = "Agreement with XGBoost4J and cost per row of the product's trained model.")
public final class ModelBenchmark implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ModelBenchmark.class);

  @Option(
      names = "--data",
      description = "Home Credit directory (default: ../shared/data/home-credit).")
  Path data;

  @Option(
      names = "--dir",
      defaultValue = "target/bench-model",
      description = "Where the model is trained.")
  Path dir;

  @Option(
      names = "--model-dir",
      description = "Use this trained model (model.ubj, model-card.json) instead of training.")
  Path modelDir;

  @Option(names = "--trials", defaultValue = "1")
  int trials;

  @Option(names = "--folds", defaultValue = "3")
  int folds;

  @Option(names = "--max-rounds", defaultValue = "400")
  int maxRounds;

  @Option(
      names = "--passes",
      defaultValue = "3",
      description = "Timed passes over all rows (best is kept).")
  int passes;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ModelBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Figures figures = Figures.started();
    Path real = HomeCreditData.locate(data);
    if (real == null) {
      throw new IllegalStateException(
          "The model comparison needs the real rows: no ../shared/data/home-credit (pass --data)");
    }
    Path model = modelDir;
    if (model == null) {
      model = dir.resolve("model");
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      int exit =
          new CommandLine(new TrainCommand())
              .execute(
                  "--data", real.toString(),
                  "--out", model.toString(),
                  "--folds", Integer.toString(folds),
                  "--trials", Integer.toString(trials),
                  "--max-rounds", Integer.toString(maxRounds),
                  "--early-stopping", "30");
      if (exit != 0) {
        throw new IllegalStateException("Training failed (exit " + exit + ")");
      }
      figures.put("train_s", (System.nanoTime() - t0) / 1e9);
    }
    byte[] bytes = Files.readAllBytes(model.resolve("model.ubj"));
    ScoringModel ours =
        ScoringModel.load(bytes, Files.readString(model.resolve("model-card.json")));
    TrainingData table = TrainingData.load(real, false);
    if (!table.featureNames().equals(ours.card().featureNames())) {
      throw new IllegalStateException(
          "The training data's features differ from the model card's: "
              + table.featureNames().size()
              + " vs "
              + ours.card().featureNames().size());
    }
    int rows = table.rows();
    int cols = table.columns();
    float[] matrix = table.matrix();
    double[][] x = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        x[i][j] = matrix[i * cols + j];
      }
    }
    figures.put("rows", rows).put("features", cols).put("model", ours.version());

    Booster booster = XGBoost.loadModel(bytes);
    booster.setParam("nthread", 1);
    shape(booster, figures);

    // Agreement over every row.
    DMatrix all = new DMatrix(matrix, rows, cols, Float.NaN);
    float[][] probabilities = booster.predict(all);
    float[][] margins = booster.predict(all, true);
    float[][] contributions = booster.predictContrib(all, 0);
    all.dispose();
    double maxP = 0;
    double maxM = 0;
    double maxC = 0;
    for (int i = 0; i < rows; i++) {
      Score s = ours.score(x[i]);
      maxP = Math.max(maxP, Math.abs(s.probability() - probabilities[i][0]));
      maxM = Math.max(maxM, Math.abs(s.margin() - margins[i][0]));
      for (int j = 0; j <= cols; j++) {
        maxC = Math.max(maxC, Math.abs(s.contributions()[j] - contributions[i][j]));
      }
    }
    figures.put("max_abs_diff_probability", maxP);
    figures.put("max_abs_diff_margin", maxM);
    figures.put("max_abs_diff_contribution", maxC);

    // Cost per row: best of several passes (the machine is shared; the best pass is the least
    // disturbed), in CPU time of this thread and in wall clock.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double oursCpu = Double.MAX_VALUE;
    double oursWall = Double.MAX_VALUE;
    double oursProbCpu = Double.MAX_VALUE;
    double oursQuadratureCpu = Double.MAX_VALUE;
    double xgbCpu = Double.MAX_VALUE;
    double xgbWall = Double.MAX_VALUE;
    double xgbContribCpu = Double.MAX_VALUE;
    double sink = 0;
    for (int pass = 0; pass < passes; pass++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      for (int i = 0; i < rows; i++) {
        sink += ours.score(x[i]).contributions()[cols];
      }
      oursCpu = Math.min(oursCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / rows);
      oursWall = Math.min(oursWall, (System.nanoTime() - wall) / 1e3 / rows);

      cpu = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < rows; i++) {
        sink += ours.score(x[i], Explainer.QUADRATURE).contributions()[cols];
      }
      oursQuadratureCpu =
          Math.min(oursQuadratureCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / rows);

      cpu = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < rows; i++) {
        sink += ours.ensemble().probability(x[i]);
      }
      oursProbCpu = Math.min(oursProbCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / rows);

      // Batched as XGBoost4J is meant to be used: one DMatrix of every row, one predict.
      cpu = threads.getCurrentThreadCpuTime();
      wall = System.nanoTime();
      DMatrix batch = new DMatrix(matrix, rows, cols, Float.NaN);
      sink += booster.predict(batch)[rows - 1][0];
      batch.dispose();
      xgbCpu = Math.min(xgbCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / rows);
      xgbWall = Math.min(xgbWall, (System.nanoTime() - wall) / 1e3 / rows);

      cpu = threads.getCurrentThreadCpuTime();
      batch = new DMatrix(matrix, rows, cols, Float.NaN);
      sink += booster.predictContrib(batch, 0)[rows - 1][cols];
      batch.dispose();
      xgbContribCpu =
          Math.min(xgbContribCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / rows);
      log.info("Pass {} done (checksum {})", pass + 1, sink);
    }
    booster.dispose();
    figures.put("explainer", Explainer.DEFAULT.id());
    figures.put("trees_with_tables", ours.ensemble().treesWithTables());
    figures.put("table_mib", ours.ensemble().explanationTableBytes() / 1048576.0);
    figures.put("ours_score_cpu_us", oursCpu);
    figures.put("ours_score_quadrature_cpu_us", oursQuadratureCpu);
    figures.put("ours_score_wall_us", oursWall);
    figures.put("ours_probability_only_cpu_us", oursProbCpu);
    figures.put("xgb_batched_predict_cpu_us", xgbCpu);
    figures.put("xgb_batched_predict_wall_us", xgbWall);
    figures.put("xgb_batched_contrib_cpu_us", xgbContribCpu);
    figures.put("score_cost_ratio", oursCpu / xgbCpu);
    figures.put("target_ratio_max", 3);
    System.out.println(figures.finished());
    return 0;
  }

  /** Trees, leaves and depth from XGBoost's own dump (text: one line per node, tabs = depth). */
  private static void shape(Booster booster, Figures figures) throws Exception {
    String[] trees = booster.getModelDump("", false);
    long leaves = 0;
    int maxDepth = 0;
    double depthSum = 0;
    for (String tree : trees) {
      for (String line : tree.split("\n")) {
        if (line.contains("leaf=")) {
          leaves++;
          int depth = 0;
          while (depth < line.length() && line.charAt(depth) == '\t') {
            depth++;
          }
          maxDepth = Math.max(maxDepth, depth);
          depthSum += depth;
        }
      }
    }
    figures.put("trees", trees.length);
    figures.put("leaves_per_tree", (double) leaves / trees.length);
    figures.put("max_depth", maxDepth);
    figures.put("mean_leaf_depth", depthSum / Math.max(1, leaves));
  }
}
