/**
 * Test support of the scorer's own tests: its tiny XGBoost models (computed with its row adapter,
 * trained through test-fixtures' ModelFixtures) and its seal keys as its settings name them.
 * Applications and real Home Credit rows are in test-fixtures.
 */
package io.creditstream.scorer.testing;
