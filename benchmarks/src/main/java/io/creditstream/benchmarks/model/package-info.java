/**
 * The model benchmark: the product's model trained on the real rows, compared with XGBoost4J
 * (largest differences of probabilities and contributions) and timed per row against XGBoost4J's
 * batched prediction.
 */
package io.creditstream.benchmarks.model;
