package io.creditstream.scorer.decision;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.Violation;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.ops.ScorerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one step between a topic and the join: every application read from {@code loan-applications}
 * is judged by the {@link ApplicationContract}, placed ({@link Placement}) and checked against the
 * application ids already decided ({@link ApplicationIds}), in this order and in one processor.
 * Nearly every application is valid, well placed and new; those go from the source to the join
 * through five nodes, where a chain of fourteen (a step, a branch and an unwrap per rule) cost the
 * stream thread 5-6 µs a decision more (docs/BENCHMARKS.md §1b, fourth sitting).
 *
 * <p>The same processor, without the placement, receives the applications that had to be moved,
 * after their hop through the repartition topic. It judges them by the contract again: the scorer
 * wrote them there valid, but the repartition topic is a topic like any other, and whatever else is
 * written to it must not reach the model unjudged. Moved applications are few, so well-placed ones
 * pay nothing for this.
 *
 * <p>Each application leaves as one {@link Admission}: to decide, to move, or refused with its dead
 * letter (VALIDATION: every violation, naming field and rule; CONFLICT: an application id already
 * used for other content). The same application again under a decided id leaves nothing: its
 * decision exists, and the duplicate is counted.
 */
final class ApplicationDoor implements FixedKeyProcessor<byte[], LoanApplication, Admission> {
  // Refusals by the contract are logged under the topology's name, as they were before the door
  // existed: operators' log settings and alerts select these lines by that logger.
  private static final Logger contractLog = LoggerFactory.getLogger(DecisionTopology.class);
  private static final Logger log = LoggerFactory.getLogger(ApplicationDoor.class);

  private final ApplicationContract contract;
  private final IntSupplier partitionCount; // null: placed before (after a move)
  private final Serializer<LoanApplication> serializer;
  private final ScorerMetrics metrics;
  private final Clock clock;
  private final String instance;
  private final AvroRow row = new AvroRow();
  private FixedKeyProcessorContext<byte[], Admission> context;
  private ApplicationIds ids;
  private int partitions;

  /** The door of {@code loan-applications}: contract, placement, id. */
  ApplicationDoor(
      ApplicationContract contract,
      IntSupplier partitionCount,
      Serializer<LoanApplication> serializer,
      ScorerMetrics metrics,
      Clock clock,
      String instance) {
    this.contract = contract;
    this.partitionCount = partitionCount;
    this.serializer = serializer;
    this.metrics = metrics;
    this.clock = clock;
    this.instance = instance;
  }

  /** The door after a move: the contract again and the id. */
  static ApplicationDoor afterMove(
      ApplicationContract contract,
      Serializer<LoanApplication> serializer,
      ScorerMetrics metrics,
      Clock clock,
      String instance) {
    return new ApplicationDoor(contract, null, serializer, metrics, clock, instance);
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], Admission> context) {
    this.context = context;
    this.ids = new ApplicationIds(context.getStateStore(ApplicationIds.STORE));
    if (partitionCount != null) {
      partitions = partitionCount.getAsInt();
      if (partitions < 1) {
        throw new Placement.MisplacedTopologyException(
            "the partition count of the applications topic must be known, got " + partitions);
      }
    }
  }

  @Override
  public void process(FixedKeyRecord<byte[], LoanApplication> received) {
    // A sender's headers stop here: every record written from this one (decision, dead letter,
    // move) carries only what the scorer puts on it. A header is the sender's to fill, up to
    // megabytes once compressed, and would otherwise be copied onto records the scorer's producer
    // must refuse as too large, stopping the partition on this record.
    Header movedFrom =
        partitionCount == null ? received.headers().lastHeader(Placement.SOURCE_HEADER) : null;
    FixedKeyRecord<byte[], LoanApplication> record = received.withHeaders(new RecordHeaders());
    LoanApplication app = record.value();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    List<Violation> violations = contract.check(row.reset(app));
    if (!violations.isEmpty()) {
      refuseInvalid(record, app, meta, movedFrom, violations);
      return;
    }
    if (partitionCount != null && mustMove(record, app, meta)) {
      context.forward(record.withValue(new Admission(app, Admission.Route.MOVE, null)));
      return;
    }
    ApplicationIds.Seen seen =
        ids.admit(
            app,
            meta == null
                ? ApplicationIds.Position.UNKNOWN
                : new ApplicationIds.Position(
                    partitionCount == null, meta.partition(), meta.offset()));
    switch (seen) {
      case NEW ->
          context.forward(record.withValue(new Admission(app, Admission.Route.DECIDE, null)));
      case READ_AGAIN -> {
        log.info(
            "Application {} at {} read again after a transaction that did not commit: deciding it",
            app.getApplicationId(),
            origin(movedFrom, meta));
        context.forward(record.withValue(new Admission(app, Admission.Route.DECIDE, null)));
      }
      case SAME_CONTENT -> {
        metrics.duplicateApplication();
        log.info(
            "Application {} at {} already decided: duplicate dropped",
            app.getApplicationId(),
            origin(movedFrom, meta));
      }
      case OTHER_CLIENT, SAME_CLIENT -> refuseConflict(record, app, meta, movedFrom, seen);
    }
  }

  /** True (and the record marked and counted) when it is not where its client's features are. */
  private boolean mustMove(
      FixedKeyRecord<byte[], LoanApplication> record, LoanApplication app, RecordMetadata meta) {
    int partition = meta == null ? 0 : meta.partition();
    if (partition >= partitions) {
      // The topology was built for fewer partitions than the topic has: placement would be wrong.
      throw new Placement.MisplacedTopologyException(
          "record on partition "
              + partition
              + " but the topology was built for "
              + partitions
              + " partitions; restart the scorer after changing the topic's partitions");
    }
    String reason = Placement.moveReason(record.key(), app, partition, partitions);
    if (reason == null) {
      return false;
    }
    metrics.applicationMoved(reason);
    if (meta != null) {
      Headers headers = record.headers();
      headers.remove(Placement.SOURCE_HEADER);
      headers.add(Placement.SOURCE_HEADER, coordinates(meta).getBytes(StandardCharsets.UTF_8));
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Application {} at {} moved to its client's partition: {}",
          app.getApplicationId(),
          meta == null ? "?" : coordinates(meta),
          reason);
    }
    return true;
  }

  private void refuseInvalid(
      FixedKeyRecord<byte[], LoanApplication> record,
      LoanApplication app,
      RecordMetadata meta,
      Header movedFrom,
      List<Violation> violations) {
    String reason =
        "invalid application: "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    Origin at = origin(movedFrom, meta);
    contractLog.warn(
        "Application {} at {}-{}@{}{} sent to the dead-letter topic: {}",
        app.getApplicationId(),
        at.topic(),
        at.partition(),
        at.offset(),
        movedFrom == null ? "" : " (read after a move)",
        reason);
    metrics.deadLetter(DeadLetters.VALIDATION);
    refuse(record, app, DeadLetters.VALIDATION, reason, at);
  }

  private void refuseConflict(
      FixedKeyRecord<byte[], LoanApplication> record,
      LoanApplication app,
      RecordMetadata meta,
      Header movedFrom,
      ApplicationIds.Seen seen) {
    String id = app.getApplicationId();
    Origin at = origin(movedFrom, meta);
    String reason =
        "conflict: application id "
            + id
            + " was already used for "
            + (seen == ApplicationIds.Seen.SAME_CLIENT
                ? "another application of the same client"
                : "an application of another client")
            + "; an application id names one application only: send a new id for a new or"
            + " corrected application";
    log.warn("Application {} at {} sent to the dead-letter topic: {}", id, at, reason);
    metrics.deadLetter(DeadLetters.CONFLICT);
    refuse(record, app, DeadLetters.CONFLICT, reason, at);
  }

  private void refuse(
      FixedKeyRecord<byte[], LoanApplication> record,
      LoanApplication app,
      String code,
      String reason,
      Origin at) {
    // The record was read into an object, so its original bytes are gone: the dead letter keeps
    // it re-encoded in the same wire format, which decodes to the same application. The key is
    // kept as received.
    DeadLetter letter =
        DeadLetters.of(
            code,
            reason,
            at.topic(),
            at.partition(),
            at.offset(),
            record.key(),
            serializer.serialize(at.topic(), app),
            app.getApplicationId(),
            clock.instant(),
            instance);
    context.forward(record.withValue(new Admission(app, Admission.Route.REFUSE, letter)));
  }

  /** A record's first coordinates, as a dead letter names them and logs show them. */
  private record Origin(String topic, int partition, long offset) {
    @Override
    public String toString() {
      return topic + "/" + partition + "/" + offset;
    }
  }

  /**
   * Where the record was first read: after a move, the coordinates in the header the move left,
   * when it reads as such; else (at the source, where a header a sender wrote is not believed, and
   * for a header the scorer did not write) this record's own.
   */
  private static Origin origin(Header movedFrom, RecordMetadata meta) {
    if (movedFrom != null) {
      String[] at = new String(movedFrom.value(), StandardCharsets.UTF_8).split("/");
      if (at.length == 3) {
        try {
          return new Origin(at[0], Integer.parseInt(at[1]), Long.parseLong(at[2]));
        } catch (NumberFormatException notOurs) {
          // fall through to this record's own coordinates
        }
      }
    }
    return meta == null
        ? new Origin("", -1, -1)
        : new Origin(meta.topic(), meta.partition(), meta.offset());
  }

  private static String coordinates(RecordMetadata meta) {
    return new Origin(meta.topic(), meta.partition(), meta.offset()).toString();
  }
}
