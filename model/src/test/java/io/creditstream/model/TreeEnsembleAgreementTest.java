package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Our evaluator and TreeSHAP against XGBoost4J's own predictions, row by row. */
class TreeEnsembleAgreementTest {
  private static final Logger LOG = LoggerFactory.getLogger(TreeEnsembleAgreementTest.class);
  private static final double TOLERANCE = 1e-6;

  /**
   * SHAP values plus bias equal the margin exactly in real arithmetic, but both sides are float32
   * sums of 50-150 terms of magnitude up to ~3 (ulp 2.4e-7), as in XGBoost itself, whose own rows
   * miss their margin by about as much (logged beside ours).
   */
  static final double SUM_TOLERANCE = 1e-5;

  /**
   * The two explainers round each tree's double attribution to float32; where the doubles straddle
   * a rounding boundary, that tree's term differs by one float32 ulp (about 1e-8 for terms below
   * 0.1), and the float32 running sum may round once more differently.
   */
  static final double EXPLAINER_TOLERANCE = 1e-7;

  static Stream<Arguments> models() {
    return Stream.of(
        // 30 features, shallow trees, many rounds, base score estimated from the data
        Arguments.of("depth4-150trees", 11L, 30, Map.of("max_depth", 4), 150),
        // 50 features, deep trees, a user-set base score and a large min_child_weight
        Arguments.of(
            "depth6-60trees-base0.3",
            12L,
            50,
            Map.of("max_depth", 6, "base_score", 0.3, "min_child_weight", 3),
            60),
        // 20 features, L1/L2 regularised, gamma pruning
        Arguments.of(
            "depth5-100trees-regularised",
            13L,
            20,
            Map.of("max_depth", 5, "alpha", 0.5, "lambda", 2.0, "gamma", 0.2),
            100),
        // 25 features, dropout (DART, in 3.4 part of gbtree): every tree carries a weight
        Arguments.of(
            "depth4-80trees-dropout",
            14L,
            25,
            Map.of("max_depth", 4, "rate_drop", 0.3, "skip_drop", 0.0, "eta", 0.3),
            80),
        // 20 features, deep trees: paths beyond 8 unique features need a second quadrature walk
        Arguments.of(
            "depth11-25trees-deep",
            15L,
            20,
            Map.of("max_depth", 11, "min_child_weight", 0.5, "eta", 0.3),
            25));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void matchesXgboostOnEveryRowInJsonAndUbj(
      String name, long seed, int features, Map<String, Object> params, int rounds)
      throws Exception {
    // given a model trained by XGBoost4J and rows it has and has not seen
    XgbFixtures.Data data = XgbFixtures.synthetic(seed, 2000, features);
    Booster booster = XgbFixtures.train(data, params, rounds);
    double[][] rows = concat(data.rows(), XgbFixtures.synthetic(seed + 100, 300, features).rows());
    if (params.containsKey("rate_drop")) {
      // a dropout model must really carry weights other than 1, or the case tests nothing new
      assertThat(treeWeightsOtherThanOne(booster)).isGreaterThan(rounds / 10);
    }

    for (String format : new String[] {"json", "ubj"}) {
      // when our evaluator reads the saved model
      byte[] bytes = booster.toByteArray(format);
      TreeEnsemble ensemble = TreeEnsemble.fromXgboost(bytes);
      for (Explainer explainer : Explainer.values()) {
        Agreement a = Agreement.measure(ensemble, booster, rows, explainer);
        LOG.info(
            "{} [{}, {}]: {} rows, max |margin diff| {}, max |probability diff| {},"
                + " max |SHAP diff| {}, max |sum(SHAP) - margin| {} (XGBoost's own: {}),"
                + " bit-identical margins {}/{}",
            name,
            format,
            explainer.id(),
            a.rows(),
            a.maxMarginDiff(),
            a.maxProbabilityDiff(),
            a.maxContributionDiff(),
            a.maxSumToMarginDiff(),
            a.xgboostMaxSumToMarginDiff(),
            a.bitIdenticalMargins(),
            a.rows());

        // then it agrees with XGBoost on every row, whichever explainer
        assertThat(a.maxMarginDiff()).as("margin, %s", format).isLessThanOrEqualTo(TOLERANCE);
        assertThat(a.maxProbabilityDiff())
            .as("probability, %s", format)
            .isLessThanOrEqualTo(TOLERANCE);
        assertThat(a.maxContributionDiff())
            .as("SHAP, %s, %s", format, explainer.id())
            .isLessThanOrEqualTo(TOLERANCE);
        assertThat(a.maxSumToMarginDiff())
            .as("SHAP sum, %s, %s", format, explainer.id())
            .isLessThanOrEqualTo(SUM_TOLERANCE);
      }
      // and the two explainers agree with each other to a float32 ulp or so
      ExplainerAgreement e = ExplainerAgreement.compare(ensemble, rows);
      LOG.info(
          "{} [{}]: table vs quadrature: {} ({} of {} trees from tables, {} bytes)",
          name,
          format,
          e,
          ensemble.treesWithTables(),
          ensemble.numTrees(),
          ensemble.explanationTableBytes());
      assertThat(e.maxDiff()).as("table vs quadrature").isLessThanOrEqualTo(EXPLAINER_TOLERANCE);
      // identity is not guaranteed (two double computations), but held for every value here
      assertThat(e.bitIdentical()).isGreaterThanOrEqualTo(e.values() - e.values() / 1000);
      assertThat(e.marginsIdentical()).isEqualTo(rows.length);

      assertThat(ensemble.numFeatures()).isEqualTo(features);
      assertThat(ensemble.numTrees()).isEqualTo(rounds);
      assertThat(ensemble.maxDepth()).isLessThanOrEqualTo((Integer) params.get("max_depth"));
      if (name.contains("deep")) {
        // deeper than one quadrature walk is exact for, so the second walk is exercised, and
        // some trees are over the table limit, so the table explainer falls back to the walk
        assertThat(ensemble.maxDepth()).isGreaterThan(2 * TreeEnsemble.POINTS);
        assertThat(ensemble.treesWithTables()).isBetween(1, rounds - 1);
      } else {
        assertThat(ensemble.treesWithTables()).isEqualTo(rounds);
      }
    }
    booster.dispose();
  }

  @Test
  void jsonAndUbjOfTheSameBoosterGiveBitIdenticalScores() throws Exception {
    // given one booster saved in both formats
    XgbFixtures.Data data = XgbFixtures.synthetic(21, 1000, 25);
    Booster booster = XgbFixtures.train(data, Map.of(), 80);
    TreeEnsemble fromJson = TreeEnsemble.fromXgboost(booster.toByteArray("json"));
    TreeEnsemble fromUbj = TreeEnsemble.fromXgboost(booster.toByteArray("ubj"));

    // when both score every row, then margins and contributions are the same bits
    for (double[] row : data.rows()) {
      assertThat(fromUbj.margin(row)).isEqualTo(fromJson.margin(row));
      assertThat(fromUbj.contributions(row)).containsExactly(fromJson.contributions(row));
    }
    booster.dispose();
  }

  @Test
  void roundTripThroughFilesKeepsBytesAndPredictions(@TempDir Path dir) throws Exception {
    // given a booster saved as UBJ and JSON files
    XgbFixtures.Data data = XgbFixtures.synthetic(31, 1000, 30);
    Booster booster = XgbFixtures.train(data, Map.of(), 60);
    Path ubj = dir.resolve("model.ubj");
    Path json = dir.resolve("model.json");
    booster.saveModel(ubj.toString());
    booster.saveModel(json.toString());
    byte[] ubjBytes = Files.readAllBytes(ubj);
    assertThat(ubjBytes).isEqualTo(booster.toByteArray("ubj"));

    // when XGBoost reloads the file and saves it again
    Booster reloaded = XGBoost.loadModel(ubjBytes);
    // nthread is not saved with the model; one thread keeps the shared CI machine responsive.
    reloaded.setParam("nthread", 1);
    byte[] again = reloaded.toByteArray("ubj");

    // then the bytes, the version and every prediction are unchanged
    assertThat(again).isEqualTo(ubjBytes);
    assertThat(ModelVersion.of(again)).isEqualTo(ModelVersion.of(ubjBytes));
    TreeEnsemble original = TreeEnsemble.fromXgboost(ubjBytes);
    TreeEnsemble fromJsonFile = TreeEnsemble.fromXgboost(Files.readAllBytes(json));
    Agreement a = Agreement.measure(original, reloaded, data.rows());
    assertThat(a.maxMarginDiff()).isLessThanOrEqualTo(TOLERANCE);
    assertThat(a.maxContributionDiff()).isLessThanOrEqualTo(TOLERANCE);
    for (double[] row : data.rows()) {
      assertThat(fromJsonFile.probability(row)).isEqualTo(original.probability(row));
    }
    booster.dispose();
    reloaded.dispose();
  }

  @Test
  void scoringTheSameRowTwiceGivesTheSameBits() throws Exception {
    // given a loaded model
    XgbFixtures.Data data = XgbFixtures.synthetic(41, 1000, 20);
    Booster booster = XgbFixtures.train(data, Map.of(), 40);
    TreeEnsemble ensemble = TreeEnsemble.fromXgboost(booster.toByteArray("ubj"));
    TreeEnsemble again = TreeEnsemble.fromXgboost(booster.toByteArray("ubj"));

    // when the same rows are scored by two instances, then every bit agrees (replay relies on it)
    for (double[] row : data.rows()) {
      assertThat(Double.doubleToRawLongBits(again.probability(row)))
          .isEqualTo(Double.doubleToRawLongBits(ensemble.probability(row)));
      assertThat(again.contributions(row)).containsExactly(ensemble.contributions(row));
    }
    booster.dispose();
  }

  private static long treeWeightsOtherThanOne(Booster booster) throws Exception {
    JsonNode weights =
        new ObjectMapper()
            .readTree(booster.toByteArray("json"))
            .at("/learner/gradient_booster/model/weight_drop");
    return StreamSupport.stream(weights.spliterator(), false)
        .filter(w -> w.asDouble() != 1.0)
        .count();
  }

  static double[][] concat(double[][] a, double[][] b) {
    double[][] out = new double[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
