package io.creditstream.scorer.release;

/**
 * Nothing can be scored: no model is active. Not a problem of the record, so never dead-lettered.
 */
public final class NoActiveModelException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public NoActiveModelException(String message) {
    super(message);
  }
}
