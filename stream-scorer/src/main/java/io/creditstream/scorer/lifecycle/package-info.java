/**
 * The scorer process's lifecycle, apart from {@code ScorerApp}, which only wires it: {@link
 * io.creditstream.scorer.lifecycle.ScorerRuntime} builds the parts and runs them in order; {@link
 * io.creditstream.scorer.lifecycle.ScorerExit} turns a stop request or a failure into the exit
 * code; {@link io.creditstream.scorer.lifecycle.ShutdownHook} makes SIGTERM a clean close; {@link
 * io.creditstream.scorer.lifecycle.ModelWait} holds scoring back until a model is active; {@link
 * io.creditstream.scorer.lifecycle.DriftPublisher} publishes drift reports; {@link
 * io.creditstream.scorer.lifecycle.CheckpointSchema} registers the checkpoint schema early.
 */
package io.creditstream.scorer.lifecycle;
