package io.creditstream.scorer.deadletter;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.NoActiveModelException;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.serde.AvroSerde;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization and processing handler: a record whose key or value cannot be read
 * becomes a {@link DeadLetter} (raw key and value bytes, reason code {@code DESERIALIZATION}, the
 * exception, source topic/partition/offset) on the dead-letter topic, and processing goes on. A
 * record that was read but could not be decided (an unexpected exception while scoring) becomes a
 * {@code SCORING} dead letter with the source record's raw bytes the same way. Failures that are
 * not the record's fault stop the task instead: {@link NoActiveModelException} and {@link
 * NotTheRecordsFault} (every following record would fail the same way), and a Kafka client error or
 * an unreachable registry among the causes ({@link NotTheRecordsFault#causedByInfrastructure}: the
 * thread is replaced and the record decided again, rather than a valid application refused because
 * of an outage).
 *
 * <p>The dead letter is handed back in {@link Response#resume(List)}, so Kafka Streams writes it in
 * the same transaction as the task's other output (exactly-once: a dead letter is not duplicated by
 * a retry, nor lost).
 *
 * <p>Every letter is sealed ({@link DeadLetterSeals}) with the scorer's decision key, so the portal
 * lets only the scorer's letters end a client's application.
 *
 * <p>Configured from the Streams config: {@value #DLQ_TOPIC} (the dead-letter topic), {@value
 * #SIGNER} (the seal's signer), {@value #INSTANCE}, {@value #METRICS} (a {@link ScorerMetrics}
 * object, optional), and the registry settings that the {@code DeadLetter} serializer needs.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  public static final String DLQ_TOPIC = "scorer.dlq.topic";
  public static final String INSTANCE = "scorer.instance";
  public static final String METRICS = "scorer.metrics.object";
  public static final String CLOCK = "scorer.clock.object";

  /**
   * The scorer's {@link SealKeys.Signer} (required): every dead letter is sealed with the decision
   * key, so that only the scorer can end a client's application.
   */
  public static final String SIGNER = "scorer.seal.signer.object";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  private String dlqTopic;
  private String instance;
  private Serializer<DeadLetter> serializer;
  private ScorerMetrics metrics;
  private Clock clock;
  private SealKeys.Signer signer;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DLQ_TOPIC);
    if (topic == null || topic.toString().isBlank()) {
      throw new IllegalArgumentException(
          DLQ_TOPIC + " must name the dead-letter topic for " + getClass().getName());
    }
    dlqTopic = topic.toString();
    Object inst = configs.get(INSTANCE);
    instance = inst == null ? "" : inst.toString();
    serializer = AvroSerde.of(DeadLetter.class, configs, false).serializer();
    metrics = configs.get(METRICS) instanceof ScorerMetrics m ? m : null;
    clock = configs.get(CLOCK) instanceof Clock c ? c : Clock.systemUTC();
    if (!(configs.get(SIGNER) instanceof SealKeys.Signer s)) {
      throw new IllegalArgumentException(
          SIGNER
              + " must hold the scorer's seal signer for "
              + getClass().getName()
              + ": an unsealed dead letter would not end its application");
    }
    signer = s;
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof NotTheRecordsFault
        || exception.getCause() instanceof NotTheRecordsFault) {
      log.error(
          "Cannot process the record at {}-{}@{}, nor any other: {}; stopping",
          context.topic(),
          context.partition(),
          context.offset(),
          exception.getMessage());
      return ProcessingExceptionHandler.Response.fail();
    }
    if (NotTheRecordsFault.causedByInfrastructure(exception)) {
      // Kafka or the registry failed (a transaction the broker no longer knows, a timeout), not the
      // application: refusing it would tell a client that a valid application could not be
      // processed, and an outage would refuse every application it touched. The task fails; its
      // transaction is aborted and the thread replaced (ScorerExit), which decides it again.
      log.error(
          "Kafka failed while deciding the record at {}-{}@{}: {}; not the record's fault, so it"
              + " is not dead-lettered: the stream thread stops and the record is decided again",
          context.topic(),
          context.partition(),
          context.offset(),
          exception.toString());
      return ProcessingExceptionHandler.Response.fail();
    }
    if (exception instanceof NoActiveModelException
        || exception.getCause() instanceof NoActiveModelException) {
      log.error(
          "No active model at {}-{}@{}: stopping",
          context.topic(),
          context.partition(),
          context.offset());
      return ProcessingExceptionHandler.Response.fail();
    }
    String reason = DeadLetters.describe(exception);
    String applicationId = applicationIdOf(record.value());
    log.error(
        "Application {} at {}-{}@{} could not be decided, sent to {}: {}",
        applicationId,
        context.topic(),
        context.partition(),
        context.offset(),
        dlqTopic,
        reason,
        exception);
    DeadLetter letter =
        DeadLetters.of(
            DeadLetters.SCORING,
            reason,
            context.topic(),
            context.partition(),
            context.offset(),
            context.sourceRawKey(),
            context.sourceRawValue(),
            applicationId,
            clock.instant(),
            instance);
    DeadLetterSeals.seal(letter, signer);
    byte[] bytes = serializer.serialize(dlqTopic, letter);
    if (metrics != null) {
      metrics.deadLetter(DeadLetters.SCORING);
    }
    return ProcessingExceptionHandler.Response.resume(
        List.of(new ProducerRecord<>(dlqTopic, null, context.sourceRawKey(), bytes)));
  }

  /**
   * The application id of the value a processor failed on: an application as read (the door), or a
   * step's value that carries one; null for anything else. The portal shows a client's refusal by
   * this id, so a letter without it would leave the client's page at "being assessed".
   */
  static String applicationIdOf(Object value) {
    if (value instanceof LoanApplication app) {
      return app.getApplicationId();
    }
    return value instanceof ApplicationCarrier c ? c.application().getApplicationId() : null;
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String reason = DeadLetters.describe(exception);
    log.warn(
        "Unreadable record at {}-{}@{} sent to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        dlqTopic,
        reason);
    DeadLetter letter =
        DeadLetters.of(
            DeadLetters.DESERIALIZATION,
            reason,
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            null,
            clock.instant(),
            instance);
    DeadLetterSeals.seal(letter, signer);
    byte[] bytes = serializer.serialize(dlqTopic, letter);
    if (metrics != null) {
      metrics.deadLetter(DeadLetters.DESERIALIZATION);
    }
    return DeserializationExceptionHandler.Response.resume(
        List.of(new ProducerRecord<>(dlqTopic, null, record.key(), bytes)));
  }
}
