package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Models the evaluator cannot reproduce exactly are refused with a message naming the problem. */
class RefusedModelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static XgbFixtures.Data data;
  private static Booster booster;
  private static byte[] json;
  private static byte[] ubj;

  @BeforeAll
  static void trainOneGoodModel() throws Exception {
    data = XgbFixtures.synthetic(7, 600, 12);
    booster = XgbFixtures.train(data, Map.of("max_depth", 3), 10);
    json = booster.toByteArray("json");
    ubj = booster.toByteArray("ubj");
  }

  @AfterAll
  static void dispose() {
    booster.dispose();
  }

  @Test
  void refusesEmptyBytes() {
    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(new byte[0]))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void refusesRandomBytes() {
    byte[] garbage = new byte[4096];
    new SplittableRandom(1).nextBytes(garbage);
    garbage[0] = 0x07; // not '{': neither JSON nor UBJSON

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(garbage))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("not an XGBoost JSON or UBJSON model");
  }

  @Test
  void refusesTruncatedUbj() {
    byte[] half = Arrays.copyOf(ubj, ubj.length / 2);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(half))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("malformed UBJSON")
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesUbjWithTrailingGarbage() {
    byte[] longer = Arrays.copyOf(ubj, ubj.length + 3);
    longer[ubj.length] = 'i';

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(longer))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void refusesTruncatedJson() {
    byte[] half = Arrays.copyOf(json, json.length / 2);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(half))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void refusesJsonThatIsNotAModel() {
    byte[] other = "{\"hello\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(other))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("learner");
  }

  @Test
  void refusesMultiClassModels() throws Exception {
    // given a 3-class softprob model
    XgbFixtures.Data three = XgbFixtures.synthetic(8, 300, 6);
    float[] labels = new float[three.labels().length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
    }
    XgbFixtures.Data relabelled = new XgbFixtures.Data(three.rows(), labels, three.names());
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "multi:softprob");
    params.put("num_class", 3);
    Booster multi = XgbFixtures.train(relabelled, params, 3);

    // then both formats are refused, naming the objective
    for (String format : new String[] {"json", "ubj"}) {
      byte[] bytes = multi.toByteArray(format);
      assertThatThrownBy(() -> TreeEnsemble.fromXgboost(bytes))
          .isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("multi:softprob");
    }
    multi.dispose();
  }

  @Test
  void refusesBinaryModelsDeclaringSeveralClasses() throws Exception {
    // given a logistic model edited to claim 3 classes
    ObjectNode doc = (ObjectNode) JSON.readTree(json);
    ((ObjectNode) doc.at("/learner/learner_model_param")).put("num_class", "3");

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(JSON.writeValueAsBytes(doc)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("multi-class");
  }

  @Test
  void refusesOtherObjectives() throws Exception {
    Booster regression =
        XgbFixtures.train(data, Map.of("objective", "reg:squarederror", "max_depth", 3), 5);
    byte[] bytes = regression.toByteArray("ubj");
    regression.dispose();

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(bytes))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("unsupported objective 'reg:squarederror'");
  }

  @Test
  void refusesBoostersOtherThanGbtree() throws Exception {
    Booster linear = XgbFixtures.train(data, Map.of("booster", "gblinear"), 5);
    byte[] bytes = linear.toByteArray("ubj");
    linear.dispose();

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(bytes))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("unsupported booster 'gblinear'");
  }

  @Test
  void refusesTreeWeightsThatDoNotMatchTheTrees() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(json);
    ((ObjectNode) doc.at("/learner/gradient_booster/model")).putArray("weight_drop").add(1.0);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(JSON.writeValueAsBytes(doc)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("weight_drop has 1 weights for 10 trees");
  }

  @Test
  void refusesCategoricalSplits() throws Exception {
    // given a model whose first split is marked categorical
    ObjectNode doc = (ObjectNode) JSON.readTree(json);
    ArrayNode splitType = (ArrayNode) doc.at("/learner/gradient_booster/model/trees/0/split_type");
    splitType.set(0, 1);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(JSON.writeValueAsBytes(doc)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("categorical");
  }

  @Test
  void refusesSplitsOnFeaturesBeyondTheFeatureCount() throws Exception {
    // given a model whose root splits on feature 99 of 12
    ObjectNode doc = (ObjectNode) JSON.readTree(json);
    ArrayNode indices = (ArrayNode) doc.at("/learner/gradient_booster/model/trees/0/split_indices");
    indices.set(0, 99);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(JSON.writeValueAsBytes(doc)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("splits on feature 99 but the model has 12 features");
  }

  @Test
  void refusesTreesWithCycles() throws Exception {
    // given a tree whose root's right child points back at the root
    ObjectNode doc = (ObjectNode) JSON.readTree(json);
    ArrayNode right = (ArrayNode) doc.at("/learner/gradient_booster/model/trees/0/right_children");
    right.set(0, 0);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(JSON.writeValueAsBytes(doc)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("invalid or shared child 0");
  }

  @Test
  void refusesArraysShorterThanTheNodeCount() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(json);
    ArrayNode hess = (ArrayNode) doc.at("/learner/gradient_booster/model/trees/1/sum_hessian");
    hess.remove(hess.size() - 1);

    assertThatThrownBy(() -> TreeEnsemble.fromXgboost(JSON.writeValueAsBytes(doc)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tree 1.sum_hessian has");
  }

  @Test
  void rejectsFeatureVectorsOfTheWrongLength() throws Exception {
    TreeEnsemble ensemble = TreeEnsemble.fromXgboost(ubj);

    assertThat(ensemble.numFeatures()).isEqualTo(12);
    assertThatThrownBy(() -> ensemble.probability(new double[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11 values, the model expects 12");
    assertThatThrownBy(() -> ensemble.contributions(new double[13]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("13 values, the model expects 12");
  }
}
