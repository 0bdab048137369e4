/**
 * How good and how fair a model's probabilities are against known outcomes: {@link
 * io.creditstream.features.evaluation.Metrics} (ROC AUC, PR AUC, Brier, reliability) and {@link
 * io.creditstream.features.evaluation.Fairness} (the same figures and the approval rates by sex and
 * by age band, with the four-fifths rule). One code for the trainer, {@code evaluate}, replay's
 * what-if and the portal's auditors, which all depend on this module.
 */
package io.creditstream.features.evaluation;
