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
 * <p>A value is the fingerprint's 32 bytes and the client id (8 bytes, big-endian). Stores and
 * changelogs written before 2026-12-07 hold the text "fingerprint-in-hex client-id" (UTF-8); both
 * are read.
 */
final class ApplicationIds {

  static final String STORE = "application-ids-store";

  private static final int DIGEST = 32;
  private static final int VALUE = DIGEST + Long.BYTES;

  /** What an application id had been used for before this application. */
  enum Seen {
    /** Nothing: the id is now this application's. */
    NEW,
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

  /** Looks the application's id up, and remembers it with this content when it is new. */
  Seen admit(LoanApplication app) {
    String id = app.getApplicationId();
    byte[] digest = LoanApplications.fingerprintBytes(app);
    byte[] before = seen.get(id);
    if (before == null) {
      seen.put(id, value(digest, app.getSKIDCURR()));
      return Seen.NEW;
    }
    boolean sameContent;
    long firstClient;
    if (before.length == VALUE) {
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

  /** What the store keeps for an application id: its content's fingerprint and its client. */
  static byte[] value(byte[] digest, long clientId) {
    return ByteBuffer.allocate(VALUE).put(digest, 0, DIGEST).putLong(clientId).array();
  }
}
