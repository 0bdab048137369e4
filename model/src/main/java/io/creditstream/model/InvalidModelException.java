package io.creditstream.model;

/** A model or model card that cannot be used for scoring; the message names the problem. */
public final class InvalidModelException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
