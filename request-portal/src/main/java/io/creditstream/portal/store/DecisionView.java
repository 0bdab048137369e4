package io.creditstream.portal.store;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.Reason;
import java.time.Instant;
import java.util.ArrayList;
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
    List<Double> featureVector,
    String explainer,
    Instant applicationTimestamp,
    Instant decidedAt,
    String scorerInstance,
    String contentHash,
    Policy policy,
    CounterOfferView counterOffer) {

  /**
   * The operating-policy rule that decided instead of the model (null when the model decided): the
   * rule, the feature that triggered it, the text for the client.
   */
  public record Policy(String rule, String feature, String text) {}

  /**
   * The counter-offer the scorer searched for (DECLINED and REVIEW decisions): the search that
   * looked, and the largest amount on the same terms that would have been approved with its
   * repayment (annuity), goods price and probability of default, all null when none was found. The
   * decision's {@code counterOffer} is null on approvals and on records from before the search.
   */
  public record CounterOfferView(
      String search,
      Double amount,
      Double annuity,
      Double goodsPrice,
      Double probabilityOfDefault) {

    /** True when the search found an amount. */
    public boolean found() {
      return amount != null && annuity != null;
    }
  }

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
        compact(d.getFeatureVector()),
        d.getExplainer(),
        d.getApplicationTimestamp(),
        d.getDecidedAt(),
        d.getScorerInstance(),
        d.getContentHash(),
        d.getPolicy() == null
            ? null
            : new Policy(
                d.getPolicy().getRule(), d.getPolicy().getFeature(), d.getPolicy().getText()),
        d.getCounterOffer() == null
            ? null
            : new CounterOfferView(
                d.getCounterOffer().getSearch(),
                d.getCounterOffer().getAmount(),
                d.getCounterOffer().getAnnuity(),
                d.getCounterOffer().getGoodsPrice(),
                d.getCounterOffer().getProbabilityOfDefault()));
  }

  private static ReasonView reason(Reason r) {
    return new ReasonView(r.getFeature(), r.getValue(), r.getContribution(), r.getText());
  }

  /**
   * Schema v2's unnamed vector, NaN (missing) as null: JSON has no NaN, and the named form of v1
   * records says missing the same way.
   */
  private static List<Double> compact(List<Double> vector) {
    if (vector == null) {
      return null;
    }
    List<Double> out = new ArrayList<>(vector.size());
    for (Double v : vector) {
      out.add(v == null || v.isNaN() ? null : v);
    }
    return out;
  }

  /**
   * The values given to the model, named: a v1 record names its own; a v2 record's vector is named
   * by its model's {@code featureNames} (from the model card), or left unnamed ({@code #0}, {@code
   * #1}, ...) when the card is not known (yet) or does not fit.
   */
  public List<FeatureValueView> namedFeatureValues(List<String> modelNames) {
    if (featureVector == null) {
      return featureValues;
    }
    boolean named = modelNames != null && modelNames.size() == featureVector.size();
    List<FeatureValueView> out = new ArrayList<>(featureVector.size());
    for (int i = 0; i < featureVector.size(); i++) {
      out.add(new FeatureValueView(named ? modelNames.get(i) : "#" + i, featureVector.get(i)));
    }
    return out;
  }

  /**
   * The value the model was given for this feature, or null when missing or unknown; {@code
   * modelNames} (the model card's {@code featureNames}) names a v2 record's vector.
   */
  public Double featureValue(String name, List<String> modelNames) {
    if (featureVector != null) {
      int i =
          modelNames == null || modelNames.size() != featureVector.size()
              ? -1
              : modelNames.indexOf(name);
      return i < 0 ? null : featureVector.get(i);
    }
    for (FeatureValueView f : featureValues) {
      if (f.name().equals(name)) {
        return f.value();
      }
    }
    return null;
  }
}
