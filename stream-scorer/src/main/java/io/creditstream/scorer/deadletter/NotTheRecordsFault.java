package io.creditstream.scorer.deadletter;

/**
 * A failure that is not the record's fault and that every following record would meet too (the
 * scorer is misconfigured): {@link DeadLetterHandler} stops the task instead of dead-lettering the
 * records one by one.
 */
public class NotTheRecordsFault extends IllegalStateException {
  public NotTheRecordsFault(String message) {
    super(message);
  }
}
