package io.creditstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.registry.RegistryClientConfig;
import io.creditstream.registry.RestSchemaRegistryClient;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * Conformance with the real Confluent client (7.5.3, shaded in {@code
 * flink-sql-avro-confluent-registry}) and Flink's Confluent wire-format coder built on it, against
 * the real registry: each side reads what the other wrote. The shaded jar brings its own Avro
 * (1.11, also shaded), so the other side's decoding does not share our Avro code either.
 */
@ExtendWith(LocalPlatformExtension.class)
class ConfluentClientConformanceTest {
  private static final ObjectMapper json = new ObjectMapper();

  static Stream<Arguments> everyRecordType() {
    return SampleRecords.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecordType")
  void ourBytesDecodeWithTheSchemaTheConfluentClientFetchesById(
      String name, SpecificRecord record, LocalPlatform platform)
      throws IOException, RestClientException {
    // given a record written by our serializer
    String topic = "conformance-ours-" + name + "-" + UUID.randomUUID();
    AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
    serializer.configure(Map.of("schema.registry.url", platform.registryUrl()), false);
    byte[] bytes = serializer.serialize(topic, record);
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    CachedSchemaRegistryClient confluent =
        new CachedSchemaRegistryClient(platform.registryUrl(), 100);

    // when Flink's Confluent coder reads the header and the real client fetches the writer schema
    // by id
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    org.apache.flink.avro.shaded.org.apache.avro.Schema writer =
        new ConfluentSchemaRegistryCoder(confluent).readSchema(in);
    Object decoded =
        new org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumReader<Object>(writer)
            .read(
                null,
                org.apache.flink.avro.shaded.org.apache.avro.io.DecoderFactory.get()
                    .binaryDecoder(in, null));

    // then the schema is the record's, every byte is consumed, and the other Avro decoded the same
    // data
    // (compared as Avro JSON: map entries have no order on the wire's reading side)
    assertThat(new Schema.Parser().parse(writer.toString())).isEqualTo(record.getSchema());
    assertThat(in.available()).isZero();
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    org.apache.flink.avro.shaded.org.apache.avro.io.JsonEncoder theirEncoder =
        org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory.get()
            .jsonEncoder(writer, theirs);
    new org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter<Object>(writer)
        .write(decoded, theirEncoder);
    theirEncoder.flush();
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    JsonEncoder ourEncoder = EncoderFactory.get().jsonEncoder(record.getSchema(), ours);
    new SpecificDatumWriter<SpecificRecord>(
            record.getSchema(), SpecificData.getForClass(record.getClass()))
        .write(record, ourEncoder);
    ourEncoder.flush();
    assertThat(json.readTree(theirs.toByteArray())).isEqualTo(json.readTree(ours.toByteArray()));
    // and the real client's lookup under the topic's subject finds the id our client registered
    assertThat(confluent.getId(topic + "-value", new AvroSchema(record.getSchema().toString())))
        .isEqualTo(id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecordType")
  void bytesFramedWithAnIdTheConfluentClientRegisteredAreReadByOurDeserializer(
      String name, SpecificRecord record, LocalPlatform platform) throws IOException {
    // given the schema registered and the header written by Flink's coder on the real Confluent
    // client
    String topic = "conformance-theirs-" + name + "-" + UUID.randomUUID();
    CachedSchemaRegistryClient confluent =
        new CachedSchemaRegistryClient(platform.registryUrl(), 100);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConfluentSchemaRegistryCoder(topic + "-value", confluent)
        .writeSchema(
            new org.apache.flink.avro.shaded.org.apache.avro.Schema.Parser()
                .parse(record.getSchema().toString()),
            out);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(
            record.getSchema(), SpecificData.getForClass(record.getClass()))
        .write(record, encoder);
    encoder.flush();
    byte[] bytes = out.toByteArray();

    // when our deserializer reads them, then the record comes back
    AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
    deserializer.configure(
        Map.of("schema.registry.url", platform.registryUrl(), "specific.avro.reader", true), false);
    assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(record);

    // and our serializer, told not to register, finds the id the real client registered
    Map<String, Object> lookupOnly =
        new HashMap<>(Map.of("schema.registry.url", platform.registryUrl()));
    lookupOnly.put("auto.register.schemas", false);
    AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
    serializer.configure(lookupOnly, false);
    assertThat(Arrays.copyOfRange(serializer.serialize(topic, record), 0, 5))
        .isEqualTo(Arrays.copyOfRange(bytes, 0, 5));
  }

  @Test
  void bothClientsGetTheSameCompatibilityVerdicts(LocalPlatform platform)
      throws IOException, RestClientException {
    // given ClientFeatures registered under a fresh subject
    String subject = "conformance-compat-" + UUID.randomUUID() + "-value";
    Schema current = io.creditstream.avro.ClientFeatures.getClassSchema();
    Schema withDefault = AvroSerdeTest.withOptionalField(current, "segment", "retail");
    Schema withoutDefault = AvroSerdeTest.withRequiredField(current, "riskBand");
    CachedSchemaRegistryClient confluent =
        new CachedSchemaRegistryClient(platform.registryUrl(), 100);
    RestSchemaRegistryClient ours =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(Map.of("schema.registry.url", platform.registryUrl())));
    confluent.register(subject, new AvroSchema(current.toString()));

    // then both accept a field with a default and refuse one without
    assertThat(confluent.testCompatibility(subject, new AvroSchema(withDefault.toString())))
        .isTrue();
    assertThat(ours.testCompatibility(subject, withDefault).compatible()).isTrue();
    assertThat(confluent.testCompatibility(subject, new AvroSchema(withoutDefault.toString())))
        .isFalse();
    assertThat(ours.testCompatibility(subject, withoutDefault).compatible()).isFalse();
  }
}
