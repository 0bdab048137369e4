package io.creditstream.scorer.decision;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.contract.Violation;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.ops.ScorerMetrics;
import java.time.Clock;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an invalid application into a VALIDATION dead letter with where it came from. */
final class InvalidApplicationProcessor implements Processor<byte[], Checked, byte[], DeadLetter> {
  // Logged under the topology's name, as before this class was split out of it: operators'
  // log settings and alerts select these lines by that logger.
  private static final Logger log = LoggerFactory.getLogger(DecisionTopology.class);

  private final Serializer<LoanApplication> serializer;
  private final ScorerMetrics metrics;
  private final Clock clock;
  private final String instance;
  private ProcessorContext<byte[], DeadLetter> context;

  InvalidApplicationProcessor(
      Serializer<LoanApplication> serializer, ScorerMetrics metrics, Clock clock, String instance) {
    this.serializer = serializer;
    this.metrics = metrics;
    this.clock = clock;
    this.instance = instance;
  }

  @Override
  public void init(ProcessorContext<byte[], DeadLetter> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], Checked> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? "" : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    LoanApplication app = record.value().application();
    String reason =
        "invalid application: "
            + record.value().violations().stream()
                .map(Violation::toString)
                .collect(Collectors.joining("; "));
    log.warn(
        "Application {} at {}-{}@{} sent to the dead-letter topic: {}",
        app.getApplicationId(),
        topic,
        partition,
        offset,
        reason);
    byte[] key = record.key(); // as received
    // The record was read into an object, so its original bytes are gone: the dead letter keeps
    // it re-encoded in the same wire format, which decodes to the same application.
    byte[] value = serializer.serialize(topic, app);
    DeadLetter letter =
        DeadLetters.of(
            DeadLetters.VALIDATION,
            reason,
            topic,
            partition,
            offset,
            key,
            value,
            app.getApplicationId(),
            clock.instant(),
            instance);
    metrics.deadLetter(DeadLetters.VALIDATION);
    context.forward(record.withKey(key).withValue(letter));
  }
}
