package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Reason;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.fixtures.ModelFixtures;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.testing.TestModels;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No reason shown to a client names a protected attribute, even when a model does lean on it: the
 * model here is trained on data where sex decides the outcome (what the trainer never lets happen)
 * and its card lists CODE_GENDER as protected but forgets to list it among the masked features.
 */
class ProtectedReasonsTest {
  static final FeatureSet FEATURES = FeatureSet.current();
  static final ReasonTexts TEXTS = ReasonTexts.load();
  static final DecisionPolicy POLICY = new DecisionPolicy(4, 0, 0, Double.NaN);
  static byte[] bytes;
  static List<LoanApplication> applications = new ArrayList<>();

  @BeforeAll
  static void trainAModelThatLeansOnSex() throws Exception {
    int n = 400;
    int width = FEATURES.names().size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      double es2 = (i + 0.5) / n;
      LoanApplication app = Applications.valid("sex-" + i, i, es2);
      app.setCODEGENDER(i % 2 == 0 ? "F" : "M");
      applications.add(app);
      double[] x = FEATURES.vector(new AvroRow().reset(app), null);
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (float) x[j];
      }
      labels[i] = (i % 2 == 1) == (es2 < 0.8) ? 1f : 0f; // men default, unless es2 is high
    }
    bytes =
        ModelFixtures.train(data, labels, width, ModelFixtures.params(2, 0.5, 3), 10, null).bytes();
  }

  static DecisionMaker maker() {
    return new DecisionMaker(
        FEATURES,
        TEXTS,
        POLICY,
        "test",
        Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC));
  }

  static ScoringModel model(List<String> protectedAttributes) throws Exception {
    ModelCard card =
        TestModels.card(ModelVersion.of(bytes), FEATURES.version(), FEATURES.names(), 0.5, Map.of())
            // the attribute is declared, the masked-feature list is (wrongly) empty
            .withProtected(protectedAttributes, List.of());
    return ScoringModel.load(bytes, card.toJson());
  }

  static List<Reason> reasonsOfEveryApplication(ScoringModel model) {
    DecisionMaker maker = maker();
    List<Reason> all = new ArrayList<>();
    for (LoanApplication app : applications) {
      Decision d = maker.decide(app, null, model);
      all.addAll(d.getReasons());
    }
    return all;
  }

  @Test
  void withoutTheListTheModelCitesSexToTheClient() throws Exception {
    // the control: a card from before the list (no guard, as replay of old decisions needs)
    List<Reason> reasons = reasonsOfEveryApplication(model(null));

    assertThat(reasons).extracting(Reason::getFeature).contains("CODE_GENDER");
  }

  @Test
  void aCardThatProtectsSexNeverGivesItAsAReason() throws Exception {
    ScoringModel model = model(ProtectedAttributes.DEFAULT);
    String sexRaises = TEXTS.text("CODE_GENDER", true, Locale.ENGLISH);
    String sexLowers = TEXTS.text("CODE_GENDER", false, Locale.ENGLISH);

    List<Reason> reasons = reasonsOfEveryApplication(model);

    assertThat(reasons).isNotEmpty();
    assertThat(reasons).extracting(Reason::getFeature).doesNotContain("CODE_GENDER");
    assertThat(reasons).extracting(Reason::getText).doesNotContain(sexRaises, sexLowers);
  }

  @Test
  void theGuardDoesNotMoveTheProbability() throws Exception {
    // the guard acts on the explanation only: the score is the model's own
    ScoringModel guarded = model(ProtectedAttributes.DEFAULT);
    ScoringModel unguarded = model(null);

    for (LoanApplication app : applications.subList(0, 20)) {
      assertThat(maker().decide(app, null, guarded).getProbabilityOfDefault())
          .isEqualTo(maker().decide(app, null, unguarded).getProbabilityOfDefault());
    }
  }

  @Test
  void everyReasonGroupNamedAfterAProtectedColumnHoldsOnlyProtectedFeatures() {
    // the explainer's grouping: a reason is named after its group (FeatureSet.sourceOf); a group
    // that carries a protected column's name must sum only contributions the guard silences
    for (String column : FEATURES.applicationColumns()) {
      ProtectedAttributes p = ProtectedAttributes.of(FEATURES, List.of(column));
      for (String feature : FEATURES.names()) {
        if (FEATURES.sourceOf(feature).equals(column)) {
          assertThat(p.covers(feature)).as(feature + " shown as " + column).isTrue();
        }
      }
    }
  }
}
