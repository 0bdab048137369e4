/**
 * Per-client aggregates of the Home Credit history tables in the manner of the public "LightGBM
 * with simple features" kernel: {@link io.creditstream.features.history.HistoryFeatures} defines
 * them (names, sources, spec strings), {@link io.creditstream.features.history.HistoryAggregator}
 * computes them from streamed rows with per-client running statistics.
 */
package io.creditstream.features.history;
