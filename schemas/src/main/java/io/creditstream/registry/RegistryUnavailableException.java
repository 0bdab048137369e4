package io.creditstream.registry;

/** The registry could not be reached, or kept answering 5xx, after the configured retries. */
public class RegistryUnavailableException extends SchemaRegistryException {
  public RegistryUnavailableException(String message, int status, Throwable cause) {
    super(message, status, -1, cause);
  }
}
