package io.creditstream.scorer.decision;

import io.creditstream.avro.LoanApplication;
import io.creditstream.scorer.deadletter.NotTheRecordsFault;
import io.creditstream.scorer.ops.ScorerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an application must be decided: on the partition of its client's features, which the
 * features' producer chose with Java's default partitioner (murmur2 of the key, the client id as a
 * decimal string). A front office may use another partitioner (librdkafka's default is CRC32), no
 * key, a key that differs from the value's {@code SK_ID_CURR}, or another key encoding (Confluent's
 * Avro serializer writes a magic byte and a schema id before the string). Such a record is marked
 * to be moved: the topology re-keys it with the canonical key and sends it through a repartition
 * topic, so it is joined with its client's history like any other. A record already in the right
 * place takes no extra hop.
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

  private static final Logger log = LoggerFactory.getLogger(Placement.class);

  private Placement() {}

  /** An application and whether it must be moved to its client's partition. */
  record Placed(LoanApplication application, String moveReason) {
    boolean wellPlaced() {
      return moveReason == null;
    }
  }

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

  /** Marks each valid application as well placed or to be moved, counting the moves. */
  static final class Marker implements FixedKeyProcessor<byte[], LoanApplication, Placed> {
    private final IntSupplier partitionCount;
    private final ScorerMetrics metrics;
    private int partitions;
    private FixedKeyProcessorContext<byte[], Placed> context;

    Marker(IntSupplier partitionCount, ScorerMetrics metrics) {
      this.partitionCount = partitionCount;
      this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Placed> context) {
      this.context = context;
      this.partitions = partitionCount.getAsInt();
      if (partitions < 1) {
        throw new MisplacedTopologyException(
            "the partition count of the applications topic must be known, got " + partitions);
      }
    }

    @Override
    public void process(FixedKeyRecord<byte[], LoanApplication> record) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      int partition = meta == null ? 0 : meta.partition();
      if (partition >= partitions) {
        // The topology was built for fewer partitions than the topic has: placement would be wrong.
        throw new MisplacedTopologyException(
            "record on partition "
                + partition
                + " but the topology was built for "
                + partitions
                + " partitions; restart the scorer after changing the topic's partitions");
      }
      LoanApplication app = record.value();
      String reason = moveReason(record.key(), app, partition, partitions);
      if (reason != null) {
        metrics.applicationMoved(reason);
        if (meta != null) {
          Headers headers = record.headers();
          headers.remove(SOURCE_HEADER);
          headers.add(
              SOURCE_HEADER,
              (meta.topic() + "/" + meta.partition() + "/" + meta.offset())
                  .getBytes(StandardCharsets.UTF_8));
        }
        if (log.isDebugEnabled()) {
          log.debug(
              "Application {} at {} moved to its client's partition: {}",
              app.getApplicationId(),
              meta == null ? "?" : meta.topic() + "-" + meta.partition() + "@" + meta.offset(),
              reason);
        }
      }
      context.forward(record.withValue(new Placed(app, reason)));
    }
  }
}
