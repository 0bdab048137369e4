package io.creditstream.portal;

import io.creditstream.avro.Decision;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.fixtures.ApplicationBodies;
import java.time.Instant;
import java.util.Map;

/**
 * Decisions for the fairness page, made by the scorer's own code ({@link ScorerDecisions}) for
 * clients of a given sex and age: the model's card lists CODE_GENDER among its protected
 * attributes, and each decision records the vector the model read, where the page finds the
 * client's sex and age. An approval is the scorer's decision on a safe application (good external
 * scores, a modest credit), a decline its decision on {@link ApplicationBodies#risky}, whatever the
 * age.
 */
public final class FairnessDecisions {

  private FairnessDecisions() {}

  /** The release of the model that makes these decisions. */
  public static ModelRelease release() {
    return ScorerDecisions.release();
  }

  public static String modelVersion() {
    return ScorerDecisions.modelVersion();
  }

  /** The scorer's decision for a client of this sex ("F"/"M") and age in years, at {@code at}. */
  public static Decision decision(
      String applicationId, long clientId, String sex, double years, boolean approved, Instant at) {
    Map<String, Object> body = approved ? safe(clientId) : ApplicationBodies.risky(clientId);
    body.put("CODE_GENDER", sex);
    body.put("DAYS_BIRTH", (int) -Math.round(years * 365.25));
    Decision d =
        ScorerDecisions.decide(
            ApplicationBodies.record(body, applicationId, at.minusSeconds(61)), at);
    Outcome wanted = approved ? Outcome.APPROVED : Outcome.DECLINED;
    if (d.getOutcome() != wanted) {
      throw new IllegalStateException(
          "the test model decided " + d.getOutcome() + " where the fixture promises " + wanted);
    }
    return d;
  }

  private static Map<String, Object> safe(long clientId) {
    Map<String, Object> body = ApplicationBodies.valid(clientId);
    body.put("EXT_SOURCE_3", 0.7);
    return body;
  }
}
