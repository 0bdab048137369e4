/** Test support: tiny XGBoost models trained in the test, applications, real Home Credit rows. */
package io.creditstream.scorer.testing;
