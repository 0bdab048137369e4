/**
 * Training the credit model: reads the labelled Home Credit application file (and the history
 * tables unless told not to) through the {@code features} library, runs a seeded hyperparameter
 * search with stratified k-fold cross-validation and early stopping on XGBoost4J {@code hist},
 * chooses the decision threshold that minimises the business cost on out-of-fold predictions,
 * retrains on all rows and writes the model (UBJ), its {@code ModelCard} JSON and an HTML report.
 * Entry point: {@link io.creditstream.trainer.train.TrainCommand} ({@code trainer train}).
 */
package io.creditstream.trainer.train;
