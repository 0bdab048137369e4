package io.creditstream.scorer.decision;

import io.creditstream.avro.LoanApplication;
import io.creditstream.scorer.deadletter.NotTheRecordsFault;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;

/**
 * Where an application must be decided: on the partition of its client's features, which the
 * features' producer chose with Java's default partitioner (murmur2 of the key, the client id as a
 * decimal string). A front office may use another partitioner (librdkafka's default is CRC32), no
 * key, a key that differs from the value's {@code SK_ID_CURR}, or another key encoding (Confluent's
 * Avro serializer writes a magic byte and a schema id before the string). {@link ApplicationDoor}
 * marks such a record to be moved: the topology re-keys it with the canonical key and sends it
 * through a repartition topic, so it is joined with its client's history like any other. A record
 * already in the right place takes no extra hop.
 *
 * <p>A moved record carries where it was first read in the header {@link #SOURCE_HEADER}
 * ("topic/partition/offset"), so a dead letter written after the hop still names the original
 * coordinates.
 */
final class Placement {

  /**
   * The partition count the topology places records by is wrong: every record would be joined on
   * the wrong partition, so the scorer stops instead of dead-lettering them one by one.
   */
  static final class MisplacedTopologyException extends NotTheRecordsFault {
    MisplacedTopologyException(String message) {
      super(message);
    }
  }

  static final String SOURCE_HEADER = "creditstream.source";

  private Placement() {}

  /** The key every application and feature record of the client carries: the decimal client id. */
  static byte[] canonicalKey(LoanApplication app) {
    return Long.toString(app.getSKIDCURR()).getBytes(StandardCharsets.UTF_8);
  }

  /** The partition Java's default partitioner gives a key, as the features' producer used it. */
  static int partitionOf(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }

  /** Why a record must be moved, or null when it is where its client's features are. */
  static String moveReason(byte[] key, LoanApplication app, int partition, int partitions) {
    byte[] canonical = canonicalKey(app);
    if (key == null) {
      return "key_missing";
    }
    if (!Arrays.equals(key, canonical)) {
      return "key_differs";
    }
    return partition == partitionOf(canonical, partitions) ? null : "wrong_partition";
  }
}
