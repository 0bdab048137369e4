package io.creditstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {
  private final String scope = "serde-test-" + UUID.randomUUID();
  private final Map<String, Object> config =
      new HashMap<>(Map.of("schema.registry.url", "mock://" + scope));

  @AfterEach
  void forgetScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  static Stream<Arguments> everyRecordType() {
    return SampleRecords.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecordType")
  <T extends SpecificRecord> void roundTripsEveryRecordTypeUnchanged(String name, T record) {
    // given a serde of the record's own class
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    AvroSerde<T> serde = AvroSerde.of(type, config, false);

    // when the record is written and read back
    byte[] bytes = serde.serializer().serialize("topic-" + name, record);
    T back = serde.deserializer().deserialize("topic-" + name, bytes);

    // then it is equal, field for field, and a distinct object
    assertThat(back).isEqualTo(record).isNotSameAs(record);
  }

  @Test
  void writesMagicByteZeroThenTheRegisteredIdBigEndianThenPlainAvroBinary() throws IOException {
    // given two other schemas registered first, so the record's schema gets id 3
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    registry.register("other-value", ClientFeatures.getClassSchema());
    registry.register("another-value", DriftReport.getClassSchema());
    Decision decision = SampleRecords.decision(7L);

    // when it is serialized
    byte[] bytes =
        AvroSerde.of(Decision.class, config, false)
            .serializer()
            .serialize("loan-decisions", decision);

    // then the frame is 0x00, 00 00 00 03, then exactly Avro's binary encoding of the record
    assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 0, 0, 0, 3);
    assertThat(registry.latest("loan-decisions-value").id()).isEqualTo(3);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(decision));
  }

  @Test
  void registersKeySchemasUnderTheKeySubject() {
    // given a serde configured for keys
    AvroSerde<Decision> serde = AvroSerde.of(Decision.class, config, true);

    // when a key is written
    byte[] bytes = serde.serializer().serialize("keys", SampleRecords.decision(1L));

    // then its schema lives under <topic>-key and not under <topic>-value
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    assertThat(registry.latest("keys-key").id()).isEqualTo(ByteBuffer.wrap(bytes, 1, 4).getInt());
    assertThatThrownBy(() -> registry.latest("keys-value"))
        .hasMessageContaining("subject not found");
  }

  @Test
  void passesNullThroughBothWaysForTombstones() {
    AvroSerde<ClientFeatures> serde = AvroSerde.of(ClientFeatures.class, config, false);

    assertThat(serde.serializer().serialize("client-features", null)).isNull();
    assertThat(serde.deserializer().deserialize("client-features", null)).isNull();
  }

  @Test
  void rejectsAnUnknownMagicByteNamingTheByte() {
    // given JSON bytes, a common mistake: '{' is 0x7b
    byte[] json = "{\"clientId\":1}".getBytes();

    assertThatThrownBy(
            () ->
                AvroSerde.of(ClientFeatures.class, config, false)
                    .deserializer()
                    .deserialize("t", json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown magic byte 0x7b")
        .hasMessageContaining("expected 0x00");
  }

  @Test
  void rejectsAPayloadShorterThanTheHeader() {
    assertThatThrownBy(
            () ->
                AvroSerde.of(ClientFeatures.class, config, false)
                    .deserializer()
                    .deserialize("t", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("payload too short")
        .hasMessageContaining("3 byte(s)");
  }

  @Test
  void rejectsATruncatedAvroPayload() {
    // given a valid frame cut short by 10 bytes
    AvroSerde<Decision> serde = AvroSerde.of(Decision.class, config, false);
    byte[] bytes = serde.serializer().serialize("t", SampleRecords.decision(1L));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining("schema id 1");
  }

  @Test
  void rejectsBytesLeftOverAfterTheRecord() {
    // given a valid frame with garbage appended
    AvroSerde<ClientFeatures> serde = AvroSerde.of(ClientFeatures.class, config, false);
    byte[] bytes = serde.serializer().serialize("t", SampleRecords.clientFeatures(1L));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("bytes left over");
  }

  @Test
  void rejectsAnUnknownSchemaIdNamingTheId() {
    byte[] frame = {0, 0, 0, 0x30, 0x39, 2, 4}; // id 12345, never registered

    assertThatThrownBy(
            () ->
                AvroSerde.of(Decision.class, config, false).deserializer().deserialize("t", frame))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema id 12345");
  }

  @Test
  void refusesToWriteASchemaIncompatibleWithTheSubjectsLatest() {
    // given ClientFeatures registered, then a new version with a required field and no default
    MockSchemaRegistry.forScope(scope)
        .register("client-features-value", ClientFeatures.getClassSchema());
    GenericRecord evolved = withRequiredField(SampleRecords.clientFeatures(1L), "riskBand");

    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(config, false);

    assertThatThrownBy(() -> serializer.serialize("client-features", evolved))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("incompatible schema")
        .hasMessageContaining("riskBand");
  }

  @Test
  void withoutAutoRegisterLooksUpTheSchemaAndFailsClearlyWhenItIsNotThere() {
    // given auto-registration off
    config.put("auto.register.schemas", "false");
    AvroSerde<Decision> serde = AvroSerde.of(Decision.class, config, false);

    // when the subject does not hold the schema, then the error says so
    assertThatThrownBy(
            () -> serde.serializer().serialize("loan-decisions", SampleRecords.decision(1L)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under loan-decisions-value")
        .hasMessageContaining("auto.register.schemas=false");

    // and once it is registered, its id is used
    int id =
        MockSchemaRegistry.forScope(scope)
            .register("loan-decisions-value", Decision.getClassSchema());
    byte[] bytes = serde.serializer().serialize("loan-decisions", SampleRecords.decision(1L));
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void withUseLatestVersionWritesWithTheLatestSchemaAndItsId() {
    // given a newer ClientFeatures version (one more optional field) registered as the latest
    Schema newer = withOptionalField(ClientFeatures.getClassSchema(), "segment", "retail");
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    registry.register("client-features-value", ClientFeatures.getClassSchema());
    int latestId = registry.register("client-features-value", newer);
    config.put("use.latest.version", true);
    config.put("auto.register.schemas", false);

    // when a record of the older generated class is written
    AvroSerde<ClientFeatures> serde = AvroSerde.of(ClientFeatures.class, config, false);
    byte[] bytes =
        serde.serializer().serialize("client-features", SampleRecords.clientFeatures(5L));

    // then it carries the latest id, reads generically with the new field's default, and still
    // reads back
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
    AvroDeserializer<GenericRecord> generic = new AvroDeserializer<>(registry, null);
    assertThat(generic.deserialize("client-features", bytes).get("segment")).hasToString("retail");
    assertThat(serde.deserializer().deserialize("client-features", bytes))
        .isEqualTo(SampleRecords.clientFeatures(5L));
  }

  @Test
  void withUseLatestVersionRefusesARecordTheLatestSchemaCannotRead() {
    // given a latest version that has a required field the record's schema lacks
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    registry.register(
        "model-drift-value", withRequiredField(DriftReport.getClassSchema(), "region"));
    config.put("use.latest.version", "true");

    // when a current DriftReport is written, then the conversion is refused naming the missing
    // field
    assertThatThrownBy(
            () ->
                AvroSerde.of(DriftReport.class, config, false)
                    .serializer()
                    .serialize("model-drift", SampleRecords.driftReport()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("incompatible schema")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
        .hasMessageContaining("region");
  }

  @Test
  void refusesToEncodeARecordWithANullInARequiredField() {
    // given a generic record missing a required value (builders would refuse it; generic records do
    // not)
    GenericRecord incomplete = toGeneric(SampleRecords.driftReport(), DriftReport.getClassSchema());
    incomplete.put("scorerInstance", null);
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(config, false);

    assertThatThrownBy(() -> serializer.serialize("model-drift", incomplete))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot encode io.creditstream.avro.DriftReport")
        .hasMessageContaining("scorerInstance");
  }

  @Test
  void writesTheNextRecordWholeAfterOneItCouldNotEncode() throws IOException {
    // given a serializer (which keeps a buffer per thread between records) that has just failed
    // half-way through a record
    GenericRecord valid = toGeneric(SampleRecords.driftReport(), DriftReport.getClassSchema());
    GenericRecord incomplete = toGeneric(SampleRecords.driftReport(), DriftReport.getClassSchema());
    incomplete.put("scorerInstance", null);
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    assertThatThrownBy(() -> serializer.serialize("model-drift", incomplete))
        .isInstanceOf(SerializationException.class);

    // when the next records are written, a small one after a large one
    byte[] large =
        AvroSerde.of(Decision.class, config, false)
            .serializer()
            .serialize("loan-decisions", SampleRecords.decision(7L));
    byte[] next = serializer.serialize("model-drift", valid);

    // then each frame is the header and exactly Avro's encoding of that record, nothing of the
    // failed or the previous one
    assertThat(Arrays.copyOfRange(large, 5, large.length))
        .isEqualTo(plainAvro(SampleRecords.decision(7L)));
    assertThat(Arrays.copyOfRange(next, 5, next.length))
        .isEqualTo(plainAvro(SampleRecords.driftReport()));
  }

  @Test
  void readsRecordsWrittenWithAnOlderWriterSchemaFillingDefaults() throws IOException {
    // given bytes written with an older Decision schema that had no contentHash field (nor the
    // policy, seal and counterOffer fields that came after it)
    Schema older =
        withoutField(
            withoutField(
                withoutField(withoutField(Decision.getClassSchema(), "counterOffer"), "seal"),
                "policy"),
            "contentHash");
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    int olderId = registry.register("loan-decisions-value", older);
    Decision decision = SampleRecords.decision(9L);
    byte[] bytes = frame(olderId, older, decision);

    // when read into the current class
    Decision back =
        AvroSerde.of(Decision.class, config, false)
            .deserializer()
            .deserialize("loan-decisions", bytes);

    // then every common field is kept and the missing one takes its default
    Decision expected = Decision.newBuilder(decision).setContentHash("").build();
    assertThat(back).isEqualTo(expected);
  }

  @Test
  void readsRecordsWrittenWithANewerWriterSchemaIgnoringTheExtraField() throws IOException {
    // given bytes written with a newer DriftReport schema carrying one more field
    Schema newer = withOptionalField(DriftReport.getClassSchema(), "region", "EU");
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    registry.register("model-drift-value", DriftReport.getClassSchema());
    int newerId = registry.register("model-drift-value", newer);
    GenericRecord written = toGeneric(SampleRecords.driftReport(), newer);
    written.put("region", "US");
    byte[] bytes = frame(newerId, newer, written);

    // when read into the current class, then the known fields come back
    DriftReport back =
        AvroSerde.of(DriftReport.class, config, false)
            .deserializer()
            .deserialize("model-drift", bytes);
    assertThat(back).isEqualTo(SampleRecords.driftReport());
  }

  @Test
  void refusesToReadAWriterSchemaThatTheTypeCannotResolve() {
    // given a Decision on the wire, read as ClientFeatures
    byte[] bytes =
        AvroSerde.of(Decision.class, config, false)
            .serializer()
            .serialize("t", SampleRecords.decision(1L));

    assertThatThrownBy(
            () ->
                AvroSerde.of(ClientFeatures.class, config, false)
                    .deserializer()
                    .deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("incompatible schema")
        .hasMessageContaining("io.creditstream.avro.Decision")
        .hasMessageContaining("cannot be read as io.creditstream.avro.ClientFeatures");
  }

  @Test
  void isConfigurableByClassNameWithTheValueTypeProperty() {
    // given a deserializer built as Kafka builds one from a class name
    byte[] bytes =
        AvroSerde.of(Decision.class, config, false)
            .serializer()
            .serialize("t", SampleRecords.decision(2L));
    AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
    config.put("specific.avro.value.type", "io.creditstream.avro.Decision");

    // when configured, then it reads into the named class
    deserializer.configure(config, false);
    assertThat(deserializer.deserialize("t", bytes)).isEqualTo(SampleRecords.decision(2L));
  }

  @Test
  void aSerdeBuiltByClassNameAsKafkaStreamsDoesReadsIntoTheConfiguredValueType() {
    // given a serde made with the no-arg constructor, as default.value.serde would be
    AvroSerde<Decision> serde = new AvroSerde<>();
    config.put("specific.avro.value.type", Decision.class);

    // when configured, then it writes and reads Decisions
    serde.configure(config, false);
    byte[] bytes = serde.serializer().serialize("t", SampleRecords.decision(8L));
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(SampleRecords.decision(8L));
  }

  @Test
  void withSpecificReaderTakesTheClassFromTheWriterSchemaName() {
    byte[] bytes =
        AvroSerde.of(Decision.class, config, false)
            .serializer()
            .serialize("t", SampleRecords.decision(3L));
    AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
    config.put("specific.avro.reader", "true");

    deserializer.configure(config, false);

    assertThat(deserializer.deserialize("t", bytes))
        .isInstanceOf(Decision.class)
        .isEqualTo(SampleRecords.decision(3L));
  }

  @Test
  void withoutATypeReadsGenericRecords() {
    byte[] bytes =
        AvroSerde.of(Decision.class, config, false)
            .serializer()
            .serialize("t", SampleRecords.decision(4L));
    AvroDeserializer<Object> deserializer = new AvroDeserializer<>();

    deserializer.configure(config, false);

    Object record = deserializer.deserialize("t", bytes);
    assertThat(record).isInstanceOf(GenericData.Record.class);
    assertThat(((GenericRecord) record).get("clientId")).isEqualTo(4L);
  }

  @Test
  void refusesAValueTypeThatIsNotAGeneratedAvroClass() {
    config.put("specific.avro.value.type", "java.lang.String");

    assertThatThrownBy(() -> new AvroDeserializer<>().configure(config, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("specific.avro.value.type")
        .hasMessageContaining("not a generated Avro class");
  }

  @Test
  void refusesToWriteSomethingThatIsNotAnAvroRecord() {
    AvroSerializer<Object> serializer = new AvroSerializer<>();
    serializer.configure(config, false);

    assertThatThrownBy(() -> serializer.serialize("t", "just a string"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("writes Avro records")
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void refusesToBuildWithoutARegistryUrl() {
    assertThatThrownBy(() -> AvroSerde.of(Decision.class, Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url is required");
  }

  @Test
  void sharesOneRegistryPerMockScopeAndIsolatesScopes() {
    // given a record written through one scope
    byte[] bytes =
        AvroSerde.of(Decision.class, config, false)
            .serializer()
            .serialize("t", SampleRecords.decision(1L));

    // then a serde built separately on the same scope reads it, and one on another scope does not
    // know the id
    assertThat(
            AvroSerde.of(Decision.class, Map.of("schema.registry.url", "mock://" + scope), false)
                .deserializer()
                .deserialize("t", bytes))
        .isEqualTo(SampleRecords.decision(1L));
    String other = scope + "-other";
    try {
      assertThatThrownBy(
              () ->
                  AvroSerde.of(
                          Decision.class, Map.of("schema.registry.url", "mock://" + other), false)
                      .deserializer()
                      .deserialize("t", bytes))
          .hasMessageContaining("unknown schema id 1");
    } finally {
      MockSchemaRegistry.dropScope(other);
    }
  }

  // --- helpers: schema variants and hand-made frames ---

  static byte[] plainAvro(SpecificRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(
            record.getSchema(), SpecificData.getForClass(record.getClass()))
        .write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  static byte[] frame(int id, Schema writer, Object record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    if (record instanceof SpecificRecord specific) {
      new SpecificDatumWriter<Object>(writer, SpecificData.getForClass(specific.getClass()))
          .write(record, encoder);
    } else {
      new GenericDatumWriter<Object>(writer).write(record, encoder);
    }
    encoder.flush();
    return out.toByteArray();
  }

  static Schema withoutField(Schema schema, String name) {
    List<Schema.Field> fields =
        schema.getFields().stream()
            .filter(f -> !f.name().equals(name))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  static Schema withOptionalField(Schema schema, String name, String defaultValue) {
    List<Schema.Field> fields =
        new java.util.ArrayList<>(
            schema.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList());
    fields.add(
        new Schema.Field(name, Schema.create(Schema.Type.STRING), "added later", defaultValue));
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  static Schema withRequiredField(Schema schema, String name) {
    List<Schema.Field> fields =
        new java.util.ArrayList<>(
            schema.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList());
    fields.add(
        new Schema.Field(name, Schema.create(Schema.Type.STRING), "added without a default"));
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /**
   * The record as a generic record of {@code schema} (same fields plus a required string field).
   */
  static GenericRecord withRequiredField(ClientFeatures record, String name) {
    Schema schema = withRequiredField(ClientFeatures.getClassSchema(), name);
    GenericRecord generic = toGeneric(record, schema);
    generic.put(name, "B");
    return generic;
  }

  /** Copies a generated record's fields into a generic record (timestamps as epoch millis). */
  static GenericRecord toGeneric(SpecificRecord record, Schema schema) {
    GenericData.Record generic = new GenericData.Record(schema);
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      generic.put(field.name(), value instanceof Instant instant ? instant.toEpochMilli() : value);
    }
    return generic;
  }
}
