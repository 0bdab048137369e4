package io.creditstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.Decision;
import io.creditstream.registry.IncompatibleSchemaException;
import io.creditstream.registry.RegistryUnavailableException;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serde against a real Kafka broker and a real Confluent-compatible registry (Apicurio's
 * ccompat API), with Kafka building the serializer and deserializer by class name as it would
 * Confluent's.
 */
@ExtendWith(LocalPlatformExtension.class)
class RealPlatformSerdeTest {

  /** A value read, or the error a record raised, with its offset. */
  record Polled(long offset, Object value, String error) {}

  static Stream<Arguments> everyRecordType() {
    return SampleRecords.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecordType")
  void roundTripsEveryRecordTypeThroughARealTopic(
      String name, SpecificRecord record, LocalPlatform platform) {
    // given a fresh topic and clients that name the serde classes in their config
    String topic = freshTopic(platform, name);

    // when a record is produced and consumed
    try (KafkaProducer<String, Object> producer =
        new KafkaProducer<>(producerConfig(platform, AvroSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, "100002", record)).get();
    } catch (Exception e) {
      throw new AssertionError("produce failed", e);
    }
    List<Polled> polled = drain(platform, topic, Map.of("specific.avro.reader", true), 1);

    // then the consumer gets an equal record of the generated class
    assertThat(polled).extracting(Polled::value).containsExactly(record);
  }

  @Test
  void poisonPillsAreReportedByNameAndTheNextValidRecordsStillArrive(LocalPlatform platform)
      throws Exception {
    // given a topic holding, in order: a valid decision, JSON, a frame with an unknown schema id, a
    // truncated
    // frame and another valid decision
    String topic = freshTopic(platform, "poison");
    AvroSerializer<Decision> serializer = new AvroSerializer<>();
    serializer.configure(Map.of("schema.registry.url", platform.registryUrl()), false);
    byte[] first = serializer.serialize(topic, SampleRecords.decision(1L));
    byte[] last = serializer.serialize(topic, SampleRecords.decision(2L));
    List<byte[]> values =
        List.of(
            first, // valid
            "{\"clientId\":1}".getBytes(), // not Avro: magic byte 0x7b
            new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4}, // an id the registry never issued
            Arrays.copyOf(first, first.length - 8), // cut short
            last); // valid
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(rawProducerConfig(platform))) {
      for (byte[] value : values) {
        raw.send(new ProducerRecord<>(topic, value)).get();
      }
    }

    // when a consumer reads everything, skipping past each record it cannot deserialize
    List<Polled> polled =
        drain(platform, topic, Map.of("specific.avro.value.type", Decision.class.getName()), 5);

    // then both valid records arrive and each bad one is named with its problem at its offset
    assertThat(polled).hasSize(5);
    assertThat(polled.get(0).value()).isEqualTo(SampleRecords.decision(1L));
    assertThat(polled.get(1).error()).contains("unknown magic byte 0x7b");
    assertThat(polled.get(2).error()).contains("unknown schema id " + 0x7f7f7f7f);
    assertThat(polled.get(3).error()).contains("truncated or corrupt");
    assertThat(polled.get(4).value()).isEqualTo(SampleRecords.decision(2L));
    assertThat(polled).extracting(Polled::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void registryDownFailsClearlyAfterBoundedRetriesAndLosesNothing(LocalPlatform platform)
      throws Exception {
    // given a record on a topic and a registry URL nobody listens on
    String topic = freshTopic(platform, "registry-down");
    try (KafkaProducer<String, Object> producer =
        new KafkaProducer<>(producerConfig(platform, AvroSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, "1", SampleRecords.clientFeatures(1L))).get();
    }
    Map<String, Object> down =
        Map.of(
            "schema.registry.url", "http://127.0.0.1:" + closedPort(),
            "schema.registry.retries", 2,
            "schema.registry.retry.backoff.ms", 50);

    // when a serializer and a deserializer use it
    AvroSerializer<ClientFeatures> serializer = new AvroSerializer<>();
    serializer.configure(down, false);
    long start = System.nanoTime();
    assertThatThrownBy(() -> serializer.serialize(topic, SampleRecords.clientFeatures(2L)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema registry unreachable")
        .hasMessageContaining("after 3 attempt(s)")
        .hasCauseInstanceOf(RegistryUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    Map<String, Object> readDown = new HashMap<>(down);
    readDown.put("specific.avro.value.type", ClientFeatures.class.getName());
    List<Polled> failed = drain(platform, topic, readDown, 1);

    // then the reader names the problem, and a reader with the right registry still gets the record
    assertThat(failed.get(0).error())
        .contains("schema registry unreachable while resolving schema id");
    List<Polled> recovered =
        drain(
            platform, topic, Map.of("specific.avro.value.type", ClientFeatures.class.getName()), 1);
    assertThat(recovered)
        .extracting(Polled::value)
        .containsExactly(SampleRecords.clientFeatures(1L));
  }

  @Test
  void anIncompatibleSchemaIsRefusedWithTheRegistrys409AndValidRecordsStillGoThrough(
      LocalPlatform platform) throws Exception {
    // given ClientFeatures registered under the topic's subject by a first write
    String topic = freshTopic(platform, "incompatible");
    try (KafkaProducer<String, Object> producer =
        new KafkaProducer<>(producerConfig(platform, AvroSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, "1", SampleRecords.clientFeatures(1L))).get();

      // when a record with a new required field (no default) is written
      GenericRecord evolved =
          AvroSerdeTest.withRequiredField(SampleRecords.clientFeatures(2L), "riskBand");
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "2", evolved)))
          // then the registry's refusal surfaces with its status and explanation
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("incompatible schema")
          .hasMessageContaining("answered 409")
          .cause()
          .isInstanceOfSatisfying(
              IncompatibleSchemaException.class, e -> assertThat(e.registryMessage()).isNotBlank());

      // and the producer goes on with valid records
      producer.send(new ProducerRecord<>(topic, "3", SampleRecords.clientFeatures(3L))).get();
    }
    List<Polled> polled =
        drain(
            platform, topic, Map.of("specific.avro.value.type", ClientFeatures.class.getName()), 2);
    assertThat(polled)
        .extracting(Polled::value)
        .containsExactly(SampleRecords.clientFeatures(1L), SampleRecords.clientFeatures(3L));
  }

  // --- helpers ---

  static String freshTopic(LocalPlatform platform, String name) {
    String topic = "serde-" + name.toLowerCase() + "-" + UUID.randomUUID();
    platform.createTopic(topic, 1);
    return topic;
  }

  static Map<String, Object> producerConfig(LocalPlatform platform, Class<?> valueSerializer) {
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getName());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  static Map<String, Object> rawProducerConfig(LocalPlatform platform) {
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }

  /**
   * Reads {@code n} records (values or errors) from the start of the topic with a fresh group,
   * seeking past any record the deserializer refuses, as a consumer that must not stop on a poison
   * pill does.
   */
  static List<Polled> drain(
      LocalPlatform platform, String topic, Map<String, Object> serdeConfig, int n) {
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    config.putAll(serdeConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "serde-test-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName());
    List<Polled> polled = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                try {
                  for (ConsumerRecord<String, Object> record :
                      consumer.poll(Duration.ofMillis(200))) {
                    polled.add(new Polled(record.offset(), record.value(), null));
                  }
                } catch (RecordDeserializationException e) {
                  polled.add(new Polled(e.offset(), null, e.getCause().getMessage()));
                  consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                return polled.size() >= n;
              });
    }
    return polled;
  }

  static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
