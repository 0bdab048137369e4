package io.creditstream.scorer.replay;

/** A replay that cannot go on, with the exit code that says why (see {@link ReplayCommand}). */
public final class ReplayException extends Exception {

  private final int exitCode;

  public ReplayException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ReplayException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  static ReplayException badArgument(String message) {
    return new ReplayException(ReplayCommand.EXIT_BAD_ARGUMENTS, message);
  }

  static ReplayException unreachable(String message, Throwable cause) {
    return new ReplayException(ReplayCommand.EXIT_UNREACHABLE, message, cause);
  }
}
