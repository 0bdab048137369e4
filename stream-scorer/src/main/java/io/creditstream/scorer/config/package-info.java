/**
 * Typed configuration of the scorer: a properties file, overridden by {@code CREDITSTREAM_*}
 * environment variables, over defaults; Kafka, registry and security settings pass through.
 */
package io.creditstream.scorer.config;
