/**
 * The pipeline benchmark: the scorer's real topology and a pass-through topology, in this process,
 * on the real broker and registry; offered rates and saturation; and the platform fixture (broker,
 * registry, trained and published model) the portal benchmark shares.
 */
package io.creditstream.benchmarks.pipeline;
