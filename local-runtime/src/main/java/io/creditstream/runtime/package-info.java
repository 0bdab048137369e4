/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) and a real Apicurio Registry,
 * each in its own child JVM bound to loopback, for the test suite, the local system and the
 * benchmarks; and the JUnit 5 extension that starts them once per test run. Where Docker exists,
 * the same extension can use Testcontainers instead ({@code
 * -Dcreditstream.platform=testcontainers}).
 */
package io.creditstream.runtime;
