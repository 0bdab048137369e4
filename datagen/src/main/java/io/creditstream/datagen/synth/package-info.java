/**
 * How synthetic clients are made: the latent risk and default mechanism ({@link
 * io.creditstream.datagen.synth.RiskModel}), one client's application and history ({@code
 * ClientSimulator}, which draws the scores and the label and hands each table to its simulator:
 * {@code ApplicationSimulator}, {@code BureauSimulator}, {@code PreviousSimulator}, all sampling
 * through {@code Sampling}), and the streaming gzipped CSV writer ({@code TableWriter}). Entry
 * point: {@link io.creditstream.datagen.synth.Synthesizer}.
 */
package io.creditstream.datagen.synth;
