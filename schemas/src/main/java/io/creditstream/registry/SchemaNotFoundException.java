package io.creditstream.registry;

/**
 * The registry does not know the schema id, the subject, or the schema under the subject (HTTP
 * 404).
 */
public class SchemaNotFoundException extends SchemaRegistryException {
  public SchemaNotFoundException(String message, int errorCode) {
    super(message, 404, errorCode);
  }
}
