/**
 * The scorer service: {@link io.creditstream.scorer.ScorerApp} wires the decision topology, the
 * model registry, the health/metrics server and the drift publisher, and runs them until stopped.
 */
package io.creditstream.scorer;
