package io.creditstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalPlatformExtension.class)
class LocalPlatformTest {
  private static final String SCHEMA_V1 =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":"
          + "[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
  // Adds a required field without a default: not BACKWARD compatible (new readers cannot read old
  // data).
  private static final String SCHEMA_V2_INCOMPATIBLE =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":"
          + "[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"},{\\\"name\\\":\\\"b\\\",\\\"type\\\":\\\"int\\\"}]}\"}";
  private static final String SCHEMA_V2_COMPATIBLE =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":"
          + "[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"},{\\\"name\\\":\\\"b\\\",\\\"type\\\":\\\"int\\\",\\\"default\\\":0}]}\"}";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void brokerStoresAndServesRecords(LocalPlatform platform) {
    platform.createTopic("platform-smoke", 3);
    try (KafkaProducer<String, String> producer = producer(platform)) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("platform-smoke", "k" + i, "v" + i));
      }
    }
    assertThat(drain(platform, "platform-smoke", 10)).hasSize(10);
  }

  @Test
  void registryEnforcesBackwardCompatibilityThroughConfluentApi(LocalPlatform platform)
      throws Exception {
    String subject = platform.registryUrl() + "/subjects/platform-compat-value/versions";
    // given a first version
    assertThat(post(subject, SCHEMA_V1).statusCode()).isEqualTo(200);
    // when an incompatible version is registered, the global BACKWARD rule refuses it
    HttpResponse<String> refused = post(subject, SCHEMA_V2_INCOMPATIBLE);
    assertThat(refused.statusCode()).isEqualTo(409);
    // and a compatible evolution is accepted
    assertThat(post(subject, SCHEMA_V2_COMPATIBLE).statusCode()).isEqualTo(200);
  }

  @Test
  void brokerKeepsItsRecordsAcrossACrash(LocalPlatform platform) throws Exception {
    // Containers get a new port on restart, so crashes are a process-platform feature (see
    // ContainerPlatform); the GitHub Testcontainers job reports this test as skipped, by name.
    assumeTrue(
        platform.kind().equals("processes"),
        "broker crash/restart needs the process platform, not " + platform.kind());
    platform.createTopic("platform-crash", 1);
    try (KafkaProducer<String, String> producer = producer(platform)) {
      producer.send(new ProducerRecord<>("platform-crash", "k", "before")).get();
    }
    // when the broker is SIGKILLed and started again on the same port
    platform.crashAndRestartBroker();
    try (KafkaProducer<String, String> producer = producer(platform)) {
      producer.send(new ProducerRecord<>("platform-crash", "k", "after")).get();
    }
    // then both records are there
    assertThat(drain(platform, "platform-crash", 2))
        .extracting(ConsumerRecord::value)
        .containsExactly("before", "after");
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static KafkaProducer<String, String> producer(LocalPlatform platform) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            platform.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Reads {@code n} records from the start of the topic, or fails after 30 s. */
  static List<ConsumerRecord<String, String>> drain(LocalPlatform platform, String topic, int n) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "drain-" + topic + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      Drain.assignFromBeginning(consumer, topic);
      return Drain.drain(consumer, n, Duration.ofSeconds(30));
    }
  }
}
