package io.creditstream.scorer.deadletter;

import io.creditstream.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

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

  /**
   * The most of a record's key or value a dead letter keeps. A record can be far larger than any
   * record the scorer may write: a producer that compresses can put megabytes of (compressible)
   * junk on a topic whose limit counts compressed bytes, and a dead letter carrying all of it would
   * be refused by the producer ({@code max.request.size}, 1 MiB by default), failing the task on
   * the same record after every restart. Beyond this the letter keeps the first bytes, and its
   * reason gives the whole size and the SHA-256 of the whole, so an auditor can still match the
   * record.
   */
  static final int MAX_KEPT_BYTES = 256 * 1024;

  /** The longest application id and reason a letter keeps (ids are 64 characters at most). */
  static final int MAX_KEPT_ID = 128;

  static final int MAX_KEPT_REASON = 16 * 1024;

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
    String why = reason == null ? "" : shorten(reason, MAX_KEPT_REASON);
    if (key != null && key.length > MAX_KEPT_BYTES) {
      why += "; " + cut("key", key);
    }
    if (value != null && value.length > MAX_KEPT_BYTES) {
      why += "; " + cut("value", value);
    }
    return DeadLetter.newBuilder()
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key, 0, Math.min(key.length, MAX_KEPT_BYTES)))
        .setValue(
            value == null
                ? null
                : ByteBuffer.wrap(value, 0, Math.min(value.length, MAX_KEPT_BYTES)))
        .setReasonCode(reasonCode)
        .setReason(why)
        .setApplicationId(applicationId == null ? null : shorten(applicationId, MAX_KEPT_ID))
        .setFailedAt(failedAt)
        .setProcessor(processor)
        .build();
  }

  private static String cut(String what, byte[] bytes) {
    try {
      return "the record's "
          + what
          + " was "
          + bytes.length
          + " bytes, only the first "
          + MAX_KEPT_BYTES
          + " are kept here (SHA-256 of the whole: "
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          + ")";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "... (" + s.length() + " characters)";
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
