package io.creditstream.portal.frontoffice;

import io.creditstream.avro.LoanApplication;

/** Publishes a validated application and returns once the broker has acknowledged it. */
public interface ApplicationPublisher {

  /**
   * @throws PublishFailedException when the broker did not acknowledge in time; the application may
   *     or may not have been written, so the front office retries with the same Idempotency-Key
   */
  void publish(LoanApplication application);

  /** The broker did not acknowledge the application. */
  final class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
