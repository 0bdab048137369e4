package io.creditstream.scorer.drift;

import io.creditstream.model.ScoringModel;

/** Sees every feature vector the scorer scores (drift monitoring). Called from stream threads. */
@FunctionalInterface
public interface FeatureObserver {

  FeatureObserver NONE = (model, x) -> {};

  /**
   * @param x the feature vector in model order (NaN = missing); do not keep or modify it
   */
  void observe(ScoringModel model, double[] x);
}
