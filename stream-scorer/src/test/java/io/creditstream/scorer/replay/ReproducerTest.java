package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.model.Explainer;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.Decisions;
import io.creditstream.scorer.decision.AvroRow;
import io.creditstream.scorer.decision.DecisionHash;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The comparison itself, without Kafka: decisions made by the scorer's code, then replayed. */
class ReproducerTest {

  private static final ReasonTexts TEXTS = ReasonTexts.load();
  private static final DecisionPolicy POLICY = new DecisionPolicy(4, 0, 0, Double.NaN);
  private static final Instant DECIDED = Instant.parse("2026-11-25T09:00:01.234Z");

  private final ReplayFixtures.Model modelA = ReplayFixtures.cutModel(0.3, null, null);

  private static Reproducer.Models only(ScoringModel... models) {
    return new Reproducer.Models() {
      @Override
      public Optional<ScoringModel> byVersion(String version) {
        for (ScoringModel m : models) {
          if (m.version().equals(version)) {
            return Optional.of(m);
          }
        }
        return Optional.empty();
      }

      @Override
      public String whyMissing(String version) {
        return "model version " + version + " is not on model-releases";
      }
    };
  }

  /** The scorer's decision maker, as the scorer-1 instance at {@link #DECIDED}. */
  private static DecisionMaker maker() {
    return new DecisionMaker(
        ReplayFixtures.FEATURES, TEXTS, POLICY, "scorer-1", Clock.fixed(DECIDED, ZoneOffset.UTC));
  }

  private static Decision decide(LoanApplication app, ClientFeatures history, ScoringModel m) {
    return maker().decide(app, history, m);
  }

  private static ClientFeatures history(long clientId, double value) {
    Map<String, Double> values = new HashMap<>();
    for (String name : ReplayFixtures.FEATURES.historyFeatureNames()) {
      values.put(name, value);
    }
    return ClientFeatures.newBuilder()
        .setClientId(clientId)
        .setAsOf(Instant.parse("2026-11-24T00:00:00Z"))
        .setFeatureSetVersion(ReplayFixtures.FEATURES.version())
        .setValues(values)
        .build();
  }

  private static long[] versions(long time, ClientFeatures f) {
    return new long[] {
      time,
      HistoryDigest.of(ReplayFixtures.FEATURES, f.getValues()),
      HistoryDigest.ofFloat32(ReplayFixtures.FEATURES, f.getValues())
    };
  }

  private static long[] concat(long[] a, long[] b) {
    long[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void aDecisionReplayedWithItsModelIsIdenticalAndItsFeaturesRecompute() {
    // given a decision the scorer's code made for a client with history
    LoanApplication app = Applications.valid("app-1", 7, 0.2);
    ClientFeatures hist = history(7, 3.5);
    Decision d = decide(app, hist, modelA.scoring());
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));

    // when it is replayed with the application and the history published before it
    Verdict v = r.check(d, 0, 42, app, versions(DECIDED.toEpochMilli() - 1000, hist));

    // then everything matches, bit for bit
    assertThat(v.status()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.differences()).isEmpty();
    assertThat(v.tampered()).isFalse();
    assertThat(v.applicationFeatures()).isEqualTo(Verdict.Check.IDENTICAL);
    assertThat(v.history()).isEqualTo(Verdict.Check.IDENTICAL);
    assertThat(Double.doubleToRawLongBits(v.replayedProbability()))
        .isEqualTo(Double.doubleToRawLongBits(d.getProbabilityOfDefault()));
    assertThat(v.clean()).isTrue();
  }

  @Test
  void aCompactDecisionCarriesFloat32FeaturesAndItsHistoryMatchesThePublishedDoubles() {
    // given a compact decision for a client whose published history is not float32-exact
    LoanApplication app = Applications.valid("app-f32", 13, 0.3);
    ClientFeatures hist = history(13, 0.1);
    Decision d = decide(app, hist, modelA.scoring());
    assertThat(Decisions.form(d)).isEqualTo(Decisions.Form.FLOAT32);
    int i =
        ReplayFixtures.FEATURES
            .names()
            .indexOf(ReplayFixtures.FEATURES.historyFeatureNames().get(0));
    assertThat(Decisions.featureVector(d)[i]).isEqualTo((double) 0.1f).isNotEqualTo(0.1);
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));

    // when replayed with the doubles that were published
    Verdict v = r.check(d, 0, 1, app, versions(DECIDED.toEpochMilli() - 1000, hist));

    // then the history is recognised (compared as the scorer recorded it, in float32) and the
    // decision reproduces
    assertThat(v.history()).isEqualTo(Verdict.Check.IDENTICAL);
    assertThat(v.applicationFeatures()).isEqualTo(Verdict.Check.IDENTICAL);
    assertThat(v.status()).as("%s", v.differences()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.clean()).isTrue();
  }

  @Test
  void aSchemaV2DecisionWithADoubleVectorStillReplaysIdentical() {
    // given a decision as a v2/v3 scorer wrote it: the doubles it decided on, as featureVector
    LoanApplication app = Applications.valid("app-v2", 14, 0.6);
    ClientFeatures hist = history(14, 0.1);
    double[] x = ReplayFixtures.FEATURES.vector(new AvroRow(app), hist.getValues());
    Decision v2 =
        maker()
            .decide(
                app, x, true, modelA.scoring(), DECIDED, Explainer.DEFAULT, Decisions.Form.VECTOR);
    assertThat(v2.getFeatures()).isNull();
    assertThat(v2.getFeatureVector()).hasSize(ReplayFixtures.FEATURES.names().size());
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));

    // when replayed by this replay
    Verdict v = r.check(v2, 0, 3, app, versions(DECIDED.toEpochMilli() - 1000, hist));

    // then it reproduces bit for bit, its doubles recompute and its history matches as doubles
    assertThat(v.status()).as("%s", v.differences()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.tampered()).isFalse();
    assertThat(v.applicationFeatures()).isEqualTo(Verdict.Check.IDENTICAL);
    assertThat(v.history()).isEqualTo(Verdict.Check.IDENTICAL);
  }

  @Test
  void aSchemaV1DecisionWithNamedValuesAndNoExplainerStillReplaysIdentical() {
    // given a decision as a v1 scorer wrote it: explained by the quadrature walk, the vector as
    // named values, no explainer field, hashed under the v1 encoding
    LoanApplication app = Applications.valid("app-v1", 11, 0.4);
    ClientFeatures hist = history(11, 2.5);
    double[] x = ReplayFixtures.FEATURES.vector(new AvroRow(app), hist.getValues());
    Decision v2 =
        maker()
            .decide(
                app,
                x,
                true,
                modelA.scoring(),
                DECIDED,
                Explainer.QUADRATURE,
                Decisions.Form.VECTOR);
    List<FeatureValue> named = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      named.add(
          new FeatureValue(
              ReplayFixtures.FEATURES.names().get(i), Double.isNaN(x[i]) ? null : x[i]));
    }
    Decision v1 =
        Decision.newBuilder(v2)
            .setFeatureValues(named)
            .setFeatureVector(null)
            .setExplainer(null)
            .build();
    v1.setContentHash(DecisionHash.compute(v1));
    assertThat(v1.getContentHash()).isNotEqualTo(v2.getContentHash());
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));

    // when replayed by this (v2) replay
    Verdict v = r.check(v1, 0, 7, app, versions(DECIDED.toEpochMilli() - 1000, hist));

    // then it reproduces bit for bit with the explainer v1 scorers used, and is not tampered
    assertThat(v.status()).as("%s", v.differences()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.tampered()).isFalse();
    assertThat(v.applicationFeatures()).isEqualTo(Verdict.Check.IDENTICAL);
    assertThat(v.history()).isEqualTo(Verdict.Check.IDENTICAL);
  }

  @Test
  void aDecisionMadeByAnExplainerThisReplayDoesNotKnowIsNotReproducible() {
    // given a decision that names an explainer from a newer scorer
    LoanApplication app = Applications.valid("app-x", 12, 0.4);
    Decision d = decide(app, null, modelA.scoring());
    assertThat(d.getExplainer()).isEqualTo(Explainer.DEFAULT.id());
    d.setExplainer("treeshap-from-the-future-v9");
    d.setContentHash(DecisionHash.compute(d));
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));

    // when replayed
    Verdict v = r.check(d, 0, 8, app, null);

    // then it says so, naming the explainer, instead of reporting a difference
    assertThat(v.status()).isEqualTo(Verdict.Status.NOT_REPRODUCIBLE);
    assertThat(v.differences()).anyMatch(s -> s.contains("treeshap-from-the-future-v9"));
  }

  @Test
  void anAlteredOutcomeIsTamperedAndDifferent() {
    // given a decision whose outcome was changed after the hash was computed
    LoanApplication app = Applications.valid("app-2", 8, 0.9);
    Decision d = decide(app, null, modelA.scoring());
    assertThat(d.getOutcome()).isEqualTo(Outcome.APPROVED);
    Decision altered = Decision.newBuilder(d).setOutcome(Outcome.DECLINED).build();
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));

    // when replayed
    Verdict v = r.check(altered, 0, 1, app, null);

    // then the hash gives it away and the replay names the field
    assertThat(v.tampered()).isTrue();
    assertThat(v.status()).isEqualTo(Verdict.Status.DIFFERENT);
    assertThat(v.differences()).containsExactly("outcome: recorded DECLINED, replayed APPROVED");
  }

  @Test
  void aRecordedFeatureThatTheApplicationDoesNotGiveIsReported() {
    // given a decision whose recorded AMT_CREDIT was changed and re-hashed (hash valid)
    LoanApplication app = Applications.valid("app-3", 9, 0.8);
    Decision d = decide(app, null, modelA.scoring());
    double[] values = Decisions.featureVector(d);
    int i = ReplayFixtures.FEATURES.names().indexOf("AMT_CREDIT");
    values[i] = 1.0;
    Decision changed = Decision.newBuilder(d).setFeatures(Decisions.pack(values)).build();
    changed.setContentHash(DecisionHash.compute(changed));
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));

    // when replayed against the original application
    Verdict v = r.check(changed, 0, 1, app, null);

    // then the scoring still reproduces (the model ignores AMT_CREDIT) but the features do not
    assertThat(v.tampered()).isFalse();
    assertThat(v.applicationFeatures()).isEqualTo(Verdict.Check.DIFFERENT);
    assertThat(v.featureDifferences()).anyMatch(s -> s.startsWith("AMT_CREDIT: recorded 1.0"));
    assertThat(v.history()).isEqualTo(Verdict.Check.NOT_CHECKED);
    assertThat(v.clean()).isFalse();
  }

  @Test
  void historyIsComparedOnlyWithVersionsPublishedBeforeTheDecision() {
    // given a decision made with history 3.5, and client-features versions around it
    LoanApplication app = Applications.valid("app-4", 10, 0.5);
    Decision d = decide(app, history(10, 3.5), modelA.scoring());
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only(modelA.scoring()));
    long t = DECIDED.toEpochMilli();

    // when only a later version exists, when the version before says otherwise
    Verdict onlyLater = r.check(d, 0, 1, app, versions(t + 1, history(10, 3.5)));
    Verdict before = r.check(d, 0, 1, app, versions(t - 1, history(10, 9.0)));
    Verdict both =
        r.check(
            d,
            0,
            1,
            app,
            concat(versions(t - 5, history(10, 3.5)), versions(t - 1, history(10, 9.0))));

    // then the first cannot be checked and the second differs
    assertThat(onlyLater.history()).isEqualTo(Verdict.Check.NOT_CHECKED);
    assertThat(before.history()).isEqualTo(Verdict.Check.DIFFERENT);
    assertThat(before.featureDifferences().get(0))
        .contains("equal no client-features version published up to the decision");
    // and the table may still have held the earlier version: that one matches
    assertThat(both.history()).isEqualTo(Verdict.Check.IDENTICAL);
  }

  @Test
  void aDecisionWhoseModelIsAbsentIsNotReproducible() {
    // given a decision made by a model the archive does not hold
    LoanApplication app = Applications.valid("app-5", 11, 0.1);
    Decision d = decide(app, null, modelA.scoring());
    Reproducer r = new Reproducer(ReplayFixtures.FEATURES, TEXTS, POLICY, only());

    // when replayed
    Verdict v = r.check(d, 0, 1, app, null);

    // then it says why, and still checks the features
    assertThat(v.status()).isEqualTo(Verdict.Status.NOT_REPRODUCIBLE);
    assertThat(v.differences())
        .containsExactly("model version " + modelA.version() + " is not on model-releases");
    assertThat(v.applicationFeatures()).isEqualTo(Verdict.Check.IDENTICAL);
  }
}
