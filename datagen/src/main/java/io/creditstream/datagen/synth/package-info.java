/**
 * How synthetic clients are made: the latent risk and default mechanism ({@link
 * io.creditstream.datagen.synth.RiskModel}), one client's application and history ({@code
 * ClientSimulator}), and the streaming gzipped CSV writer ({@code TableWriter}). Entry point:
 * {@link io.creditstream.datagen.synth.Synthesizer}.
 */
package io.creditstream.datagen.synth;
