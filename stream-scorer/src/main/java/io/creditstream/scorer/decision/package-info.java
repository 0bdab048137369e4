/**
 * The decision topology ({@code loan-applications} + {@code client-features} -> {@code
 * loan-decisions}): validation, enrichment, scoring, reasons and the tamper-evident decision hash.
 */
package io.creditstream.scorer.decision;
