package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.model.Explainer;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.Decisions;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.serde.AvroSerde;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The compact decision (schema v4) as the scorer's own code makes and seals it: the features the
 * model read, float32, missing ones left out; everything else a function of them.
 */
class CompactDecisionTest {

  private static final FeatureSet FEATURES = TestModels.FEATURES;
  private static final Instant NOW = Instant.parse("2026-12-07T09:00:00.123Z");
  private static final ScoringModel MODEL = TestModels.extSource2Model(20).model();

  private final AvroSerde<Decision> serde =
      AvroSerde.of(
          Decision.class,
          Map.of("schema.registry.url", "mock://compact-" + UUID.randomUUID()),
          false);

  private static DecisionMaker maker() {
    return new DecisionMaker(
        FEATURES,
        ReasonTexts.load(),
        new DecisionPolicy(4, 0, 0, Double.NaN),
        "scorer-1",
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A client whose every history feature is present, with values no float32 holds exactly. */
  private static ClientFeatures fullHistory(long clientId) {
    Map<String, Double> values = new HashMap<>();
    List<String> names = FEATURES.historyFeatureNames();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), 1000.0 / (i + 3));
    }
    return ClientFeatures.newBuilder()
        .setClientId(clientId)
        .setAsOf(Instant.parse("2026-12-01T00:00:00Z"))
        .setFeatureSetVersion(FEATURES.version())
        .setValues(values)
        .build();
  }

  private Decision sealed(Decision d) {
    DecisionSeals.seal(d, SealFixtures.signer(), 0, 0, DecisionSeals.GENESIS);
    return d;
  }

  private byte[] serialized(Decision d) {
    return serde.serializer().serialize("loan-decisions", d);
  }

  @Test
  void aSealedCompactDecisionRoundTripsAndVerifies() {
    // given a decision the scorer's code made and sealed, for a client with history
    LoanApplication app = Applications.valid("compact-1", 500001, 0.45);
    DecisionMaker maker = maker();
    Decision d = sealed(maker.decide(app, fullHistory(500001), MODEL));
    double[] read = maker.lastVector().clone();

    // when it goes through the registry serde
    Decision back = serde.deserializer().deserialize("loan-decisions", serialized(d));

    // then it comes back equal, sealed and verifying, with no double vector
    assertThat(back).isEqualTo(d);
    assertThat(DecisionSeals.check(back, SealFixtures.ring())).isEqualTo(DecisionSeals.Check.VALID);
    assertThat(back.getFeatureVector()).isNull();
    assertThat(back.getFeatureValues()).isEmpty();
    // and its features are, bit for bit, the ones the model read: float32 values, NaN missing
    double[] x = Decisions.featureVector(back);
    assertThat(x).hasSize(FEATURES.names().size());
    for (int i = 0; i < x.length; i++) {
      assertThat(
              Double.doubleToRawLongBits(x[i]) == Double.doubleToRawLongBits(read[i])
                  || (Double.isNaN(x[i]) && Double.isNaN(read[i])))
          .as("feature %s", FEATURES.names().get(i))
          .isTrue();
      assertThat(Double.isNaN(x[i]) || x[i] == (float) x[i]).isTrue();
    }
    // and the probability follows from them
    assertThat(MODEL.score(x, Explainer.DEFAULT).probability())
        .isEqualTo(back.getProbabilityOfDefault());
  }

  @Test
  void roundingToFloat32ChangesNeitherTheProbabilityNorTheContributions() {
    // given the doubles the features compute to, and the same rounded to float32
    LoanApplication app = Applications.valid("compact-2", 500002, 0.52);
    double[] doubles = FEATURES.vector(new AvroRow(app), fullHistory(500002).getValues());
    double[] floats = doubles.clone();
    Decisions.roundToFloat32(floats);

    // when the model scores both
    var a = MODEL.score(doubles, Explainer.DEFAULT);
    var b = MODEL.score(floats, Explainer.DEFAULT);

    // then they agree to the bit: the model only ever compares float32 values with its splits
    assertThat(b.probability()).isEqualTo(a.probability());
    assertThat(b.contributions()).containsExactly(a.contributions());
  }

  @Test
  void aTypicalDecisionIsAboutHalfTheDoubleVectorRecordBeforeCompression() {
    // given the same application decided as a compact record and as v2/v3 scorers recorded it
    LoanApplication app = Applications.valid("compact-3", 500003, 0.45);
    ClientFeatures history = fullHistory(500003);
    double[] x = FEATURES.vector(new AvroRow(app), history.getValues());
    Decision compact = sealed(maker().decide(app, history, MODEL));
    Decision doubles =
        sealed(maker().decide(app, x, true, MODEL, NOW, Explainer.DEFAULT, Decisions.Form.VECTOR));
    Decision withoutHistory = sealed(maker().decide(app, null, MODEL));

    // when serialized as the scorer sends them (Confluent wire format, before compression)
    int compactBytes = serialized(compact).length;
    int doubleBytes = serialized(doubles).length;
    int noHistoryBytes = serialized(withoutHistory).length;

    // then with all 440 features present: 4 bytes a feature, a 55-byte presence map and the rest
    // of the record (reasons, seal), against 8 bytes a feature (measured: 1,940 and 3,908 bytes)
    assertThat(compactBytes).isLessThanOrEqualTo(2_100);
    assertThat(doubleBytes).isGreaterThanOrEqualTo(3_800);
    // and without history (its 287 features missing, left out) under 900 bytes (measured: 792)
    assertThat(noHistoryBytes).isLessThanOrEqualTo(900);
  }
}
