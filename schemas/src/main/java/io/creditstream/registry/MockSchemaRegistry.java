package io.creditstream.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-memory registry for {@code schema.registry.url=mock://scope}: every client configured with
 * the same scope in one JVM sees the same subjects and ids, so a test's serializer and deserializer
 * agree. It behaves like a Confluent registry whose compatibility level is BACKWARD: a new version
 * must be readable-from the subject's latest version (checked with Avro's {@link
 * SchemaCompatibility}), otherwise registration fails with {@link IncompatibleSchemaException}, as
 * the real registry's 409 does. The same schema gets the same id under every subject, as in
 * Confluent's registry.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {
  private static final Map<String, MockSchemaRegistry> scopes = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

  private MockSchemaRegistry(String scope) {
    this.scope = scope;
  }

  /** The registry of this scope, created empty on first use. */
  public static MockSchemaRegistry forScope(String scope) {
    return scopes.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets a scope, so a test can start from an empty registry. */
  public static void dropScope(String scope) {
    scopes.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idsBySchema.get(schema);
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    CompatibilityResult compatibility = check(subject, schema);
    if (!compatibility.compatible()) {
      String message = String.join("; ", compatibility.messages());
      throw new IncompatibleSchemaException(
          "schema refused as incompatible for "
              + subject
              + " (mock://"
              + scope
              + " enforces BACKWARD): "
              + message,
          message);
    }
    int id = existing != null ? existing : schemasById.size() + 1;
    schemasById.put(id, schema);
    idsBySchema.put(schema, id);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException(
          "schema not found: schema id " + id + " (mock://" + scope + ")", 40403);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Integer> versions = versions(subject);
    int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(subject, id, versions.size(), schemasById.get(id));
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    List<Integer> versions = versions(subject);
    Integer id = idsBySchema.get(schema);
    if (id == null || !versions.contains(id)) {
      throw new SchemaNotFoundException(
          "schema not found: "
              + schema.getFullName()
              + " is not registered under "
              + subject
              + " (mock://"
              + scope
              + ")",
          40403);
    }
    return new RegisteredSchema(subject, id, versions.indexOf(id) + 1, schema);
  }

  @Override
  public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
    return check(subject, schema);
  }

  private CompatibilityResult check(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      return new CompatibilityResult(true, List.of());
    }
    Schema latest = schemasById.get(versions.get(versions.size() - 1));
    // BACKWARD: consumers using the new schema must read data written with the latest one.
    List<String> problems = AvroCompatibility.problems(schema, latest);
    return new CompatibilityResult(problems.isEmpty(), problems);
  }

  private List<Integer> versions(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaNotFoundException(
          "subject not found: " + subject + " (mock://" + scope + ")", 40401);
    }
    return versions;
  }
}
