package io.creditstream.registry;

import org.apache.avro.Schema;

/**
 * The registry operations the serde needs, as the Confluent Schema Registry REST API defines them.
 * Every method throws a {@link SchemaRegistryException} subclass naming the problem.
 */
public interface SchemaRegistryClient {

  /** Registers the schema under the subject (or finds it there already) and answers its id. */
  int register(String subject, Schema schema);

  /** The schema with this id, whatever subject it was registered under. */
  Schema getById(int id);

  /** The subject's latest version. */
  RegisteredSchema latest(String subject);

  /** The version of the subject that holds exactly this schema, without registering it. */
  RegisteredSchema lookup(String subject, Schema schema);

  /**
   * Whether the schema could be registered as the subject's next version under its compatibility
   * rule.
   */
  CompatibilityResult testCompatibility(String subject, Schema schema);
}
