package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

/**
 * A card's protected features: the model reads them as missing, must not split on them, and their
 * SHAP contribution is exactly 0 with both explainers; cards without the list load as before.
 */
class ProtectedFeaturesTest {

  /** The synthetic rows with feature {@code j} missing everywhere, as the trainer masks it. */
  private static XgbFixtures.Data masked(XgbFixtures.Data data, int j) {
    double[][] rows = new double[data.rows().length][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = data.rows()[i].clone();
      rows[i][j] = Double.NaN;
    }
    return new XgbFixtures.Data(rows, data.labels(), data.names());
  }

  private static ModelCard card(byte[] bytes, List<String> names, List<String> features) {
    return ModelCardTest.sample(ModelVersion.of(bytes), names)
        .withProtected(List.of("f0-column"), features);
  }

  @Test
  void aModelTrainedWithoutTheFeatureGivesItExactlyZeroAndIgnoresItsValue() throws Exception {
    // given a model trained with f0 missing on every row (f0 carries signal in the data)
    XgbFixtures.Data data = XgbFixtures.synthetic(5, 1000, 10);
    Booster booster = XgbFixtures.train(masked(data, 0), Map.of("max_depth", 4), 30);
    byte[] bytes = booster.toByteArray("ubj");
    booster.dispose();
    ScoringModel model =
        ScoringModel.load(bytes, card(bytes, data.names(), List.of("f0")).toJson());

    for (double[] row : data.rows()) {
      double[] other = row.clone();
      other[0] = Double.isNaN(row[0]) ? 3 : row[0] + 5;
      for (Explainer explainer : Explainer.values()) {
        // when a row is scored, and the same row with another f0
        Score s = model.score(row, explainer);
        Score t = model.score(other, explainer);
        // then f0 contributes nothing and moves nothing, and the caller's row is left as it was
        assertThat(s.contributions()[0]).isEqualTo(0.0);
        assertThat(t.probability()).isEqualTo(s.probability());
        assertThat(t.contributions()).containsExactly(s.contributions());
      }
    }
    assertThat(model.maskedFeatures()).containsExactly(0);
    assertThat(data.rows()[1][0]).isEqualTo(data.rows()[1][0]); // not set to NaN
  }

  @Test
  void refusesACardThatProtectsAFeatureTheTreesSplitOn() throws Exception {
    // given a model trained with f0 present: its trees split on it
    XgbFixtures.Data data = XgbFixtures.synthetic(5, 1000, 10);
    Booster booster = XgbFixtures.train(data, Map.of("max_depth", 4), 30);
    byte[] bytes = booster.toByteArray("ubj");
    booster.dispose();

    assertThatThrownBy(
            () -> ScoringModel.load(bytes, card(bytes, data.names(), List.of("f0")).toJson()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("splits on the protected feature 'f0'");
    assertThatThrownBy(
            () -> ScoringModel.load(bytes, card(bytes, data.names(), List.of("nope")).toJson()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("'nope', which is not one of its features");
  }

  @Test
  void aCardWithoutTheListLoadsAndScoresTheRowAsItIs() throws Exception {
    XgbFixtures.Data data = XgbFixtures.synthetic(5, 1000, 10);
    Booster booster = XgbFixtures.train(data, Map.of("max_depth", 4), 30);
    byte[] bytes = booster.toByteArray("ubj");
    booster.dispose();
    String oldCard = ModelCardTest.sample(ModelVersion.of(bytes), data.names()).toJson();

    ScoringModel model = ScoringModel.load(bytes, oldCard);

    assertThat(model.card().declaresProtectedAttributes()).isFalse();
    assertThat(model.card().protectedFeatures()).isEmpty();
    double[] row = data.rows()[3];
    assertThat(model.score(row).probability()).isEqualTo(model.ensemble().probability(row));
    assertThat(model.score(row).contributions())
        .containsExactly(model.ensemble().contributions(row));
  }

  @Test
  void theListsSurviveTheJsonRoundTripAndAnOldCardHasNone() throws Exception {
    ModelCard card =
        ModelCardTest.sample("v1", List.of("a", "b")).withProtected(List.of("A"), List.of("a"));

    ModelCard back = ModelCard.fromJson(card.toJson());

    assertThat(back.protectedAttributes()).containsExactly("A");
    assertThat(back.protectedFeatures()).containsExactly("a");
    tools.jackson.databind.node.ObjectNode json =
        (tools.jackson.databind.node.ObjectNode)
            new tools.jackson.databind.ObjectMapper().readTree(card.toJson());
    json.remove(List.of("protectedAttributes", "protectedFeatures"));
    String old = json.toString();
    assertThat(old).doesNotContain("protected");
    assertThat(ModelCard.fromJson(old).protectedAttributes()).isNull();
  }
}
