package io.creditstream.scorer.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.fixtures.Applications;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  private static final KeyPair PAIR = SealKeys.generate();
  private static final SealKeys.Signer SIGNER =
      new SealKeys.Signer("scorer-key", PAIR.getPrivate());
  private static final SealKeys.KeyRing RING = SealKeys.KeyRing.of(SIGNER);

  private static final Map<String, Object> CONFIG =
      Map.of(
          "schema.registry.url",
          "mock://dead-letter-handler",
          DeadLetterHandler.DLQ_TOPIC,
          "loan-applications-dlq",
          DeadLetterHandler.INSTANCE,
          "scorer-test",
          DeadLetterHandler.SIGNER,
          SIGNER);

  @Test
  void refusesToStartWithoutADeadLetterTopic() {
    // given a Streams config that forgot the dead-letter topic
    DeadLetterHandler handler = new DeadLetterHandler();

    // when / then
    assertThatThrownBy(() -> handler.configure(Map.of("schema.registry.url", "mock://dlh")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DeadLetterHandler.DLQ_TOPIC);
  }

  @Test
  void refusesToStartWithoutTheSealsSigner() {
    // given a Streams config without the scorer's signer: its letters could not be told from an
    // insider's, so the portal would never let them end an application
    Map<String, Object> unsigned = new java.util.HashMap<>(CONFIG);
    unsigned.remove(DeadLetterHandler.SIGNER);

    assertThatThrownBy(() -> new DeadLetterHandler().configure(unsigned))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DeadLetterHandler.SIGNER);
  }

  @Test
  void namesTheApplicationWhenTheDoorFailsOnItAsRead() {
    // given the handler as Kafka Streams configures it, and an application as read from the topic
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(CONFIG);
    LoanApplication app = Applications.valid("app-door-failed", 100031, 0.5);

    // when the door (whose input is the application itself) fails on it
    ProcessingExceptionHandler.Response response =
        handler.handleError(
            new At("application-door"),
            new Record<>("100031".getBytes(StandardCharsets.UTF_8), app, 0L),
            new IllegalStateException("store closed"));

    // then the SCORING dead letter names the application, so the client's page can say so
    List<ProducerRecord<byte[], byte[]>> out = response.deadLetterQueueRecords();
    assertThat(out).hasSize(1);
    DeadLetter letter =
        AvroSerde.of(DeadLetter.class, CONFIG, false)
            .deserializer()
            .deserialize("loan-applications-dlq", out.get(0).value());
    assertThat(letter.getReasonCode()).isEqualTo(DeadLetters.SCORING);
    assertThat(letter.getApplicationId()).isEqualTo("app-door-failed");
    assertThat(letter.getReason()).contains("store closed");
    // sealed by the scorer's key, as read back from the bytes written
    assertThat(DeadLetterSeals.check(letter, RING)).isEqualTo(DecisionSeals.Check.VALID);
  }

  @Test
  void failsTheTaskInsteadOfRefusingAnApplicationWhenKafkaOrTheRegistryFailedNotTheRecord() {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(CONFIG);
    LoanApplication app = Applications.valid("app-outage", 100033, 0.5);
    Record<byte[], LoanApplication> record =
        new Record<>("100033".getBytes(StandardCharsets.UTF_8), app, 0L);

    for (Exception infrastructure :
        List.of(
            new org.apache.kafka.streams.errors.StreamsException(
                new org.apache.kafka.common.errors.TimeoutException("metadata not ready in 60 s")),
            new IllegalStateException(
                new org.apache.kafka.common.errors.InvalidTxnStateException("no such transaction")),
            new org.apache.kafka.common.errors.SerializationException(
                new io.creditstream.registry.RegistryUnavailableException(
                    "registry down", 503, null)))) {
      ProcessingExceptionHandler.Response response =
          handler.handleError(new At("decide"), record, infrastructure);
      assertThat(response.result())
          .as("%s", infrastructure)
          .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
      assertThat(response.deadLetterQueueRecords()).as("%s", infrastructure).isEmpty();
    }

    // while a value that cannot be read for this record alone stays the record's: refused
    ProcessingExceptionHandler.Response corrupt =
        handler.handleError(
            new At("join-client-features"),
            record,
            new org.apache.kafka.common.errors.SerializationException(
                "client history: truncated or corrupt compact record"));
    assertThat(corrupt.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    assertThat(corrupt.deadLetterQueueRecords()).hasSize(1);
  }

  @Test
  void keepsTheStartOfAnOversizedRecordSoItsDeadLetterCanBeWritten() throws Exception {
    // given the handler, and a record of 5 MiB on the applications topic (a producer that
    // compresses
    // can put that much junk on a topic whose 1 MiB limit counts compressed bytes)
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(CONFIG);
    byte[] junk = new byte[5 * 1024 * 1024];
    junk[0] = 1; // not the wire format's magic byte
    byte[] key = "100032".getBytes(StandardCharsets.UTF_8);

    // when it cannot be read
    var response =
        handler.handleError(
            new At("loan-applications-source"),
            new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                "loan-applications", 0, 7L, key, junk),
            new org.apache.kafka.common.errors.SerializationException("Unknown magic byte 1"));

    // then the letter fits under the producer's default 1 MiB limit, keeps the first 256 KiB, and
    // its reason gives the whole size and the SHA-256 of the whole
    byte[] written = response.deadLetterQueueRecords().get(0).value();
    assertThat(written.length).isLessThan(1024 * 1024);
    DeadLetter letter =
        AvroSerde.of(DeadLetter.class, CONFIG, false)
            .deserializer()
            .deserialize("loan-applications-dlq", written);
    assertThat(letter.getReasonCode()).isEqualTo(DeadLetters.DESERIALIZATION);
    assertThat(letter.getValue().remaining()).isEqualTo(DeadLetters.MAX_KEPT_BYTES);
    assertThat(letter.getValue().get(0)).isEqualTo((byte) 1);
    assertThat(letter.getReason())
        .contains("Unknown magic byte 1")
        .contains("5242880 bytes")
        .contains(
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(junk)));
    assertThat(letter.getKey()).isEqualTo(java.nio.ByteBuffer.wrap(key));
    assertThat(DeadLetterSeals.check(letter, RING)).isEqualTo(DecisionSeals.Check.VALID);
  }

  @Test
  void shortensAnAbsurdApplicationId() {
    // given an application id of a million characters (the contract allows 64)
    String id = "a".repeat(1_000_000);

    // when it is refused
    DeadLetter letter =
        DeadLetters.of(
            DeadLetters.VALIDATION,
            "invalid application: applicationId: must be 1-64 characters [invalid_value]",
            "loan-applications",
            0,
            1L,
            null,
            new byte[10],
            id,
            java.time.Instant.EPOCH,
            "scorer-test");

    // then the letter keeps its first 128 characters and says how long it was
    assertThat(letter.getApplicationId()).startsWith("a".repeat(128) + "...").contains("1000000");
    assertThat(letter.getApplicationId().length()).isLessThan(200);
  }

  /** Where the failure happened: loan-applications, partition 0, offset 7, raw bytes kept. */
  private record At(String node) implements ErrorHandlerContext {
    @Override
    public String topic() {
      return "loan-applications";
    }

    @Override
    public int partition() {
      return 0;
    }

    @Override
    public long offset() {
      return 7;
    }

    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
      return node;
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 0);
    }

    @Override
    public long timestamp() {
      return 0;
    }

    @Override
    public byte[] sourceRawKey() {
      return "100031".getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] sourceRawValue() {
      return new byte[] {0, 0, 0, 0, 1};
    }
  }
}
