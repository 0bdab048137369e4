/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) and a real Apicurio Registry,
 * each in its own child JVM bound to loopback, for the local system, the benchmarks and (through
 * the test-kit module's JUnit extension, which can also use Testcontainers where Docker exists) the
 * test suite. Nothing here depends on JUnit or Testcontainers.
 */
package io.creditstream.runtime;
