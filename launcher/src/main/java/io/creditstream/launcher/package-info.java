/**
 * The {@code creditstream} command: every tool of the project under one CLI, and {@code local}, the
 * whole system on one machine for a person to watch (a real broker and registry, a model trained on
 * generated or real data, the features and model published, the scorer, the portal and a steady
 * flow of applications submitted through the portal's front-office API).
 */
package io.creditstream.launcher;
