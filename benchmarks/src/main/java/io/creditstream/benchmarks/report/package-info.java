/** Percentiles, the machine's load average and the one line of {@code name=value} figures. */
package io.creditstream.benchmarks.report;
