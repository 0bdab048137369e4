package io.creditstream.scorer.deadletter;

import io.creditstream.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter} records; the reason codes the scorer writes. */
public final class DeadLetters {

  /** The record's bytes could not be read (poison pill, non-Avro bytes, unknown schema id). */
  public static final String DESERIALIZATION = "DESERIALIZATION";

  /** The record was readable but describes an impossible application. */
  public static final String VALIDATION = "VALIDATION";

  /**
   * The application id was already used for an application with other content (another client, or
   * the same client's changed application): one id, one decision.
   */
  public static final String CONFLICT = "CONFLICT";

  /** A valid application could not be decided (an unexpected failure while scoring it). */
  public static final String SCORING = "SCORING";

  private DeadLetters() {}

  public static DeadLetter of(
      String reasonCode,
      String reason,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      String applicationId,
      Instant failedAt,
      String processor) {
    return DeadLetter.newBuilder()
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setReasonCode(reasonCode)
        .setReason(reason)
        .setApplicationId(applicationId)
        .setFailedAt(failedAt)
        .setProcessor(processor)
        .build();
  }

  /** The exception and its causes as one line, so the reason names the actual problem. */
  public static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Throwable cur = t;
    int depth = 0;
    while (cur != null && depth < 5) {
      if (depth > 0) {
        sb.append(" <- caused by ");
      }
      sb.append(cur.getClass().getSimpleName());
      if (cur.getMessage() != null) {
        sb.append(": ").append(cur.getMessage());
      }
      cur = cur.getCause() == cur ? null : cur.getCause();
      depth++;
    }
    return sb.toString();
  }
}
