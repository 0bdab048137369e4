package io.creditstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ScoringModel;
import io.creditstream.testkit.HomeCreditData;
import io.creditstream.trainer.report.TrainingReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on the first 2,500 real labelled rows: small enough for a unit test. */
class TrainerTest {
  static final int ROWS = 2500;
  @TempDir static Path dir;
  static TrainingData data;
  static Trainer.Options options =
      new Trainer.Options(3, 11, 2, 0, 40, 10, 1, 10, 1, 1, ProtectedAttributes.DEFAULT);

  @BeforeAll
  static void sample() throws IOException {
    Path source = HomeCreditData.trainSample();
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(source)), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(dir.resolve("application_train.csv"))) {
      for (int i = 0; i <= ROWS; i++) {
        out.write(in.readLine());
        out.write('\n');
      }
    }
    data = TrainingData.load(dir, true);
  }

  @Test
  void readsEveryLabelledRowIntoTheFeatureOrder() {
    assertThat(data.rows()).isEqualTo(ROWS);
    assertThat(data.featureNames()).isEqualTo(FeatureSet.current().names());
    assertThat(data.matrix()).hasSize(ROWS * FeatureSet.current().names().size());
    assertThat(data.positives()).isBetween(100L, 400L);
    assertThat(data.fingerprint()).startsWith("sha256:").hasSize(7 + 64);
  }

  @Test
  void givesTheSameModelBytesForTheSameSeed() throws Exception {
    Trainer.Result first = new Trainer(options).train(data);
    Trainer.Result second = new Trainer(options).train(data);

    assertThat(second.modelBytes()).isEqualTo(first.modelBytes());
    assertThat(second.card().version()).isEqualTo(first.card().version());
    assertThat(second.card().threshold()).isEqualTo(first.card().threshold());
    assertThat(second.card().metrics().get("cv_auc"))
        .isEqualTo(first.card().metrics().get("cv_auc"));
  }

  @Test
  void exportsAModelThatReloadsAndReproducesXgboostPredictions() throws Exception {
    Trainer.Result result = new Trainer(options).train(data);

    ScoringModel reloaded = ScoringModel.load(result.modelBytes(), result.card().toJson());
    Booster booster = XGBoost.loadModel(result.modelBytes());
    int n = 300;
    int width = data.columns();
    float[] rows = java.util.Arrays.copyOf(data.matrix(), n * width);
    DMatrix matrix = new DMatrix(rows, n, width, Float.NaN);
    float[][] expected = booster.predict(matrix);

    assertThat(reloaded.version()).isEqualTo(result.card().version());
    assertThat(booster.getNumBoostedRound()).isEqualTo(result.card().bestIteration() + 1);
    for (int i = 0; i < n; i++) {
      double[] x = new double[width];
      for (int j = 0; j < width; j++) {
        x[j] = rows[i * width + j];
      }
      assertThat(reloaded.score(x).probability())
          .as("row " + i)
          .isCloseTo(expected[i][0], within(1e-6));
    }
    matrix.dispose();
    booster.dispose();
  }

  @Test
  void neverLetsTheModelReadTheProtectedAttributeAndRecordsIt() throws Exception {
    // given the real rows, where CODE_GENDER is present on every row
    int gender = data.featureNames().indexOf("CODE_GENDER");
    float before = data.matrix()[gender];

    Trainer.Result result = new Trainer(options).train(data);
    ScoringModel model = ScoringModel.load(result.modelBytes(), result.card().toJson());

    // then the card lists it, no tree splits on it, it has no drift reference and no importance
    assertThat(result.card().protectedAttributes()).containsExactly("CODE_GENDER");
    assertThat(result.card().protectedFeatures()).containsExactly("CODE_GENDER");
    assertThat(model.ensemble().splitsOn(gender)).isFalse();
    assertThat(result.card().referenceStats()).doesNotContainKey("CODE_GENDER");
    assertThat(result.card().globalImportance()).doesNotContainKey("CODE_GENDER");
    // and the caller's data is given back as it was
    assertThat(data.matrix()[gender]).isEqualTo(before).isNotNaN();
  }

  @Test
  void theSameTrainingWithGenderAllowedSplitsOnIt() throws Exception {
    // the control for the test above: on these rows sex carries signal, so a model free to use it
    // does split on it (otherwise "no split" above would prove nothing)
    Trainer.Options free =
        new Trainer.Options(3, 11, 1, 0, 40, 10, 1, 10, 1, 1, java.util.List.of());

    Trainer.Result result = new Trainer(free).train(data);

    assertThat(result.card().protectedAttributes()).isEmpty();
    int gender = data.featureNames().indexOf("CODE_GENDER");
    assertThat(XGBoost.loadModel(result.modelBytes()).getScore("", "weight"))
        .containsKey("f" + gender);
  }

  @Test
  void recordsFairnessFiguresComputedOnTheOutOfFoldPredictions() throws Exception {
    Trainer.Result result = new Trainer(options).train(data);

    // recomputed here from the out-of-fold predictions, the threshold and the rows' own values
    io.creditstream.features.evaluation.Fairness.Groups groups =
        io.creditstream.features.evaluation.Fairness.Groups.of(data.featureNames());
    io.creditstream.features.evaluation.Fairness.Tally tally =
        new io.creditstream.features.evaluation.Fairness.Tally();
    double[] x = new double[data.columns()];
    for (int i = 0; i < data.rows(); i++) {
      data.row(i, x);
      double p = result.outOfFold()[i];
      tally.add(groups, x, p, p < result.card().threshold(), result.labels()[i]);
    }
    java.util.Map<String, Double> expected = tally.report().metrics();

    assertThat(expected).containsKeys("fair_sex_F_approval_rate", "fair_sex_M_auc");
    assertThat(expected).containsKeys("fair_age_25_40_good_refused_share");
    expected.forEach((k, v) -> assertThat(result.card().metrics()).containsEntry(k, v));
    assertThat(result.fairness().groups()).isNotEmpty();
    assertThat(TrainingReport.html(result))
        .contains("<h2>Fairness")
        .contains("<table class=\"fairness\">");
  }

  @Test
  void fillsTheModelCardForScoringAndMonitoring() throws Exception {
    Trainer.Result result = new Trainer(options).train(data);
    ModelCard card = ModelCard.fromJson(result.card().toJson());

    assertThat(card.featureSetVersion()).isEqualTo(FeatureSet.current().version());
    assertThat(card.featureNames()).isEqualTo(FeatureSet.current().names());
    assertThat(card.threshold()).isStrictlyBetween(0.0, 1.0);
    assertThat(card.costFalseNegative()).isEqualTo(10.0);
    assertThat(card.dataFingerprint()).isEqualTo(data.fingerprint());
    // real rows carry signal: far better than chance even on 2,500 rows and 40 trees
    assertThat(card.metrics().get("cv_auc")).isGreaterThan(0.65);
    assertThat(card.metrics().get("cost_per_applicant"))
        .isLessThanOrEqualTo(card.metrics().get("cost_accept_all"))
        .isLessThanOrEqualTo(card.metrics().get("cost_refuse_all"));
    double confusion =
        card.metrics().get("tp")
            + card.metrics().get("fp")
            + card.metrics().get("tn")
            + card.metrics().get("fn");
    assertThat(confusion).isEqualTo(ROWS);
    assertThat(card.metrics()).containsKeys("pr_auc", "brier", "reliability_01_observed");
    assertThat(card.globalImportance()).containsKey("EXT_SOURCE_3");
    ModelCard.FeatureReference ext = card.referenceStats().get("EXT_SOURCE_2");
    long counted = ext.missingGood() + ext.missingBad();
    for (int b = 0; b < ext.bins(); b++) {
      counted += ext.goodCounts()[b] + ext.badCounts()[b];
    }
    assertThat(counted).isEqualTo(ROWS);
    assertThat(ext.bins()).isEqualTo(10);

    String html = TrainingReport.html(result);
    assertThat(html).contains("ROC curve").contains("<svg").contains(card.version());
    assertThat(html.split("<svg", -1)).hasSize(5); // ROC, cost, reliability, importance
    assertThat(html).doesNotContain("<script");
  }

  @Test
  void reportsARowWithoutAValidLabel() throws IOException {
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    try (BufferedReader in = Files.newBufferedReader(dir.resolve("application_train.csv"));
        BufferedWriter out = Files.newBufferedWriter(bad.resolve("application_train.csv"))) {
      out.write(in.readLine() + "\n");
      String row = in.readLine();
      out.write(row + "\n");
      // same row with the label (second column) replaced by 2
      int a = row.indexOf(',');
      int b = row.indexOf(',', a + 1);
      out.write(row.substring(0, a + 1) + "2" + row.substring(b) + "\n");
    }

    TrainingData loaded = TrainingData.load(bad, true);

    assertThat(loaded.rows()).isEqualTo(1);
    assertThat(loaded.problems()).hasSize(1);
    assertThat(loaded.problems().get(0).line()).isEqualTo(3);
    assertThat(loaded.problems().get(0).column()).isEqualTo("TARGET");
    assertThat(loaded.problems().get(0).value()).isEqualTo("2.0");
  }
}
