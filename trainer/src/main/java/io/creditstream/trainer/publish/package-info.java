/**
 * Publishing to Kafka: client history aggregates to {@code client-features}, model releases (and
 * the {@code active} pointer) to {@code model-releases}, and an application file replayed as live
 * traffic to {@code loan-applications}. Each has a command and a plain API the local system calls.
 */
package io.creditstream.trainer.publish;
