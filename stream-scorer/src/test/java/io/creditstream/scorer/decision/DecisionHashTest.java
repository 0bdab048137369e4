package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReviewBand;
import io.creditstream.avro.Seal;
import io.creditstream.records.Decisions;
import io.creditstream.serde.AvroSerde;
import java.nio.ByteBuffer;
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
  static Decision vectorDecision() {
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
  void keepsHashingSchemaV2AndV3DecisionsAsBefore() {
    // the values the code before the compact format (v4) gave these records: v2 and v3 decisions
    // already on the topic keep verifying
    Decision v2 = vectorDecision();
    assertThat(v2.getContentHash())
        .isEqualTo("e9cd93fcc1b6646011f1d6277155c16ea944c489a642c1cf5bdd91394b8aeda7");
    v2.setSeal(
        Seal.newBuilder()
            .setKeyId("k1")
            .setChain(2)
            .setSequence(5)
            .setPreviousHash(ByteBuffer.wrap(new byte[32]))
            .setSignature(ByteBuffer.allocate(0))
            .build());
    assertThat(DecisionHash.compute(v2))
        .isEqualTo("f7899a0162a75061b507b8ce998cff43713b33b6247f5d7f49be952070881716");
  }

  /** A compact (v4) decision: float32 features, missing ones left out, no double vector. */
  static Decision float32Decision() {
    Decision d = decision();
    d.setFeatureValues(List.of());
    d.setFeatureVector(null);
    d.setFeatures(Decisions.pack(new double[] {0.7f, Double.NaN}));
    d.setExplainer("treeshap-table-v1");
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  @Test
  void verifiesACompactDecisionAndDetectsAChangedFeatureOrAFeatureMadeMissing() {
    // given a compact decision, hashed under its own tag (not the v2 hash of the same content)
    Decision d = float32Decision();
    assertThat(DecisionHash.verify(d)).isTrue();
    assertThat(d.getContentHash()).isNotEqualTo(vectorDecision().getContentHash());

    // when one feature moves by one float32 ulp, or a present one is made missing, or the
    // double vector is put back beside it
    Decision value = float32Decision();
    value.setFeatures(Decisions.pack(new double[] {Math.nextUp(0.7f), Double.NaN}));
    Decision missing = float32Decision();
    missing.setFeatures(Decisions.pack(new double[] {Double.NaN, Double.NaN}));
    Decision vector = float32Decision();
    vector.setFeatureVector(new ArrayList<>(List.of(0.7, Double.NaN)));

    // then none verifies
    for (Decision tampered : List.of(value, missing, vector)) {
      assertThat(DecisionHash.verify(tampered)).isFalse();
    }
  }

  @Test
  void compactDecisionSurvivesTheAvroRoundTrip() {
    AvroSerde<Decision> serde =
        AvroSerde.of(
            Decision.class,
            Map.of("schema.registry.url", "mock://hash-" + UUID.randomUUID()),
            false);
    Decision d = float32Decision();

    Decision back =
        serde
            .deserializer()
            .deserialize("loan-decisions", serde.serializer().serialize("loan-decisions", d));

    assertThat(DecisionHash.verify(back)).isTrue();
    assertThat(back).isEqualTo(d);
    double[] x = Decisions.featureVector(back);
    assertThat(x[0]).isEqualTo((double) 0.7f);
    assertThat(x[1]).isNaN();
  }

  @Test
  void verifiesASchemaV2DecisionAndDetectsAChangedVectorValueOrExplainer() {
    Decision d = vectorDecision();
    assertThat(DecisionHash.verify(d)).isTrue();
    assertThat(d.getContentHash()).isNotEqualTo(decision().getContentHash());

    Decision value = vectorDecision();
    value.getFeatureVector().set(0, Math.nextUp(0.7));
    Decision missing = vectorDecision();
    missing.getFeatureVector().set(1, 0.0);
    Decision explainer = vectorDecision();
    explainer.setExplainer("treeshap-quadrature-v1");
    Decision noExplainer = vectorDecision();
    noExplainer.setExplainer(null);

    for (Decision tampered : List.of(value, missing, explainer, noExplainer)) {
      assertThat(DecisionHash.verify(tampered)).isFalse();
    }
  }

  @Test
  void schemaV2DecisionSurvivesTheAvroRoundTripWithItsMissingValues() {
    AvroSerde<Decision> serde =
        AvroSerde.of(
            Decision.class,
            Map.of("schema.registry.url", "mock://hash-" + UUID.randomUUID()),
            false);
    Decision d = vectorDecision();

    Decision back =
        serde
            .deserializer()
            .deserialize("loan-decisions", serde.serializer().serialize("loan-decisions", d));

    assertThat(DecisionHash.verify(back)).isTrue();
    assertThat(back.getFeatureVector().get(1)).isNaN();
    assertThat(back.getExplainer()).isEqualTo("treeshap-table-v1");
  }
}
