/**
 * The auditors' replay: reads a range of {@code loan-decisions} with its own read-only consumers,
 * re-scores each decision from its recorded feature values with its recorded model version (from
 * {@code model-releases}) through the scorer's own {@code DecisionMaker}, recomputes the
 * application features from {@code loan-applications}, verifies each content hash, optionally
 * scores the same range with a candidate model (what-if), and writes JSON and HTML reports.
 */
package io.creditstream.scorer.replay;
