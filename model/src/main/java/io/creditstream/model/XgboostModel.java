package io.creditstream.model;

/**
 * What {@link ModelReader} takes from XGBoost's saved model, checked and typed: the feature count,
 * {@code base_score} (probability space, as saved) and its margin {@code logit(base_score)} in
 * float32 as XGBoost computes it, and the trees in model order, each with its dropout weight.
 */
record XgboostModel(int numFeatures, float baseScore, float baseMargin, Tree[] trees) {}
