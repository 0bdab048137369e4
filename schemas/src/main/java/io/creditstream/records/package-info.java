/**
 * Conversions between the Kaggle application columns (as parsed from CSV or JSON) and the {@code
 * LoanApplication} record, driven by the Avro schema so that one code path serves the trainer's
 * publisher, the portal, the benchmarks and the tests; and {@code Decisions}, which reads a
 * decision's feature vector whichever schema version wrote it.
 */
package io.creditstream.records;
