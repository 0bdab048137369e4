package io.creditstream.registry;

/**
 * A schema registry call failed. Subclasses say why: the registry could not be reached, the schema
 * or subject is unknown, or the schema was refused as incompatible. Other refusals (invalid schema,
 * authentication) are reported with this base type, carrying the HTTP status and the registry's
 * error code and message.
 */
public class SchemaRegistryException extends RuntimeException {
  private final int status;
  private final int errorCode;

  public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, int status, int errorCode) {
    this(message, status, errorCode, null);
  }

  /** The HTTP status the registry answered, or -1 when no answer came. */
  public int status() {
    return status;
  }

  /**
   * Confluent's error code (e.g. 40403 schema not found, 409 incompatible), or -1 when none was
   * given.
   */
  public int errorCode() {
    return errorCode;
  }
}
