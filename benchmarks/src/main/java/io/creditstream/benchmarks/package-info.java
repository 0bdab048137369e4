/**
 * Benchmark commands (mains, never tests): {@code pipeline} (scorer against a pass-through topology
 * on the real broker), {@code model} (agreement with XGBoost4J and cost per row), {@code portal}
 * (submission API and SSE), and {@code report} (percentiles and the one-line figures every command
 * ends with).
 */
package io.creditstream.benchmarks;
