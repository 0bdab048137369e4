package io.creditstream.trainer.train;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.trainer.report.TrainingReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trainer train}: reads the Home Credit tables in {@code --data}, trains and writes {@code
 * model.ubj}, {@code model-card.json} and {@code report.html} to {@code --out}, then prints one
 * line of name=value figures.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the credit model on the Home Credit tables and export it with its card.")
public final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      description =
          "Directory with application_train (.csv/.csv.gz, or application_train.sample /"
              + " application) and optionally the history tables.")
  Path data;

  @Option(names = "--out", defaultValue = "target/model", description = "Output directory.")
  Path out;

  @Option(names = "--application-only", description = "Ignore the history tables.")
  boolean applicationOnly;

  @Option(
      names = "--load-only",
      description =
          "Only read and aggregate the tables into the training matrix, print one line of counts"
              + " and stop (measures streaming without training).")
  boolean loadOnly;

  @Option(
      names = "--history-passes",
      defaultValue = "1",
      description =
          "Read the history tables this many times, each time for 1/N of the clients: bounds the"
              + " aggregates held at once (same result, N times the reading).")
  int historyPasses;

  @Option(names = "--folds", defaultValue = "5", description = "Stratified CV folds.")
  int folds;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--trials", defaultValue = "6", description = "Search budget: trials.")
  int trials;

  @Option(
      names = "--budget-seconds",
      defaultValue = "0",
      description = "Search budget: no new trial after this many seconds (0 = no limit).")
  long budgetSeconds;

  @Option(names = "--max-rounds", defaultValue = "3000")
  int maxRounds;

  @Option(names = "--early-stopping", defaultValue = "100")
  int earlyStopping;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "XGBoost nthread (fixed; 1 is fastest on a busy shared machine).")
  int threads;

  @Option(
      names = "--cost-accepted-defaulter",
      defaultValue = "10",
      description = "Cost of accepting a client who defaults.")
  double costFalseNegative;

  @Option(
      names = "--cost-refused-good",
      defaultValue = "1",
      description = "Cost of refusing a client who would repay.")
  double costFalsePositive;

  @Option(
      names = "--scale-pos-weight",
      defaultValue = "1",
      description = "XGBoost scale_pos_weight (1 keeps probabilities calibrated).")
  double scalePosWeight;

  @Option(
      names = "--protected",
      split = ",",
      defaultValue = "CODE_GENDER",
      description =
          "Protected attributes, comma-separated application columns (default CODE_GENDER): they"
              + " and every feature derived from them are never model inputs; recorded in the card.")
  List<String> protectedAttributes;

  @Override
  public Integer call() throws Exception {
    Trainer.Options options =
        new Trainer.Options(
            folds,
            seed,
            trials,
            budgetSeconds,
            maxRounds,
            earlyStopping,
            threads,
            costFalseNegative,
            costFalsePositive,
            scalePosWeight,
            protectedAttributes);
    try {
      ProtectedAttributes.of(FeatureSet.current(), protectedAttributes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--protected: " + e.getMessage());
    }
    if (historyPasses < 1) {
      throw new ParameterException(
          spec.commandLine(), "--history-passes must be at least 1, got " + historyPasses);
    }
    if (!Files.isDirectory(data)) {
      throw new ParameterException(spec.commandLine(), "--data " + data + ": no such directory");
    }
    if (HomeCreditTable.APPLICATION_TRAIN.locate(data).isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--data "
              + data
              + ": no labelled application file ("
              + HomeCreditTable.APPLICATION_TRAIN.describeFiles()
              + "); see data/README.md");
    }
    long start = System.nanoTime();
    TrainingData training = TrainingData.load(data, applicationOnly, historyPasses);
    if (loadOnly) {
      // The one line the streaming benchmark records: deliberate user-facing output.
      System.out.println(
          String.format(
              Locale.ROOT,
              "rows=%d features=%d defaulters=%d malformed=%d load_seconds=%.1f",
              training.rows(),
              training.columns(),
              training.positives(),
              training.problems().size(),
              (System.nanoTime() - start) / 1e9));
      return 0;
    }
    Trainer.Result result = new Trainer(options).train(training);
    Files.createDirectories(out);
    Files.write(out.resolve("model.ubj"), result.modelBytes());
    Files.writeString(
        out.resolve("model-card.json"), result.card().toJson(), StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("report.html"), TrainingReport.html(result), StandardCharsets.UTF_8);
    LOG.info(
        "Wrote model {} ({} bytes), model-card.json and report.html to {}; {} malformed rows",
        result.card().version(),
        result.modelBytes().length,
        out.toAbsolutePath(),
        training.problems().size());
    Map<String, Double> m = result.card().metrics();
    // The one line the benchmark records: deliberate user-facing output.
    System.out.println(
        String.format(
            Locale.ROOT,
            "cv_auc=%.4f cv_auc_std=%.4f pr_auc=%.4f brier=%.4f threshold=%.4f"
                + " cost_per_applicant=%.4f cost_accept_all=%.4f cost_refuse_all=%.4f"
                + " rows=%d malformed=%d model=%s train_seconds=%.1f total_seconds=%.1f"
                + " protected=%s fair_groups_below_four_fifths=%.0f",
            m.get("cv_auc"),
            m.get("cv_auc_std"),
            m.get("pr_auc"),
            m.get("brier"),
            result.card().threshold(),
            m.get("cost_per_applicant"),
            m.get("cost_accept_all"),
            m.get("cost_refuse_all"),
            training.rows(),
            training.problems().size(),
            result.card().version(),
            result.trainSeconds(),
            (System.nanoTime() - start) / 1e9,
            String.join(",", result.card().protectedAttributes()),
            m.get("fair_groups_below_four_fifths")));
    return 0;
  }
}
