package io.creditstream.portal;

import io.creditstream.avro.Decision;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.features.FeatureSet;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Decisions of a model whose card names CODE_GENDER and DAYS_BIRTH among its features, as the
 * scorer records them (schema v2: the bare vector in the card's order), for the fairness page.
 */
public final class FairnessDecisions {

  public static final String MODEL_VERSION = "fa1r000000000001";
  static final List<String> GENDERS = FeatureSet.current().vocabularies().get("CODE_GENDER");

  private FairnessDecisions() {}

  /** The release: a card whose features are sex, age and one score. */
  public static ModelRelease release() {
    String card =
        """
        {"version":"%s","threshold":0.5,"protectedAttributes":["CODE_GENDER"],
         "protectedFeatures":["CODE_GENDER"],
         "featureNames":["CODE_GENDER","DAYS_BIRTH","EXT_SOURCE_2"]}
        """
            .formatted(MODEL_VERSION);
    return ModelRelease.newBuilder()
        .setVersion(MODEL_VERSION)
        .setKind(ReleaseKind.MODEL)
        .setFormat("xgboost-json")
        .setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setModelCard(card)
        .setFeatureSetVersion("fs00112233445566")
        .setReleasedAt(Instant.parse("2026-11-24T08:00:00Z"))
        .setReleasedBy("trainer-test")
        .build();
  }

  /** A decision for a client of this sex ("F"/"M") and age in years, decided at {@code at}. */
  public static Decision decision(
      String applicationId, long clientId, String sex, double years, boolean approved, Instant at) {
    Decision d = Decisions.decision(applicationId, clientId, approved ? 0.2 : 0.8);
    d.setOutcome(approved ? Outcome.APPROVED : Outcome.DECLINED);
    d.setModelVersion(MODEL_VERSION);
    d.setFeatureValues(List.of());
    d.setFeatureVector(List.of((double) GENDERS.indexOf(sex) + 1, -years * 365.25, 0.5));
    d.setDecidedAt(at);
    // Changed after sealing: sealed again, as the scorer seals what it publishes.
    return Decisions.seal(d);
  }
}
