package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * TreeSHAP against its definition, independently of XGBoost: Shapley values of v(S) = E[f(x) |
 * x_S], where the expectation follows x on features in S and averages the children by cover
 * elsewhere, enumerated over every subset of a small model's features.
 */
class ShapleyDefinitionTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Explainer.class)
  void contributionsAreTheShapleyValuesOfThePathDependentExpectation(Explainer explainer)
      throws Exception {
    // given a small model (6 features, so 64 subsets), trees deep enough to repeat features
    XgbFixtures.Data data = XgbFixtures.synthetic(77, 800, 6);
    Booster booster = XgbFixtures.train(data, Map.of("max_depth", 6, "eta", 0.3), 8);
    byte[] json = booster.toByteArray("json");
    booster.dispose();
    TreeEnsemble ensemble = TreeEnsemble.fromXgboost(json);
    JsonNode trees = new ObjectMapper().readTree(json).at("/learner/gradient_booster/model/trees");

    for (int r = 0; r < 40; r++) {
      double[] x = data.rows()[r];
      // when our contributions are compared with the enumerated Shapley values
      double[] phi = ensemble.contributions(x, explainer);
      double[] expected = new double[6];
      for (JsonNode tree : trees) {
        for (int i = 0; i < 6; i++) {
          expected[i] += shapley(tree, x, i, 6);
        }
      }
      // then they agree up to float32 rounding of the output
      for (int i = 0; i < 6; i++) {
        assertThat(phi[i]).as("row %d feature %d", r, i).isCloseTo(expected[i], within(1e-6));
      }
    }
  }

  /** Feature {@code feature}'s Shapley value from one tree (as saved in JSON), by enumeration. */
  static double shapley(JsonNode tree, double[] x, int feature, int n) {
    double total = 0;
    for (int set = 0; set < 1 << n; set++) {
      if ((set & (1 << feature)) != 0) {
        continue;
      }
      int size = Integer.bitCount(set);
      double weight = factorial(size) * factorial(n - size - 1) / factorial(n);
      total += weight * (value(tree, x, set | (1 << feature), 0) - value(tree, x, set, 0));
    }
    return total;
  }

  private static double value(JsonNode tree, double[] x, int set, int node) {
    int left = tree.get("left_children").get(node).asInt();
    if (left < 0) {
      return (float) tree.get("split_conditions").get(node).asDouble();
    }
    int right = tree.get("right_children").get(node).asInt();
    int feature = tree.get("split_indices").get(node).asInt();
    if ((set & (1 << feature)) != 0) {
      double v = x[feature];
      boolean goLeft =
          Double.isNaN(v)
              ? tree.get("default_left").get(node).asInt() != 0
              : (float) v < (float) tree.get("split_conditions").get(node).asDouble();
      return value(tree, x, set, goLeft ? left : right);
    }
    double coverLeft = (float) tree.get("sum_hessian").get(left).asDouble();
    double coverRight = (float) tree.get("sum_hessian").get(right).asDouble();
    double cover = (float) tree.get("sum_hessian").get(node).asDouble();
    return (coverLeft * value(tree, x, set, left) + coverRight * value(tree, x, set, right))
        / cover;
  }

  private static double factorial(int k) {
    double f = 1;
    for (int i = 2; i <= k; i++) {
      f *= i;
    }
    return f;
  }
}
