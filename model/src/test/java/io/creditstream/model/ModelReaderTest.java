package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ModelReader}: both formats give the same typed model, and the typed model holds exactly
 * what the document says (the refusals are in {@code RefusedModelsTest}).
 */
class ModelReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonAndUbjsonOfOneBoosterGiveTheSameTypedModel() throws Exception {
    // given one trained booster, saved in both formats, with dropout weights
    Booster booster =
        XgbFixtures.train(
            XgbFixtures.synthetic(7, 400, 6),
            Map.of("booster", "dart", "rate_drop", 0.2, "base_score", 0.3),
            12);

    // when both are read
    XgboostModel json = ModelReader.read(booster.toByteArray("json"));
    XgboostModel ubj = ModelReader.read(booster.toByteArray("ubj"));
    booster.dispose();

    // then every typed field is the same, to the bit
    assertThat(ubj.numFeatures()).isEqualTo(json.numFeatures()).isEqualTo(6);
    assertThat(Float.floatToRawIntBits(ubj.baseScore()))
        .isEqualTo(Float.floatToRawIntBits(json.baseScore()));
    assertThat(Float.floatToRawIntBits(ubj.baseMargin()))
        .isEqualTo(Float.floatToRawIntBits(json.baseMargin()));
    assertThat(ubj.trees()).hasSameSizeAs(json.trees()).hasSize(12);
    boolean weighted = false;
    for (int t = 0; t < json.trees().length; t++) {
      Tree a = json.trees()[t];
      Tree b = ubj.trees()[t];
      assertThat(b.left).isEqualTo(a.left);
      assertThat(b.right).isEqualTo(a.right);
      assertThat(b.feature).isEqualTo(a.feature);
      assertThat(b.split).isEqualTo(a.split);
      assertThat(b.defaultLeft).isEqualTo(a.defaultLeft);
      assertThat(b.cover).isEqualTo(a.cover);
      assertThat(b.weight).isEqualTo(a.weight);
      assertThat(b.maxDepth).isEqualTo(a.maxDepth);
      weighted |= a.weight != 1f;
    }
    assertThat(weighted).as("some tree carries a dropout weight").isTrue();
  }

  @Test
  void theTypedModelHoldsWhatTheDocumentSays() throws Exception {
    // given a hand-written model: base_score 0.25 as XGBoost 3 writes it, a depth-2 tree with
    // feature 1 twice on a path and a single leaf, weighted 1 and 0.5
    ObjectNode root = JSON.createObjectNode();
    ObjectNode model = XgbFixtures.logisticModel(root, 3, "[2.5E-1]");
    model
        .putArray("trees")
        .add(
            XgbFixtures.treeJson(
                new int[] {1, -1, 3, -1, -1},
                new int[] {2, -1, 4, -1, -1},
                new int[] {1, 0, 1, 0, 0},
                new float[] {0.5f, -1f, 2f, 0.25f, 3f},
                new int[] {1, 0, 0, 0, 0},
                new float[] {8f, 2f, 6f, 2f, 4f}))
        .add(
            XgbFixtures.treeJson(
                new int[] {-1},
                new int[] {-1},
                new int[] {0},
                new float[] {0.75f},
                new int[] {0},
                new float[] {8f}));
    model.putArray("tree_info").add(0).add(0);
    model.putArray("weight_drop").add(1.0).add(0.5);

    // when it is read
    XgboostModel read = ModelReader.read(JSON.writeValueAsBytes(root));

    // then the fields are typed as saved, the base margin in float32 as XGBoost computes it
    assertThat(read.numFeatures()).isEqualTo(3);
    assertThat(read.baseScore()).isEqualTo(0.25f);
    assertThat(read.baseMargin()).isEqualTo((float) -Math.log(1.0f / 0.25f - 1.0f));
    Tree tree = read.trees()[0];
    assertThat(tree.left).containsExactly(1, -1, 3, -1, -1);
    assertThat(tree.split).containsExactly(0.5f, -1f, 2f, 0.25f, 3f);
    assertThat(tree.defaultLeft).containsExactly(true, false, false, false, false);
    assertThat(tree.cover).containsExactly(8, 2, 6, 2, 4);
    assertThat(tree.maxDepth).isEqualTo(2);
    // the distinct split features (leaves' feature entries do not count)
    assertThat(tree.features).containsExactly(1);
    // the cover-weighted mean: (2 * -1 + 2 * 0.25 + 4 * 3) / 8
    assertThat(tree.mean[0]).isEqualTo((2 * -1.0 + 2 * 0.25 + 4 * 3.0) / 8);
    assertThat(tree.weight).isEqualTo(1f);
    assertThat(read.trees()[1].weight).isEqualTo(0.5f);
    assertThat(read.trees()[1].maxDepth).isZero();
    assertThat(read.trees()[1].features).isEmpty();
  }
}
