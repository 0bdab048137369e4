package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScoringModelTest {
  private static XgbFixtures.Data data;
  private static Booster booster;
  private static byte[] bytes;

  @BeforeAll
  static void train() throws Exception {
    data = XgbFixtures.synthetic(5, 1000, 10);
    booster = XgbFixtures.train(data, Map.of("max_depth", 4), 30);
    bytes = booster.toByteArray("ubj");
  }

  @AfterAll
  static void dispose() {
    booster.dispose();
  }

  private static ModelCard card(String version, List<String> names, double threshold) {
    ModelCard c = ModelCardTest.sample(version, names);
    return new ModelCard(
        c.version(),
        c.createdAt(),
        c.featureSetVersion(),
        c.featureNames(),
        threshold,
        c.reviewBand(),
        c.costFalseNegative(),
        c.costFalsePositive(),
        c.metrics(),
        c.dataFingerprint(),
        c.params(),
        c.bestIteration(),
        c.globalImportance(),
        c.referenceStats(),
        null,
        null);
  }

  @Test
  void loadsAReleaseAndScoresLikeXgboost() throws Exception {
    // given the model bytes and a card naming its version
    ModelCard card = card(ModelVersion.of(bytes), data.names(), 0.2);

    // when it is loaded and a row is scored
    ScoringModel model = ScoringModel.load(bytes, card.toJson());
    Score score = model.score(data.rows()[0]);

    // then version, card and score agree with the model and with XGBoost
    assertThat(model.version()).isEqualTo(ModelVersion.of(bytes)).hasSize(16);
    assertThat(model.card().featureNames()).isEqualTo(data.names());
    float[][] expected = booster.predict(XgbFixtures.matrix(new double[][] {data.rows()[0]}, null));
    assertThat(score.probability())
        .isCloseTo(expected[0][0], org.assertj.core.data.Offset.offset(1e-6));
    assertThat(score.probability()).isEqualTo(model.ensemble().probability(data.rows()[0]));
    assertThat(score.margin()).isEqualTo(model.ensemble().margin(data.rows()[0]));
    assertThat(score.contributions())
        .containsExactly(model.ensemble().contributions(data.rows()[0]));
  }

  @Test
  void scoresTheSameBitsFromManyThreadsAtOnce() throws Exception {
    // given one loaded model shared by 4 threads, and the scores of one thread as reference
    ScoringModel model = ScoringModel.load(bytes, card(null, data.names(), 0.2).toJson());
    double[][] rows = data.rows();
    Score[] reference = new Score[rows.length];
    for (int i = 0; i < rows.length; i++) {
      reference[i] = model.score(rows[i]);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  int same = 0;
                  for (int n = 0; n < rows.length; n++) {
                    int i = (n + offset * 250) % rows.length;
                    Score s = model.score(rows[i]);
                    if (s.probability() == reference[i].probability()
                        && java.util.Arrays.equals(
                            s.contributions(), reference[i].contributions())) {
                      same++;
                    }
                  }
                  return same;
                }));
      }
      // then every thread reproduces every score exactly
      for (java.util.concurrent.Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(rows.length);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fillsTheVersionWhenTheCardHasNone() throws Exception {
    ScoringModel model = ScoringModel.load(bytes, card(null, data.names(), 0.2).toJson());

    assertThat(model.card().version()).isEqualTo(ModelVersion.of(bytes));
  }

  @Test
  void refusesACardForAnotherVersion() {
    String json = card("ffffffffffffffff", data.names(), 0.2).toJson();

    assertThatThrownBy(() -> ScoringModel.load(bytes, json))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("model card is for version ffffffffffffffff but the model bytes are")
        .hasMessageContaining(ModelVersion.of(bytes));
  }

  @Test
  void refusesACardWithAnotherFeatureCount() {
    String json = card(null, data.names().subList(0, 9), 0.2).toJson();

    assertThatThrownBy(() -> ScoringModel.load(bytes, json))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("model card names 9 features but the model expects 10");
  }

  @Test
  void refusesThresholdsOutsideTheOpenUnitInterval() {
    for (double threshold : new double[] {0.0, 1.0, -0.1, Double.NaN}) {
      String json = card(null, data.names(), threshold).toJson();
      assertThatThrownBy(() -> ScoringModel.load(bytes, json))
          .as("threshold %s", threshold)
          .isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("threshold");
    }
  }

  @Test
  void refusesRepeatedFeatureNames() {
    List<String> names = new java.util.ArrayList<>(data.names());
    names.set(3, names.get(2));
    String json = card(null, names, 0.2).toJson();

    assertThatThrownBy(() -> ScoringModel.load(bytes, json))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("'f2' is null or repeated");
  }

  @Test
  void refusesReferenceStatisticsWithTheWrongNumberOfBins() {
    ModelCard c = card(null, data.names(), 0.2);
    ModelCard bad =
        new ModelCard(
            null,
            c.createdAt(),
            c.featureSetVersion(),
            c.featureNames(),
            0.2,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            null,
            Map.of(
                "f1",
                new ModelCard.FeatureReference(
                    new double[] {1.0}, new long[] {1}, new long[] {1, 2}, 0, 0)),
            null,
            null);

    assertThatThrownBy(() -> ScoringModel.load(bytes, bad.toJson()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("reference statistics of 'f1' are unusable");
  }

  @Test
  void refusesCorruptModelBytesEvenWithAGoodCard() {
    byte[] corrupt = java.util.Arrays.copyOf(bytes, bytes.length - 10);

    assertThatThrownBy(() -> ScoringModel.load(corrupt, card(null, data.names(), 0.2).toJson()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("malformed UBJSON");
  }
}
