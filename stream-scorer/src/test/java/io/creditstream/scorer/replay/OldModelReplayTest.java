package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Reason;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.fixtures.ModelFixtures;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.decision.AvroRow;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.scorer.testing.TestModels;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Decisions of a model released before protected attributes were recorded (its card has no list, it
 * used CODE_GENDER and said so in its reasons) still replay bit for bit: neither the mask nor the
 * reason guard touches a card without the list.
 */
class OldModelReplayTest {
  private static final ReasonTexts TEXTS = ReasonTexts.load();
  private static final DecisionPolicy POLICY = new DecisionPolicy(4, 0, 0, Double.NaN);
  private static final Instant DECIDED = Instant.parse("2026-11-25T09:00:01.234Z");

  private static ScoringModel oldModelThatUsesSex() throws Exception {
    int n = 300;
    int width = ReplayFixtures.FEATURES.names().size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      LoanApplication app = Applications.valid("old-" + i, i, (i + 0.5) / n);
      app.setCODEGENDER(i % 2 == 0 ? "F" : "M");
      double[] x = ReplayFixtures.FEATURES.vector(new AvroRow().reset(app), null);
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (float) x[j];
      }
      labels[i] = i % 2 == 1 ? 1f : 0f;
    }
    byte[] bytes =
        ModelFixtures.train(data, labels, width, ModelFixtures.params(2, null, null), 5, null)
            .bytes();
    ModelCard c =
        TestModels.card(
            ModelVersion.of(bytes),
            ReplayFixtures.FEATURES.version(),
            ReplayFixtures.FEATURES.names(),
            0.5,
            Map.of());
    // the card as written before issue 17: the fourteen fields, no protected lists
    ModelCard old =
        new ModelCard(
            c.version(),
            c.createdAt(),
            c.featureSetVersion(),
            c.featureNames(),
            c.threshold(),
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
    return ScoringModel.load(bytes, old.toJson());
  }

  @Test
  void aDecisionThatCitedSexUnderAnOldModelReplaysIdentical() throws Exception {
    // given a decision the old model made for a man, citing his sex
    ScoringModel model = oldModelThatUsesSex();
    LoanApplication app = Applications.valid("app-old", 9, 0.5);
    app.setCODEGENDER("M");
    DecisionMaker maker =
        new DecisionMaker(
            ReplayFixtures.FEATURES,
            TEXTS,
            POLICY,
            "scorer-1",
            Clock.fixed(DECIDED, ZoneOffset.UTC));
    Decision d = maker.decide(app, null, model);
    assertThat(d.getReasons()).extracting(Reason::getFeature).contains("CODE_GENDER");
    Reproducer.Models models =
        new Reproducer.Models() {
          @Override
          public Optional<ScoringModel> byVersion(String version) {
            return version.equals(model.version()) ? Optional.of(model) : Optional.empty();
          }

          @Override
          public String whyMissing(String version) {
            return "absent";
          }
        };

    // when it is replayed today
    Verdict v =
        new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, models)
            .check(d, 0, 1, app, new long[0]);

    // then it is the same decision, to the last bit, reasons included
    assertThat(v.status()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.differences()).isEmpty();
    assertThat(v.tampered()).isFalse();
  }
}
