/**
 * The one code path from a Home Credit application (a {@link io.creditstream.features.Row}) plus a
 * client's history aggregates to the model's feature vector ({@link
 * io.creditstream.features.FeatureSet}), its validation, and the plain-language reason texts
 * ({@link io.creditstream.features.ReasonTexts}). Used by the trainer, the scorer and replay.
 */
package io.creditstream.features;
