package io.creditstream.scorer.decision;

import io.creditstream.avro.Outcome;
import io.creditstream.avro.ReviewBand;
import io.creditstream.scorer.config.ScorerSettings;

/**
 * How a probability becomes an outcome: DECLINED at or above the threshold, APPROVED below it, and
 * REVIEW inside {@code [threshold - reviewBelow, threshold + reviewAbove)} when margins are set
 * (else inside the model card's band, if it has one).
 *
 * @param thresholdOverride replaces the model card's threshold; NaN to use the card's
 */
public record DecisionPolicy(
    int reasonsCount, double reviewBelow, double reviewAbove, double thresholdOverride) {

  public DecisionPolicy {
    if (reasonsCount < 1) {
      throw new IllegalArgumentException("reasonsCount must be at least 1, got " + reasonsCount);
    }
    if (!(reviewBelow >= 0) || !(reviewAbove >= 0)) {
      throw new IllegalArgumentException("review margins must be >= 0");
    }
  }

  public static DecisionPolicy from(ScorerSettings s) {
    return new DecisionPolicy(
        s.reasonsCount(),
        s.reviewBelow(),
        s.reviewAbove(),
        s.thresholdOverride().orElse(Double.NaN));
  }

  public double threshold(double modelThreshold) {
    return Double.isNaN(thresholdOverride) ? modelThreshold : thresholdOverride;
  }

  /**
   * The review band: the configured margins around the threshold when set, else the model card's
   * band ({@code cardBand}, may be null), else none.
   */
  public ReviewBand band(double threshold, ReviewBand cardBand) {
    if (reviewBelow == 0 && reviewAbove == 0) {
      return cardBand;
    }
    return new ReviewBand(
        Math.max(0.0, threshold - reviewBelow), Math.min(1.0, threshold + reviewAbove));
  }

  public static Outcome outcome(double probability, double threshold, ReviewBand band) {
    if (band != null && probability >= band.getLower() && probability < band.getUpper()) {
      return Outcome.REVIEW;
    }
    return probability >= threshold ? Outcome.DECLINED : Outcome.APPROVED;
  }
}
