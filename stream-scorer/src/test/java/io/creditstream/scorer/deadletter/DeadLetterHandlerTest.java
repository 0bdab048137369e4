package io.creditstream.scorer.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.fixtures.Applications;
import io.creditstream.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
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

  private static final Map<String, Object> CONFIG =
      Map.of(
          "schema.registry.url",
          "mock://dead-letter-handler",
          DeadLetterHandler.DLQ_TOPIC,
          "loan-applications-dlq",
          DeadLetterHandler.INSTANCE,
          "scorer-test");

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
