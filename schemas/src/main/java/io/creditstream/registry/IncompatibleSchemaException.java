package io.creditstream.registry;

/**
 * The registry refused a schema as incompatible with the subject's earlier versions (HTTP 409); the
 * message carries the registry's own explanation.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
  private final String registryMessage;

  public IncompatibleSchemaException(String message, String registryMessage) {
    super(message, 409, 409);
    this.registryMessage = registryMessage;
  }

  /** The explanation exactly as the registry gave it. */
  public String registryMessage() {
    return registryMessage;
  }
}
