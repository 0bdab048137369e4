package io.creditstream.registry;

import java.util.Map;

/**
 * Builds the client a config asks for: the in-memory registry for {@code mock://scope}, else the
 * REST one.
 */
public final class SchemaRegistryClients {
  private SchemaRegistryClients() {}

  public static SchemaRegistryClient create(Map<String, ?> config) {
    String scope = RegistryClientConfig.mockScope(config);
    if (scope != null) {
      return MockSchemaRegistry.forScope(scope);
    }
    return new RestSchemaRegistryClient(RegistryClientConfig.from(config));
  }
}
