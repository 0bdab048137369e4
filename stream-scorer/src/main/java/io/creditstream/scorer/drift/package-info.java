/**
 * Feature drift: live histograms over the model card's reference bins, PSI per feature as metrics,
 * and periodic {@code DriftReport}s on {@code model-drift}.
 */
package io.creditstream.scorer.drift;
