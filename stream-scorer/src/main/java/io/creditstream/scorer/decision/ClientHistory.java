package io.creditstream.scorer.decision;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.features.FeatureSet;
import java.util.Map;

/**
 * A client's history aggregates as the scorer keeps them: the values in the feature set's history
 * order ({@link FeatureSet#historyFeatureNames()}, NaN where the record has none), and the
 * feature-set version the publisher wrote. The published record is a map of 287 named values; the
 * stream thread joins every application with its client's history, and building that map again for
 * each one (a String and a Double per entry, then a lookup per name) was work repeated for every
 * decision. Converted once, when the history is published, it is a plain array.
 *
 * @param featureSetVersion as published ({@link ClientFeatures#getFeatureSetVersion()}); the
 *     decision maker uses the values only when it is its own feature set's
 * @param values in history-feature order; NaN for a missing or undefined aggregate
 */
public record ClientHistory(String featureSetVersion, double[] values) {

  /** The published record in this feature set's history order. */
  public static ClientHistory of(ClientFeatures features, FeatureSet featureSet) {
    Map<String, Double> published = features.getValues();
    return new ClientHistory(
        features.getFeatureSetVersion(),
        featureSet.historyValues(published == null ? Map.of() : published));
  }
}
