package io.creditstream.scorer.decision;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.records.LoanApplications;
import io.creditstream.scorer.deadletter.ApplicationCarrier;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.ops.ScorerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one decision per application id. Each application id seen on this client's partition is
 * remembered with its content's fingerprint ({@link LoanApplications#fingerprint}: every column,
 * not how or when it was sent): the same application again (a producer's resend, a retry through
 * another door) is dropped and counted, since its decision exists; different content under a used
 * id is a conflict and goes to the dead-letter topic with the reason, so no decision ever replaces
 * another client's.
 *
 * <p>The store is partitioned like the decisions, by client: an id reused for the same client is
 * always caught here. An id reused for a client on another partition is not seen by this task; the
 * portal, which sees every decision, refuses to let it replace the first one (see the README).
 */
final class ApplicationIds {

  static final String STORE = "application-ids-store";

  private static final Logger log = LoggerFactory.getLogger(ApplicationIds.class);

  private ApplicationIds() {}

  /** A fresh application to decide, or the dead letter of a conflicting one. */
  record Routed(LoanApplication application, DeadLetter conflict) implements ApplicationCarrier {}

  static final class Check implements FixedKeyProcessor<byte[], LoanApplication, Routed> {
    private final Serializer<LoanApplication> serializer;
    private final ScorerMetrics metrics;
    private final Clock clock;
    private final String instance;
    private FixedKeyProcessorContext<byte[], Routed> context;
    private KeyValueStore<String, String> seen;

    Check(
        Serializer<LoanApplication> serializer,
        ScorerMetrics metrics,
        Clock clock,
        String instance) {
      this.serializer = serializer;
      this.metrics = metrics;
      this.clock = clock;
      this.instance = instance;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Routed> context) {
      this.context = context;
      this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<byte[], LoanApplication> record) {
      LoanApplication app = record.value();
      String id = app.getApplicationId();
      String fingerprint = LoanApplications.fingerprint(app) + " " + app.getSKIDCURR();
      String before = seen.get(id);
      if (before == null) {
        seen.put(id, fingerprint);
        context.forward(record.withValue(new Routed(app, null)));
        return;
      }
      String where = source(record);
      if (before.equals(fingerprint)) {
        metrics.duplicateApplication();
        log.info("Application {} at {} already decided: duplicate dropped", id, where);
        return;
      }
      String firstClient = before.substring(before.indexOf(' ') + 1);
      String reason =
          "conflict: application id "
              + id
              + " was already used for "
              + (firstClient.equals(String.valueOf(app.getSKIDCURR()))
                  ? "another application of the same client"
                  : "an application of another client")
              + "; an application id names one application only: send a new id for a new or"
              + " corrected application";
      log.warn("Application {} at {} sent to the dead-letter topic: {}", id, where, reason);
      metrics.deadLetter(DeadLetters.CONFLICT);
      String[] coordinates = where.split("/");
      DeadLetter letter =
          DeadLetters.of(
              DeadLetters.CONFLICT,
              reason,
              coordinates[0],
              Integer.parseInt(coordinates[1]),
              Long.parseLong(coordinates[2]),
              record.key(),
              serializer.serialize(coordinates[0], app),
              id,
              clock.instant(),
              instance);
      context.forward(record.withValue(new Routed(app, letter)));
    }

    /** Where the record was first read: the header a move left, else this record's coordinates. */
    private String source(FixedKeyRecord<byte[], LoanApplication> record) {
      Header h = record.headers().lastHeader(Placement.SOURCE_HEADER);
      if (h != null) {
        return new String(h.value(), StandardCharsets.UTF_8);
      }
      RecordMetadata meta = context.recordMetadata().orElse(null);
      return meta == null ? "?/-1/-1" : meta.topic() + "/" + meta.partition() + "/" + meta.offset();
    }
  }
}
