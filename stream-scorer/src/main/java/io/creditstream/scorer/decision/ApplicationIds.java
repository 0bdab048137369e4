package io.creditstream.scorer.decision;

import io.creditstream.avro.LoanApplication;
import io.creditstream.records.LoanApplications;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Exactly one decision per application id. Each application id seen on this client's partition is
 * remembered with its content's fingerprint ({@link LoanApplications#fingerprint}: every column,
 * not how or when it was sent) and its client: the same application again (a producer's resend, a
 * retry through another door) is a duplicate, since its decision exists; different content under a
 * used id is a conflict, so no decision ever replaces another client's. {@link ApplicationDoor}
 * drops the first and dead-letters the second.
 *
 * <p>The store is partitioned like the decisions, by client: an id reused for the same client is
 * always caught here. An id reused for a client on another partition is not seen by this task; the
 * portal, which sees every decision, refuses to let it replace the first one (see the README).
 *
 * <p><b>The record that claimed the id.</b> A value also names the record that claimed the id
 * (whether read at the source or after a move, its partition and offset) and the scorer process
 * that read it. That very record read again by the same process is not a duplicate: it is the same
 * record processed again after a transaction that never committed (a broker crash, a fenced
 * thread), whose decision was therefore never written. Kafka Streams is meant to wipe a store's
 * uncommitted writes when it closes a task dirty under exactly-once, but in a clean-clone CI run of
 * 2026-12-07 (Kafka Streams 4.3.1, a broker crash, both stream threads fenced and tasks moved
 * between them) the store kept them, and 281 applications were dropped as duplicates of decisions
 * that did not exist (docs/RELIABILITY.md, "Observations"). Read by another process (after a
 * restart: an operator who rewound the scorer's offsets), the record stays a duplicate, as any
 * resend does.
 *
 * <p>A value: the fingerprint's 32 bytes, the client id (8 bytes, big-endian), then the claiming
 * record's origin (1 byte: 0 at the source, 1 after a move), partition (4), offset (8) and the
 * process that read it ({@link #PROCESS}, 8). Values of 40 bytes (without the record, written until
 * 2026-12-07) and the text "fingerprint-in-hex client-id" (UTF-8, before that) are still read.
 */
final class ApplicationIds {

  static final String STORE = "application-ids-store";

  private static final int DIGEST = 32;
  private static final int VALUE_WITHOUT_POSITION = DIGEST + Long.BYTES;
  private static final int VALUE =
      VALUE_WITHOUT_POSITION + 1 + Integer.BYTES + Long.BYTES + Long.BYTES;

  /** This scorer process, among all that ever wrote to the store: random at each start. */
  static final long PROCESS = new java.security.SecureRandom().nextLong();

  /** What an application id had been used for before this application. */
  enum Seen {
    /** Nothing: the id is now this application's. */
    NEW,
    /**
     * This very record (same origin, partition and offset) claimed it in a transaction that did not
     * commit: it is decided now, as if new.
     */
    READ_AGAIN,
    /** This very content: a duplicate. */
    SAME_CONTENT,
    /** Other content of the same client. */
    SAME_CLIENT,
    /** An application of another client. */
    OTHER_CLIENT
  }

  private final KeyValueStore<String, byte[]> seen;

  /**
   * @param seen the task's {@link #STORE}, application id to {@link #value}
   */
  ApplicationIds(KeyValueStore<String, byte[]> seen) {
    this.seen = seen;
  }

  /**
   * Where a record was read: {@code moved} for the repartition topic, else the source; a negative
   * offset when unknown.
   */
  record Position(boolean moved, int partition, long offset) {
    static final Position UNKNOWN = new Position(false, -1, -1);

    boolean known() {
      return offset >= 0;
    }
  }

  /**
   * Looks the application's id up, and remembers it with this content and position when it is new
   * (or when {@code at} is the very record that claimed it, read again by this process: processed
   * again after a transaction that did not commit).
   */
  Seen admit(LoanApplication app, Position at) {
    String id = app.getApplicationId();
    byte[] digest = LoanApplications.fingerprintBytes(app);
    byte[] before = seen.get(id);
    if (before == null) {
      seen.put(id, value(digest, app.getSKIDCURR(), at));
      return Seen.NEW;
    }
    if (at.known()
        && before.length == VALUE
        && at.equals(positionOf(before))
        && processOf(before) == PROCESS) {
      // Written again in this transaction: the changelog may not hold the aborted write.
      seen.put(id, value(digest, app.getSKIDCURR(), at));
      return Seen.READ_AGAIN;
    }
    boolean sameContent;
    long firstClient;
    if (before.length == VALUE || before.length == VALUE_WITHOUT_POSITION) {
      sameContent = Arrays.equals(before, 0, DIGEST, digest, 0, DIGEST);
      firstClient = ByteBuffer.wrap(before, DIGEST, Long.BYTES).getLong();
    } else {
      String legacy = new String(before, StandardCharsets.UTF_8);
      int space = legacy.indexOf(' ');
      sameContent = legacy.substring(0, space).equals(LoanApplications.fingerprint(app));
      firstClient = Long.parseLong(legacy.substring(space + 1));
    }
    if (sameContent && firstClient == app.getSKIDCURR()) {
      return Seen.SAME_CONTENT;
    }
    return firstClient == app.getSKIDCURR() ? Seen.SAME_CLIENT : Seen.OTHER_CLIENT;
  }

  /**
   * What the store keeps for an application id: its content's fingerprint, its client and where the
   * record that claimed it was read.
   */
  static byte[] value(byte[] digest, long clientId, Position at) {
    return value(digest, clientId, at, PROCESS);
  }

  static byte[] value(byte[] digest, long clientId, Position at, long process) {
    return ByteBuffer.allocate(VALUE)
        .put(digest, 0, DIGEST)
        .putLong(clientId)
        .put((byte) (at.moved() ? 1 : 0))
        .putInt(at.partition())
        .putLong(at.offset())
        .putLong(process)
        .array();
  }

  private static long processOf(byte[] value) {
    return ByteBuffer.wrap(value, VALUE - Long.BYTES, Long.BYTES).getLong();
  }

  private static Position positionOf(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value, VALUE_WITHOUT_POSITION, VALUE - VALUE_WITHOUT_POSITION);
    return new Position(b.get() == 1, b.getInt(), b.getLong());
  }
}
