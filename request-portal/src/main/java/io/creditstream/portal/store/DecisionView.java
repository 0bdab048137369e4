package io.creditstream.portal.store;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.Reason;
import java.time.Instant;
import java.util.List;

/**
 * A decision as the portal stores and serves it (JSON): every field of the Avro {@link Decision},
 * so an auditor sees the full record.
 */
public record DecisionView(
    String applicationId,
    long clientId,
    double probabilityOfDefault,
    double threshold,
    Band reviewBand,
    String outcome,
    List<ReasonView> reasons,
    String modelVersion,
    String featureSetVersion,
    boolean historyAvailable,
    List<FeatureValueView> featureValues,
    Instant applicationTimestamp,
    Instant decidedAt,
    String scorerInstance,
    String contentHash) {

  /** The REVIEW band: probabilities in [lower, upper). */
  public record Band(double lower, double upper) {}

  /** One reason: the attributed source, the client's value, its SHAP contribution, the text. */
  public record ReasonView(String feature, String value, double contribution, String text) {}

  /** One model input; {@code value} null is missing. */
  public record FeatureValueView(String name, Double value) {}

  public static DecisionView of(Decision d) {
    return new DecisionView(
        d.getApplicationId(),
        d.getClientId(),
        d.getProbabilityOfDefault(),
        d.getThreshold(),
        d.getReviewBand() == null
            ? null
            : new Band(d.getReviewBand().getLower(), d.getReviewBand().getUpper()),
        d.getOutcome().name(),
        d.getReasons().stream().map(DecisionView::reason).toList(),
        d.getModelVersion(),
        d.getFeatureSetVersion(),
        d.getHistoryAvailable(),
        d.getFeatureValues().stream()
            .map((FeatureValue f) -> new FeatureValueView(f.getName(), f.getValue()))
            .toList(),
        d.getApplicationTimestamp(),
        d.getDecidedAt(),
        d.getScorerInstance(),
        d.getContentHash());
  }

  private static ReasonView reason(Reason r) {
    return new ReasonView(r.getFeature(), r.getValue(), r.getContribution(), r.getText());
  }

  /** The value the model was given for this feature, or null when missing or unknown. */
  public Double featureValue(String name) {
    for (FeatureValueView f : featureValues) {
      if (f.name().equals(name)) {
        return f.value();
      }
    }
    return null;
  }
}
