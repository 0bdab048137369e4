package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReviewBand;
import io.creditstream.serde.AvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionHashTest {

  static Decision decision() {
    Decision d =
        Decision.newBuilder()
            .setApplicationId("app-1")
            .setClientId(100002L)
            .setProbabilityOfDefault(0.123456789)
            .setThreshold(0.5)
            .setReviewBand(new ReviewBand(0.4, 0.6))
            .setOutcome(Outcome.APPROVED)
            .setReasons(
                List.of(new Reason("EXT_SOURCE", "0.7", -0.8, "Your external scores lowered it.")))
            .setModelVersion("0123456789abcdef")
            .setFeatureSetVersion("fedcba9876543210")
            .setHistoryAvailable(true)
            .setFeatureValues(
                List.of(
                    new FeatureValue("EXT_SOURCE_2", 0.7), new FeatureValue("OWN_CAR_AGE", null)))
            .setApplicationTimestamp(Instant.parse("2026-11-25T09:00:00Z"))
            .setDecidedAt(Instant.parse("2026-11-25T09:00:00.250Z"))
            .setScorerInstance("scorer-1")
            .build();
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  @Test
  void verifiesAnUntouchedDecision() {
    Decision d = decision();
    assertThat(d.getContentHash()).matches("[0-9a-f]{64}");
    assertThat(DecisionHash.verify(d)).isTrue();
  }

  @Test
  void detectsAChangedProbabilityOutcomeReasonOrMissingValue() {
    Decision p = decision();
    p.setProbabilityOfDefault(Math.nextUp(p.getProbabilityOfDefault()));
    Decision o = decision();
    o.setOutcome(Outcome.DECLINED);
    Decision r = decision();
    r.getReasons().get(0).setText("Something else.");
    Decision v = decision();
    v.getFeatureValues().get(1).setValue(0.0);
    Decision band = decision();
    band.setReviewBand(null);

    for (Decision tampered : List.of(p, o, r, v, band)) {
      assertThat(DecisionHash.verify(tampered)).isFalse();
    }
  }

  @Test
  void survivesTheAvroRoundTrip() {
    // given a decision written and read back through the registry serde
    AvroSerde<Decision> serde =
        AvroSerde.of(
            Decision.class,
            Map.of("schema.registry.url", "mock://hash-" + UUID.randomUUID()),
            false);
    Decision d = decision();

    // when
    Decision back =
        serde
            .deserializer()
            .deserialize("loan-decisions", serde.serializer().serialize("loan-decisions", d));

    // then
    assertThat(DecisionHash.verify(back)).isTrue();
    assertThat(back.getContentHash()).isEqualTo(d.getContentHash());
  }

  /** A decision as schema v2 scorers write it: a bare vector (NaN missing) and the explainer. */
  static Decision compactDecision() {
    Decision d = decision();
    d.setFeatureValues(List.of());
    d.setFeatureVector(new ArrayList<>(List.of(0.7, Double.NaN)));
    d.setExplainer("treeshap-table-v1");
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  @Test
  void keepsHashingSchemaV1DecisionsAsBefore() {
    // a v1 decision (named values, no explainer) hashes to the value the v1 code gave it: the
    // decisions already on the topic must keep verifying after the v2 fields were added
    assertThat(decision().getContentHash())
        .isEqualTo("dc536e40a8d90214e42e55a5e904b7f68b3bba6ef188dae9901f4cba2c0a1385");
  }

  @Test
  void verifiesACompactDecisionAndDetectsAChangedVectorValueOrExplainer() {
    Decision d = compactDecision();
    assertThat(DecisionHash.verify(d)).isTrue();
    assertThat(d.getContentHash()).isNotEqualTo(decision().getContentHash());

    Decision value = compactDecision();
    value.getFeatureVector().set(0, Math.nextUp(0.7));
    Decision missing = compactDecision();
    missing.getFeatureVector().set(1, 0.0);
    Decision explainer = compactDecision();
    explainer.setExplainer("treeshap-quadrature-v1");
    Decision noExplainer = compactDecision();
    noExplainer.setExplainer(null);

    for (Decision tampered : List.of(value, missing, explainer, noExplainer)) {
      assertThat(DecisionHash.verify(tampered)).isFalse();
    }
  }

  @Test
  void compactDecisionSurvivesTheAvroRoundTripWithItsMissingValues() {
    AvroSerde<Decision> serde =
        AvroSerde.of(
            Decision.class,
            Map.of("schema.registry.url", "mock://hash-" + UUID.randomUUID()),
            false);
    Decision d = compactDecision();

    Decision back =
        serde
            .deserializer()
            .deserialize("loan-decisions", serde.serializer().serialize("loan-decisions", d));

    assertThat(DecisionHash.verify(back)).isTrue();
    assertThat(back.getFeatureVector().get(1)).isNaN();
    assertThat(back.getExplainer()).isEqualTo("treeshap-table-v1");
  }
}
