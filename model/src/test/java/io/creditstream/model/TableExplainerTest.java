package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link Explainer#TABLE} explainer on the cases its tables must get right: repeated features
 * on a path, a single-leaf tree, tree weights, missing values, and trees over the memory limits
 * (which fall back to the quadrature walk). Hand-built models are checked against the Shapley
 * definition itself; trained ones against the quadrature explainer and XGBoost.
 */
class TableExplainerTest {
  private static final Logger LOG = LoggerFactory.getLogger(TableExplainerTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void explainerIdsAreStableAndUnknownIdsAreRefused() {
    // the identifiers an auditor's replay records: never renamed
    assertThat(Explainer.QUADRATURE.id()).isEqualTo("treeshap-quadrature-v1");
    assertThat(Explainer.TABLE.id()).isEqualTo("treeshap-table-v1");
    assertThat(Explainer.DEFAULT).isEqualTo(Explainer.TABLE);
    for (Explainer e : Explainer.values()) {
      assertThat(Explainer.of(e.id())).isSameAs(e);
    }

    assertThatThrownBy(() -> Explainer.of("treeshap-v0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown explainer id 'treeshap-v0'")
        .hasMessageContaining("treeshap-quadrature-v1")
        .hasMessageContaining("treeshap-table-v1");
    assertThatThrownBy(() -> Explainer.of("TABLE")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Explainer.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void repeatedFeaturesSingleLeafTreesAndTreeWeightsGiveTheShapleyValues() throws Exception {
    // given a hand-built model: a tree splitting twice on f0 and twice on f1 along paths, a tree
    // that is a single leaf, and a stump; dropout weights 1, 0.5 and 0.75
    byte[] json = handBuiltModel();
    TreeEnsemble ensemble = TreeEnsemble.fromXgboost(json);
    JsonNode model = JSON.readTree(json).at("/learner/gradient_booster/model");
    assertThat(ensemble.treesWithTables()).isEqualTo(3);

    // when every combination of values around the splits, missing included, is explained
    int rows = 0;
    for (double f0 : new double[] {Double.NaN, 0.1, 0.2, 0.3, 0.5, 0.9}) {
      for (double f1 : new double[] {Double.NaN, -2, -1, -0.5, 0.0, 1}) {
        for (double f2 : new double[] {Double.NaN, 0.3, 0.5, 2}) {
          double[] x = {f0, f1, f2};
          Score score = ensemble.score(x, Explainer.TABLE);
          double[] quadrature = ensemble.contributions(x, Explainer.QUADRATURE);
          double[] expected = new double[3];
          for (int t = 0; t < 3; t++) {
            double weight = model.get("weight_drop").get(t).asDouble();
            for (int i = 0; i < 3; i++) {
              expected[i] +=
                  weight * ShapleyDefinitionTest.shapley(model.get("trees").get(t), x, i, 3);
            }
          }

          // then the table explainer gives the enumerated Shapley values (float32 output), the
          // quadrature explainer's values, and the margin of margin(x) from the same pass
          for (int i = 0; i < 3; i++) {
            assertThat(score.contributions()[i])
                .as("x=%s feature %d", Arrays.toString(x), i)
                .isCloseTo(expected[i], within(1e-7));
          }
          assertThat(score.contributions()).containsExactly(quadrature);
          assertThat(score.margin()).isEqualTo(ensemble.margin(x));
          double sum = Arrays.stream(score.contributions()).sum();
          assertThat(sum).isCloseTo(score.margin(), within(1e-6));
          rows++;
        }
      }
    }
    assertThat(rows).isEqualTo(144);
  }

  @Test
  void aSingleLeafTreeAddsToTheMarginAndBiasButToNoFeature() throws Exception {
    // given a model whose only tree is a leaf
    byte[] json = model(3, null, tree(new int[] {-1}, new int[] {-1}, new int[] {0}, leaf(0.25f)));
    TreeEnsemble ensemble = TreeEnsemble.fromXgboost(json);

    // when a row is explained by each explainer
    for (Explainer explainer : Explainer.values()) {
      Score score = ensemble.score(new double[] {1, Double.NaN, 3}, explainer);

      // then every feature gets 0 and the bias (base margin 0 + leaf) equals the margin
      assertThat(score.contributions()).containsExactly(0, 0, 0, 0.25);
      assertThat(score.margin()).isEqualTo(0.25);
    }
  }

  @Test
  void treesOverTheTableLimitsFallBackToTheWalkWithTheSameAnswer() throws Exception {
    // given a model of deep trees, loaded with the default limits and with tight ones
    XgbFixtures.Data data = XgbFixtures.synthetic(61, 1500, 15);
    Booster booster =
        XgbFixtures.train(data, Map.of("max_depth", 9, "min_child_weight", 0.5, "eta", 0.3), 20);
    byte[] bytes = booster.toByteArray("ubj");
    TreeEnsemble defaults = TreeEnsemble.fromXgboost(bytes);
    long[] sizes = new long[defaults.numTrees()];
    for (int t = 0; t < sizes.length; t++) {
      sizes[t] = defaults.tableDoubles(t);
    }
    long[] sorted = sizes.clone();
    Arrays.sort(sorted);
    assertThat(sorted[0]).isLessThan(sorted[sorted.length - 1]);
    // per tree at most the median tree's doubles: the larger trees walk
    long median = sorted[sorted.length / 2];
    TreeEnsemble perTree = TreeEnsemble.fromXgboost(bytes, median, ShapTables.DEFAULT_MODEL_LIMIT);
    // a model budget of the 5 smallest trees: those get tables, the other 15 walk
    long smallest5 = sorted[0] + sorted[1] + sorted[2] + sorted[3] + sorted[4];
    TreeEnsemble perModel =
        TreeEnsemble.fromXgboost(bytes, ShapTables.DEFAULT_TREE_LIMIT, smallest5);
    // nothing fits: every tree walks
    TreeEnsemble none = TreeEnsemble.fromXgboost(bytes, 0, 0);
    LOG.info(
        "depth-9 model: tree table sizes {} doubles; trees from tables {} (defaults), {} ({} per"
            + " tree), {} ({} per model), {} (none) of {}; table bytes {}, {}, {}, {}",
        Arrays.toString(sizes),
        defaults.treesWithTables(),
        perTree.treesWithTables(),
        median,
        perModel.treesWithTables(),
        smallest5,
        none.treesWithTables(),
        defaults.numTrees(),
        defaults.explanationTableBytes(),
        perTree.explanationTableBytes(),
        perModel.explanationTableBytes(),
        none.explanationTableBytes());
    assertThat(perTree.treesWithTables())
        .isEqualTo(Arrays.stream(sizes).filter(s -> s <= median).count())
        .isBetween(1, 19);
    assertThat(perModel.treesWithTables()).isEqualTo(5);
    assertThat(none.treesWithTables()).isZero();
    assertThat(perModel.explanationTableBytes())
        .isLessThan(defaults.explanationTableBytes())
        .isGreaterThanOrEqualTo(8 * smallest5);

    // when every row is explained, then the answer does not depend on which trees have tables
    for (double[] x : data.rows()) {
      double[] reference = defaults.contributions(x, Explainer.QUADRATURE);
      for (TreeEnsemble e : List.of(defaults, perTree, perModel, none)) {
        Score score = e.score(x, Explainer.TABLE);
        assertThat(score.contributions()).containsExactly(reference);
        assertThat(score.margin()).isEqualTo(defaults.margin(x));
      }
    }
    // and each still matches XGBoost
    for (TreeEnsemble e : List.of(perTree, perModel, none)) {
      Agreement a = Agreement.measure(e, booster, data.rows(), Explainer.TABLE);
      assertThat(a.maxContributionDiff()).isLessThanOrEqualTo(1e-6);
    }
    booster.dispose();
  }

  @Test
  void missingValuesFollowTheDefaultDirectionAsInXgboost() throws Exception {
    // given a model trained with 10% missing values, and rows with none, some, most, all missing
    XgbFixtures.Data data = XgbFixtures.synthetic(71, 1500, 12);
    Booster booster = XgbFixtures.train(data, Map.of("max_depth", 5), 40);
    TreeEnsemble ensemble = TreeEnsemble.fromXgboost(booster.toByteArray("ubj"));
    List<double[]> rows = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      double[] x = data.rows()[i].clone();
      double missing = i % 4 / 3.0; // 0, 1/3, 2/3, 1: from no value to every value missing
      for (int j = 0; j < x.length; j++) {
        if (random.nextDouble() < missing) {
          x[j] = Double.NaN;
        }
      }
      rows.add(x);
    }
    double[][] matrix = rows.toArray(new double[0][]);
    assertThat(Arrays.stream(matrix).filter(x -> Arrays.stream(x).allMatch(Double::isNaN)))
        .isNotEmpty();

    // when both explainers explain them, then they agree with XGBoost and with each other
    Agreement a = Agreement.measure(ensemble, booster, matrix, Explainer.TABLE);
    ExplainerAgreement e = ExplainerAgreement.compare(ensemble, matrix);
    LOG.info("missing values: table vs quadrature: {}", e);
    assertThat(a.maxMarginDiff()).isZero();
    assertThat(a.maxContributionDiff()).isLessThanOrEqualTo(1e-6);
    assertThat(e.maxDiff()).isLessThanOrEqualTo(TreeEnsembleAgreementTest.EXPLAINER_TOLERANCE);
    assertThat(e.marginsIdentical()).isEqualTo(matrix.length);
    booster.dispose();
  }

  @Test
  void scoringModelUsesTheTableExplainerByDefaultAndEitherOnRequest() throws Exception {
    // given a release
    XgbFixtures.Data data = XgbFixtures.synthetic(81, 500, 10);
    Booster booster = XgbFixtures.train(data, Map.of("max_depth", 4), 30);
    byte[] bytes = booster.toByteArray("ubj");
    booster.dispose();
    ModelCard card = ModelCardTest.sample(ModelVersion.of(bytes), data.names());
    ScoringModel model = ScoringModel.load(bytes, card.toJson());

    for (double[] x : data.rows()) {
      // when a row is scored with the default and with each named explainer
      Score byDefault = model.score(x);
      Score table = model.score(x, Explainer.of("treeshap-table-v1"));
      Score quadrature = model.score(x, Explainer.of("treeshap-quadrature-v1"));

      // then the default is the table explainer, and probability and margin never depend on it
      assertThat(byDefault.contributions()).containsExactly(table.contributions());
      assertThat(byDefault.contributions()).containsExactly(model.ensemble().contributions(x));
      assertThat(quadrature.margin()).isEqualTo(table.margin()).isEqualTo(byDefault.margin());
      assertThat(quadrature.probability()).isEqualTo(table.probability());
      assertThat(table.probability()).isEqualTo(model.ensemble().probability(x));
      assertThat(quadrature.contributions())
          .containsExactly(model.ensemble().contributions(x, Explainer.QUADRATURE));
    }
  }

  // ---- hand-built models, in XGBoost's JSON layout ----

  /**
   * Three trees over 3 features. Tree 0 (depth 4) splits on f0 at the root, again on f0 at both
   * children's sides, and twice on f1 along one path; tree 1 is one leaf; tree 2 a stump on f2.
   */
  private static byte[] handBuiltModel() throws Exception {
    // node:      0     1     2     3     4     5     6     7     8     9     10    11    12
    int[] left = {1, 3, 5, 7, -1, 9, -1, -1, 11, -1, -1, -1, -1};
    int[] right = {2, 4, 6, 8, -1, 10, -1, -1, 12, -1, -1, -1, -1};
    int[] feature = {0, 1, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0};
    float[] split = {0.5f, 0f, 0.8f, 0.2f, 0.3f, 1f, -0.4f, 0.1f, -1f, 0.25f, -0.15f, 0.6f, -0.05f};
    int[] defaultLeft = {1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0};
    // covers add up: each internal node's is the sum of its children's
    float[] cover = {38, 20, 18, 10, 10, 10, 8, 5, 5, 6, 4, 3, 2};
    ObjectNode deep = tree(left, right, feature, split, defaultLeft, cover);
    ObjectNode single = tree(new int[] {-1}, new int[] {-1}, new int[] {0}, leaf(0.05f));
    ObjectNode stump =
        tree(
            new int[] {1, -1, -1},
            new int[] {2, -1, -1},
            new int[] {2, 0, 0},
            new float[] {0.3f, 0.2f, -0.1f},
            new int[] {0, 0, 0},
            new float[] {38, 20, 18});
    return model(3, new float[] {1f, 0.5f, 0.75f}, deep, single, stump);
  }

  private static float[][] leaf(float value) {
    return new float[][] {{value}, {38}};
  }

  private static ObjectNode tree(int[] left, int[] right, int[] feature, float[][] leaf) {
    return tree(left, right, feature, leaf[0], new int[] {0}, leaf[1]);
  }

  private static ObjectNode tree(
      int[] left, int[] right, int[] feature, float[] split, int[] defaultLeft, float[] cover) {
    return XgbFixtures.treeJson(left, right, feature, split, defaultLeft, cover);
  }

  /** A binary:logistic gbtree model, base_score 0.5 (base margin 0), optional tree weights. */
  private static byte[] model(int features, float[] weights, ObjectNode... trees) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode model = XgbFixtures.logisticModel(root, features, "5E-1");
    ArrayNode list = model.putArray("trees");
    ArrayNode info = model.putArray("tree_info");
    for (ObjectNode t : trees) {
      list.add(t);
      info.add(0);
    }
    if (weights != null) {
      ArrayNode w = model.putArray("weight_drop");
      for (float v : weights) {
        w.add(v);
      }
    }
    return JSON.writeValueAsBytes(root);
  }
}
