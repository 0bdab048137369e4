/**
 * The training report for people: one self-contained HTML file with inline SVG charts (ROC curve,
 * business cost against threshold, reliability, feature importance) and the model card's figures,
 * built from a {@link io.creditstream.trainer.train.Trainer.Result}.
 */
package io.creditstream.trainer.report;
