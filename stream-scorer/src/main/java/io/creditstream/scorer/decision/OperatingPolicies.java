package io.creditstream.scorer.decision;

import io.creditstream.features.contract.OperatingPolicy;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ScoringModel;
import java.util.HashMap;
import java.util.Map;

/** The {@link OperatingPolicy} of a model, from the training ranges recorded in its card. */
public final class OperatingPolicies {
  private OperatingPolicies() {}

  public static OperatingPolicy of(ScoringModel model) {
    ModelCard card = model.card();
    Map<String, double[]> ranges = new HashMap<>();
    card.referenceStats()
        .forEach(
            (name, ref) -> {
              double[] r = ref.range();
              if (r != null) {
                ranges.put(name, r);
              }
            });
    return OperatingPolicy.of(card.featureNames(), ranges);
  }
}
