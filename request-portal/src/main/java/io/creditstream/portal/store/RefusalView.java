package io.creditstream.portal.store;

import java.time.Instant;

/**
 * An application that ended without a decision, as the portal stores it: a dead letter of the
 * scorer, or a decision the portal would not show because its application id was already another
 * client's.
 *
 * @param topic where the portal read it ({@code loan-applications-dlq} or {@code loan-decisions})
 * @param partition its partition there
 * @param offset its offset there
 * @param applicationId null when the record was unreadable
 * @param clientId null when neither the record nor its key names one
 * @param reasonCode VALIDATION, DESERIALIZATION, SCORING, CONFLICT (the scorer) or DUPLICATE_ID,
 *     UNSEALED, FORGED (the portal)
 * @param reason what went wrong, naming fields and rules
 * @param origin where the application was first read ("topic/partition/offset")
 * @param rawKey the key as received: text when printable, else hex
 * @param rawValue the application as JSON when readable, else the bytes in base64
 */
public record RefusalView(
    String topic,
    int partition,
    long offset,
    String applicationId,
    Long clientId,
    String reasonCode,
    String reason,
    String origin,
    Instant failedAt,
    String processor,
    String rawKey,
    String rawValue) {

  /** Set by the portal for a decision whose application id already belongs to another client. */
  public static final String DUPLICATE_ID = "DUPLICATE_ID";

  /**
   * Set by the scorer for an application the contract refused: it records no id for it, so a
   * corrected application may be sent under the same id.
   */
  public static final String VALIDATION = "VALIDATION";

  /** Set by the scorer for an application id already used for other content. */
  public static final String CONFLICT = "CONFLICT";

  /**
   * A record on the decisions topic without a seal (v1/v2, or written by anyone), or a dead letter
   * without one: not shown, ends nothing.
   */
  public static final String UNSEALED = "UNSEALED";

  /**
   * A decision or dead letter whose seal does not verify with the configured keys: not shown, ends
   * nothing.
   */
  public static final String FORGED = "FORGED";

  /**
   * True when this refusal is the end of its application: false for conflicts, which concern a
   * second application that reused an id, not the application the id names, and for records that do
   * not verify, which anyone could have written.
   */
  public boolean endsTheApplication() {
    // An unverifiable decision must not end anybody's application either: whoever can write to
    // the topic could otherwise close a client's page with it.
    return !CONFLICT.equals(reasonCode)
        && !DUPLICATE_ID.equals(reasonCode)
        && !UNSEALED.equals(reasonCode)
        && !FORGED.equals(reasonCode);
  }
}
