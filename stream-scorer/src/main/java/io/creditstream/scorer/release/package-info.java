/**
 * Models released on {@code model-releases}: the catalogue of loaded versions, the active pointer,
 * refusal of corrupt or incompatible releases, and the Kafka consumer that feeds them.
 */
package io.creditstream.scorer.release;
