package io.creditstream.portal.link;

/** A client credential that grants nothing; the kind is for logs and status codes, never echoed. */
public final class InvalidCredentialException extends RuntimeException {

  /** Why the credential was refused. */
  public enum Kind {
    MISSING,
    MALFORMED,
    FORGED,
    EXPIRED,
    /** Valid, but for another application than the one asked for. */
    WRONG_APPLICATION
  }

  private final Kind kind;

  public InvalidCredentialException(Kind kind) {
    super("client credential refused: " + kind);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
