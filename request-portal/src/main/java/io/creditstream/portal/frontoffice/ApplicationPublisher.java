package io.creditstream.portal.frontoffice;

import io.creditstream.avro.LoanApplication;

/** Publishes a validated application and returns once the broker has acknowledged it. */
public interface ApplicationPublisher {

  /**
   * @param frontOffice the submitter, carried in a record header so that every portal instance
   *     knows whose application it is
   * @throws PublishFailedException when the broker did not acknowledge in time; the application may
   *     or may not have been written, so the front office retries with the same Idempotency-Key
   */
  void publish(LoanApplication application, String frontOffice);

  /** The broker did not acknowledge the application. */
  final class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
