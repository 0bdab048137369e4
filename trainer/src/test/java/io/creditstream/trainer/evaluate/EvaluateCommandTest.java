package io.creditstream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.datagen.GeneratedTables;
import io.creditstream.datagen.HomeCreditGenerator;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.features.evaluation.Metrics;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.testkit.HomeCreditData;
import io.creditstream.trainer.train.Trainer;
import io.creditstream.trainer.train.TrainingData;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code evaluate} through its command line: on the real sample, on generated tables with their
 * history, against the trainer's own out-of-fold figures, and on a file with the wrong columns.
 */
class EvaluateCommandTest {
  static final int ROWS = 2500;
  @TempDir static Path dir;
  static Path sample;
  static List<String> lines = new ArrayList<>();
  static TrainingData data;
  static Trainer.Options options =
      new Trainer.Options(3, 11, 1, 0, 40, 10, 1, 10, 1, 1, ProtectedAttributes.DEFAULT);
  static Trainer.Result result;
  static Path modelDir;

  @BeforeAll
  static void trainOnTheFirstRealRows() throws Exception {
    sample = HomeCreditData.trainSample();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sample)), StandardCharsets.UTF_8))) {
      for (int i = 0; i <= ROWS; i++) {
        lines.add(in.readLine());
      }
    }
    Path train = dir.resolve("train");
    Files.createDirectories(train);
    Files.write(train.resolve("application_train.csv"), lines);
    data = TrainingData.load(train, true);
    result = new Trainer(options).train(data);
    modelDir = dir.resolve("model");
    write(modelDir, result.modelBytes(), result.card().toJson());
  }

  static void write(Path d, byte[] bytes, String card) throws Exception {
    Files.createDirectories(d);
    Files.write(d.resolve("model.ubj"), bytes);
    Files.writeString(d.resolve("model-card.json"), card);
  }

  record Run(int exit, Map<String, String> figures, String err, Path report) {}

  static Run evaluate(String... args) throws Exception {
    Path report = Files.createTempFile(dir, "report", ".html");
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--report");
    all.add(report.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    java.io.StringWriter err = new java.io.StringWriter();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      CommandLine cl = new CommandLine(new EvaluateCommand());
      cl.setErr(new java.io.PrintWriter(err));
      exit = cl.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    Map<String, String> figures = new HashMap<>();
    String line = out.toString(StandardCharsets.UTF_8).trim();
    for (String pair : line.isEmpty() ? new String[0] : line.split(" ")) {
      String[] kv = pair.split("=", 2);
      figures.put(kv[0], kv[1]);
    }
    return new Run(exit, figures, err.toString(), report);
  }

  static double number(Run r, String name) {
    assertThat(r.figures()).containsKey(name);
    return Double.parseDouble(r.figures().get(name));
  }

  @Test
  void eachFoldModelOnItsOwnRowsGivesBackTheTrainersOutOfFoldFigures() throws Exception {
    // The trainer's out-of-fold prediction of a row comes from the fold model that did not see it;
    // evaluate of that fold model on exactly that fold's rows must find the same predictions,
    // hence the same AUC per fold and, over all folds, the fairness figures the card records.
    List<Trainer.FoldModel> folds = new Trainer(options).foldModels(data, result);
    double[] merged = new double[data.rows()];
    for (Trainer.FoldModel fold : folds) {
      Path d = dir.resolve("fold-" + fold.fold());
      write(d, fold.modelBytes(), fold.card().toJson());
      List<String> foldLines = new ArrayList<>(List.of(lines.get(0)));
      double[] oof = new double[fold.validationRows().length];
      int[] labels = new int[oof.length];
      for (int r = 0; r < oof.length; r++) {
        int i = fold.validationRows()[r];
        foldLines.add(lines.get(i + 1)); // data row i is file line i + 1 (after the header)
        oof[r] = result.outOfFold()[i];
        labels[r] = result.labels()[i];
      }
      Path file = d.resolve("rows.csv");
      Files.write(file, foldLines);

      Run run = evaluate("--model-dir", d.toString(), "--data", file.toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(number(run, "rows")).isEqualTo(oof.length);
      // XGBoost's out-of-fold probabilities are float32, ours double: a hair apart, so an AUC
      // can move only where two rows are that close
      assertThat(number(run, "roc_auc")).isCloseTo(Metrics.rocAuc(oof, labels), within(2e-4));
      Evaluation e =
          Evaluation.of(
              io.creditstream.model.ScoringModel.load(fold.modelBytes(), fold.card().toJson()),
              TrainingData.load(file, null, 1));
      for (int r = 0; r < oof.length; r++) {
        assertThat(e.probabilities()[r])
            .as("fold " + fold.fold() + " row " + r)
            .isCloseTo(oof[r], within(1e-6));
        merged[fold.validationRows()[r]] = e.probabilities()[r];
      }
    }
    // Every row is decided as the trainer decided it out of fold, except a row whose float32
    // out-of-fold probability sits on the threshold itself (chosen among those very values): our
    // double probability may fall a hair either side of it.
    double t = result.card().threshold();
    int onThreshold = 0;
    for (int i = 0; i < merged.length; i++) {
      double oof = result.outOfFold()[i];
      if (Math.abs(oof - t) < 1e-6) {
        onThreshold++;
      } else {
        assertThat(merged[i] < t).as("row " + i).isEqualTo(oof < t);
      }
    }
    assertThat(onThreshold).isLessThan(data.rows() / 20);
    Map<String, Double> card = result.card().metrics();
    Map<String, Double> fromFolds = Evaluation.of(result.card(), data, merged).figures();
    assertThat(fromFolds.get("roc_auc")).isCloseTo(card.get("oof_auc"), within(2e-4));
    assertThat(fromFolds.get("brier")).isCloseTo(card.get("brier"), within(1e-6));
    assertThat(fromFolds.get("fair_age_25_40_auc"))
        .isCloseTo(card.get("fair_age_25_40_auc"), within(2e-4));
    // and on the trainer's own predictions, evaluate's code gives the card's figures exactly
    Map<String, Double> same = Evaluation.of(result.card(), data, result.outOfFold()).figures();
    card.forEach(
        (k, v) -> {
          if (k.startsWith("fair_")) {
            assertThat(same).containsEntry(k, v);
          }
        });
    assertThat(same.get("roc_auc")).isEqualTo(card.get("oof_auc"));
    assertThat(same.get("cost_per_applicant")).isEqualTo(card.get("cost_per_applicant"));
  }

  @Test
  void theFinalModelOnItsOwnTrainingRowsLooksBetterThanOutOfFold() throws Exception {
    // where the figures should NOT agree: the exported model saw every one of these rows
    Run run = evaluate("--model-dir", modelDir.toString(), "--data", firstRows().toString());

    assertThat(run.exit()).isZero();
    assertThat(number(run, "roc_auc")).isGreaterThan(result.card().metrics().get("oof_auc"));
  }

  static Path firstRows() throws Exception {
    Path f = dir.resolve("first.csv");
    if (!Files.exists(f)) {
      Files.write(f, lines);
    }
    return f;
  }

  @Test
  void evaluatesTheWholeRealSampleOnOneLineAndWritesTheReport() throws Exception {
    Run run = evaluate("--model-dir", modelDir.toString(), "--data", sample.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(number(run, "rows")).isEqualTo(38874);
    assertThat(number(run, "defaults")).isEqualTo(3120);
    assertThat(number(run, "roc_auc")).isBetween(0.65, 0.85);
    assertThat(number(run, "approval_rate")).isBetween(0.0, 1.0);
    assertThat(run.figures())
        .containsKeys(
            "pr_auc",
            "brier",
            "cost_per_applicant",
            "fair_sex_M_approval_ratio",
            "fair_age_lt25_good_refused_share",
            "fair_age_60plus_default_rate_approved");
    String html = Files.readString(run.report());
    assertThat(html).contains("<h2>Calibration</h2>").contains("<table class=\"fairness\">");
    assertThat(html).doesNotContain("<script");
  }

  @Test
  void evaluatesGeneratedTablesWithTheirHistory() throws Exception {
    Path gen = dir.resolve("generated");
    GeneratedTables tables = HomeCreditGenerator.generate(gen, 1500, 7, 0.0);
    Path file = tables.file(HomeCreditTable.APPLICATION_TRAIN);

    Run withHistory =
        evaluate(
            "--model-dir",
            modelDir.toString(),
            "--data",
            file.toString(),
            "--history",
            gen.toString());
    Run without = evaluate("--model-dir", modelDir.toString(), "--data", file.toString());

    assertThat(withHistory.exit()).as(withHistory.err()).isZero();
    assertThat(number(withHistory, "rows"))
        .isEqualTo(tables.rows(HomeCreditTable.APPLICATION_TRAIN));
    assertThat(number(withHistory, "roc_auc")).isBetween(0.0, 1.0);
    assertThat(withHistory.figures()).containsKey("fair_sex_F_approval_rate");
    assertThat(number(without, "rows")).isEqualTo(number(withHistory, "rows"));
  }

  @Test
  void refusesAFileWithoutTheLabelOrTheApplicationColumns() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.write(bad, List.of("SK_ID_CURR,AMT_CREDIT", "1,1000"));

    Run run = evaluate("--model-dir", modelDir.toString(), "--data", bad.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("lacks the columns TARGET, NAME_CONTRACT_TYPE, CODE_GENDER");
    assertThat(run.figures()).isEmpty();
  }
}
