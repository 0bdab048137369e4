package io.creditstream.scorer.release;

import io.creditstream.avro.ReviewBand;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ScoringModel;
import java.util.List;

/** What the scorer reads from a model's card, in one place. */
public final class ModelFacts {
  private ModelFacts() {}

  public static double threshold(ScoringModel model) {
    return model.card().threshold();
  }

  public static List<String> featureNames(ScoringModel model) {
    return model.card().featureNames();
  }

  public static String featureSetVersion(ScoringModel model) {
    return model.card().featureSetVersion();
  }

  /** The card's review band as the Decision record carries it, or null. */
  public static ReviewBand reviewBand(ScoringModel model) {
    ModelCard.ReviewBand b = model.card().reviewBand();
    return b == null ? null : new ReviewBand(b.lower(), b.upper());
  }
}
