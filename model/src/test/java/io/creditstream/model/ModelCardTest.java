package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.model.ModelCard.FeatureReference;
import io.creditstream.model.ModelCard.ReviewBand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardTest {

  static ModelCard sample(String version, List<String> names) {
    return new ModelCard(
        version,
        "2026-11-25T03:00:00Z",
        "fs0123456789abcd",
        names,
        0.12,
        new ReviewBand(0.08, 0.15),
        10.0,
        1.0,
        Map.of("cv_auc", 0.761, "cv_auc_std", 0.004, "tp", 120.0),
        "data-sha256-abc",
        Map.of("max_depth", "5", "eta", "0.05"),
        99,
        Map.of(names.get(0), 0.25),
        Map.of(
            names.get(0),
            new FeatureReference(
                new double[] {1.5, 3.0}, new long[] {10, 20, 30}, new long[] {1, 2, 3}, 4, 5)),
        null,
        null);
  }

  @Test
  void roundTripsEveryFieldThroughJson() throws Exception {
    // given a card with every field set
    ModelCard card = sample("0123456789abcdef", List.of("EXT_SOURCE_2", "AMT_CREDIT"));

    // when it is written and read back
    ModelCard back = ModelCard.fromJson(card.toJson());

    // then nothing is lost, and writing again gives the same text
    assertThat(back.version()).isEqualTo("0123456789abcdef");
    assertThat(back.createdAt()).isEqualTo("2026-11-25T03:00:00Z");
    assertThat(back.featureSetVersion()).isEqualTo("fs0123456789abcd");
    assertThat(back.featureNames()).containsExactly("EXT_SOURCE_2", "AMT_CREDIT");
    assertThat(back.threshold()).isEqualTo(0.12);
    assertThat(back.reviewBand()).isEqualTo(new ReviewBand(0.08, 0.15));
    assertThat(back.costFalseNegative()).isEqualTo(10.0);
    assertThat(back.costFalsePositive()).isEqualTo(1.0);
    assertThat(back.metrics()).containsEntry("cv_auc", 0.761).containsEntry("tp", 120.0);
    assertThat(back.dataFingerprint()).isEqualTo("data-sha256-abc");
    assertThat(back.params()).containsEntry("max_depth", "5");
    assertThat(back.bestIteration()).isEqualTo(99);
    assertThat(back.globalImportance()).containsEntry("EXT_SOURCE_2", 0.25);
    FeatureReference ref = back.referenceStats().get("EXT_SOURCE_2");
    assertThat(ref.edges()).containsExactly(1.5, 3.0);
    assertThat(ref.goodCounts()).containsExactly(10, 20, 30);
    assertThat(ref.badCounts()).containsExactly(1, 2, 3);
    assertThat(ref.missingGood()).isEqualTo(4);
    assertThat(ref.missingBad()).isEqualTo(5);
    assertThat(back.toJson()).isEqualTo(card.toJson());
  }

  @Test
  void ignoresUnknownFieldsAndFillsDefaultCosts() throws Exception {
    // given a card from a newer writer, without costs or review band
    String json =
        "{\"version\":null,\"featureNames\":[\"a\",\"b\"],\"threshold\":0.3,"
            + "\"someFutureField\":{\"x\":1},\"referenceStats\":{\"a\":{\"edges\":[],"
            + "\"goodCounts\":[1],\"badCounts\":[0],\"missingGood\":0,\"missingBad\":0,"
            + "\"futureStat\":7}}}";

    // when it is read
    ModelCard card = ModelCard.fromJson(json);

    // then the unknown fields are ignored and the documented defaults apply
    assertThat(card.featureNames()).containsExactly("a", "b");
    assertThat(card.costFalseNegative()).isEqualTo(ModelCard.DEFAULT_COST_FALSE_NEGATIVE);
    assertThat(card.costFalsePositive()).isEqualTo(ModelCard.DEFAULT_COST_FALSE_POSITIVE);
    assertThat(card.reviewBand()).isNull();
    assertThat(card.metrics()).isEmpty();
    assertThat(card.referenceStats().get("a").bins()).isEqualTo(1);
  }

  @Test
  void refusesTextThatIsNotACard() {
    assertThatThrownBy(() -> ModelCard.fromJson("{\"threshold\": \"high\"}"))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("malformed model card");
    assertThatThrownBy(() -> ModelCard.fromJson("  "))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> ModelCard.fromJson("null"))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("null");
  }

  @Test
  void leniently_leavesOutOnlyTheFieldsThatDoNotFitTheirType() throws Exception {
    // given a card whose threshold, review band and one reference entry are malformed, while its
    // names, importance and the other reference entry are fine
    String json =
        "{\"threshold\":\"high\",\"reviewBand\":\"none\",\"featureNames\":[\"a\",\"b\"],"
            + "\"globalImportance\":{\"a\":0.7,\"b\":0.3},"
            + "\"referenceStats\":{\"a\":{\"edges\":\"x\"},"
            + "\"b\":{\"edges\":[1.0],\"goodCounts\":[3,4],\"badCounts\":[1,0]}}}";
    assertThatThrownBy(() -> ModelCard.fromJson(json)).isInstanceOf(InvalidModelException.class);

    // when it is read leniently
    ModelCard.Lenient read = ModelCard.fromJsonLeniently(json);

    // then the faulty parts are named and read as absent, the rest as written
    assertThat(read.leftOut())
        .containsExactlyInAnyOrder("threshold", "reviewBand", "referenceStats.a");
    ModelCard card = read.card();
    assertThat(card.threshold()).isZero();
    assertThat(card.reviewBand()).isNull();
    assertThat(card.featureNames()).containsExactly("a", "b");
    assertThat(card.globalImportance()).containsEntry("a", 0.7).containsEntry("b", 0.3);
    assertThat(card.referenceStats()).containsOnlyKeys("b");
    assertThat(card.referenceStats().get("b").goodCounts()).containsExactly(3, 4);
  }

  @Test
  void leniently_readsAWellFormedCardAsFromJsonDoes() throws Exception {
    // given a complete card and an older one without most fields
    ModelCard full = sample("0123456789abcdef", List.of("EXT_SOURCE_2", "AMT_CREDIT"));
    String older =
        "{\"version\":\"v1\",\"featureNames\":[\"a\"],"
            + "\"referenceStats\":{\"a\":{\"edges\":[0.5],\"goodCounts\":[1,2],"
            + "\"badCounts\":[0,1]}}}";

    // when both are read leniently, then nothing is left out and the cards are the strict ones
    ModelCard.Lenient fullRead = ModelCard.fromJsonLeniently(full.toJson());
    assertThat(fullRead.leftOut()).isEmpty();
    assertThat(fullRead.card().toJson()).isEqualTo(full.toJson());
    ModelCard.Lenient olderRead = ModelCard.fromJsonLeniently(older);
    assertThat(olderRead.leftOut()).isEmpty();
    assertThat(olderRead.card().toJson()).isEqualTo(ModelCard.fromJson(older).toJson());
    assertThat(olderRead.card().referenceStats().get("a").range()).isNull();
  }

  @Test
  void leniently_refusesWhatIsNotAJsonObject() {
    for (String text : List.of("", "{not json", "null", "[1,2]", "\"card\"", "42")) {
      assertThatThrownBy(() -> ModelCard.fromJsonLeniently(text))
          .as(text)
          .isInstanceOf(InvalidModelException.class);
    }
  }
}
