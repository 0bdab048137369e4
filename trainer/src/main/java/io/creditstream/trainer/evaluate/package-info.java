/**
 * {@code evaluate}: a released model (its directory: {@code model.ubj} and {@code model-card.json})
 * scored on any labelled Home Credit application file with the scorer's feature and model code, and
 * its figures (quality, business cost at the model's threshold, calibration, fairness) printed on
 * one line and written as an HTML report.
 */
package io.creditstream.trainer.evaluate;
