/**
 * Dead letters: records that cannot be read or cannot be decided go to {@code
 * loan-applications-dlq} with their raw bytes, the reason and where they came from.
 */
package io.creditstream.scorer.deadletter;
