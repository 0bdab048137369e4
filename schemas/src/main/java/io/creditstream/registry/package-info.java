/**
 * A small client of the Confluent Schema Registry REST API (register, get by id, latest version,
 * lookup, compatibility check) over {@code java.net.http}, configured with Confluent's property
 * names, with caches, bounded retries and typed failures; plus an in-memory registry for {@code
 * mock://scope} URLs that enforces BACKWARD compatibility, for unit tests.
 */
package io.creditstream.registry;
