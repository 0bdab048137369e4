package io.creditstream.serde;

import io.creditstream.registry.AvroCompatibility;
import io.creditstream.registry.IncompatibleSchemaException;
import io.creditstream.registry.RegisteredSchema;
import io.creditstream.registry.RegistryClientConfig;
import io.creditstream.registry.RegistryUnavailableException;
import io.creditstream.registry.SchemaNotFoundException;
import io.creditstream.registry.SchemaRegistryClient;
import io.creditstream.registry.SchemaRegistryClients;
import io.creditstream.registry.SchemaRegistryException;
import io.creditstream.registry.SubjectNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in the Confluent wire format. Input: a record and the
 * topic; the schema id comes from the registry under the topic's subject ({@code <topic>-value} or
 * {@code <topic>-key}): with {@code use.latest.version} the subject's latest schema (the record is
 * converted to it, and must be readable by it), else with {@code auto.register.schemas} (default)
 * the record's schema registered, else the record's schema looked up. Output: the framed bytes, or
 * null for a null record (tombstone).
 *
 * <p>Built by class name, it needs {@link #configure(Map, boolean)} with {@code
 * schema.registry.url}. Thread safe: Kafka Streams shares one instance between its stream threads.
 */
public class AvroSerializer<T> implements Serializer<T> {
  private SchemaRegistryClient registry;
  private boolean isKey;
  private boolean autoRegister = true;
  private boolean useLatestVersion;
  private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final Map<String, String> subjects = new ConcurrentHashMap<>();

  /**
   * A generated class and a generic record of the same schema need different writers (logical
   * types).
   */
  private record WriterKey(Schema schema, Class<?> recordClass) {}

  /** For Kafka to build by class name; {@link #configure(Map, boolean)} must follow. */
  public AvroSerializer() {}

  /** A serializer with its registry given, configured as a value serializer with the defaults. */
  public AvroSerializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.subjects.clear();
    this.autoRegister = AvroSerdeConfig.flag(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
    this.useLatestVersion =
        AvroSerdeConfig.flag(configs, AvroSerdeConfig.USE_LATEST_VERSION, false);
    if (registry == null || configs.containsKey(RegistryClientConfig.URL)) {
      this.registry = SchemaRegistryClients.create(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new SerializationException(
          "AvroSerializer is not configured: call configure() with " + RegistryClientConfig.URL);
    }
    if (!(data instanceof IndexedRecord record)) {
      throw new SerializationException(
          "AvroSerializer writes Avro records (generated or generic); got "
              + data.getClass().getName()
              + " for topic "
              + topic);
    }
    Schema own = record.getSchema();
    String subject = subject(topic);
    try {
      if (useLatestVersion) {
        RegisteredSchema latest = registry.latest(subject);
        if (latest.schema().equals(own)) {
          return frame(latest.id(), own, record);
        }
        return frame(latest.id(), latest.schema(), convert(record, latest, subject));
      }
      int id = autoRegister ? registry.register(subject, own) : registry.lookup(subject, own).id();
      return frame(id, own, record);
    } catch (IncompatibleSchemaException e) {
      throw new SerializationException(
          "cannot write "
              + own.getFullName()
              + " to topic "
              + topic
              + ": incompatible schema: "
              + e.getMessage(),
          e);
    } catch (SchemaNotFoundException e) {
      throw new SerializationException(
          "cannot write "
              + own.getFullName()
              + " to topic "
              + topic
              + ": "
              + (useLatestVersion
                  ? "use.latest.version is set but subject " + subject + " has no schema"
                  : "schema not registered under " + subject + " and auto.register.schemas=false")
              + " ("
              + e.getMessage()
              + ")",
          e);
    } catch (RegistryUnavailableException e) {
      throw new SerializationException(
          "cannot write "
              + own.getFullName()
              + " to topic "
              + topic
              + ": schema registry unreachable: "
              + e.getMessage(),
          e);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "cannot write " + own.getFullName() + " to topic " + topic + ": " + e.getMessage(), e);
    }
  }

  private byte[] frame(int id, Schema schema, IndexedRecord record) {
    FrameBuffer out = FRAME.get();
    out.reset();
    out.write(WireFormat.MAGIC_BYTE);
    out.writeInt(id);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, out.encoder);
    out.encoder = encoder;
    try {
      writers
          .computeIfAbsent(new WriterKey(schema, record.getClass()), k -> writer(schema, record))
          .write(record, encoder);
      encoder.flush();
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      // Generated builders refuse most bad records, but a record built with the all-args
      // constructor or a generic record can still carry a null in a non-null field or a value of
      // the wrong type. The encoder's buffer may hold part of it: the next frame starts afresh.
      out.encoder = null;
      throw new SerializationException(
          "cannot encode " + schema.getFullName() + " with schema id " + id + ": " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  /** The subject of a topic's records, made once per topic (the same String, its hash kept). */
  private String subject(String topic) {
    return subjects.computeIfAbsent(topic, t -> SubjectNames.topicNameStrategy(t, isKey));
  }

  /**
   * One thread's frame being written: a growable array without {@link ByteArrayOutputStream}'s
   * locks, kept between records with the Avro encoder that writes into it, so a record costs one
   * copy of its bytes (the result) instead of a new stream, its growth and a final copy.
   */
  private static final class FrameBuffer extends OutputStream {
    private byte[] buf = new byte[4096];
    private int size;
    private BinaryEncoder encoder;

    void reset() {
      size = 0;
    }

    void writeInt(int v) {
      ensure(4);
      buf[size] = (byte) (v >>> 24);
      buf[size + 1] = (byte) (v >>> 16);
      buf[size + 2] = (byte) (v >>> 8);
      buf[size + 3] = (byte) v;
      size += 4;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    byte[] toByteArray() {
      byte[] bytes = Arrays.copyOf(buf, size);
      if (buf.length > 1 << 20) {
        buf = new byte[4096]; // not kept for ever after one huge record
      }
      return bytes;
    }

    private void ensure(int more) {
      if (buf.length - size < more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }

  private static final ThreadLocal<FrameBuffer> FRAME = ThreadLocal.withInitial(FrameBuffer::new);

  @SuppressWarnings("unchecked")
  private static DatumWriter<Object> writer(Schema schema, IndexedRecord record) {
    if (record instanceof SpecificRecord && record.getSchema().equals(schema)) {
      // The generated class's model knows its logical-type conversions (Instant for
      // timestamp-millis, ...).
      return new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass()));
    }
    return (DatumWriter<Object>)
        (DatumWriter<?>) new GenericDatumWriter<>(schema, GenericData.get());
  }

  /** Re-expresses the record in the latest schema through Avro's schema resolution. */
  private IndexedRecord convert(IndexedRecord record, RegisteredSchema latest, String subject) {
    Schema own = record.getSchema();
    List<String> problems = AvroCompatibility.problems(latest.schema(), own);
    if (!problems.isEmpty()) {
      throw new IncompatibleSchemaException(
          "use.latest.version: the latest schema of "
              + subject
              + " (id "
              + latest.id()
              + ") cannot read "
              + own.getFullName()
              + ": "
              + String.join("; ", problems),
          String.join("; ", problems));
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writers
          .computeIfAbsent(new WriterKey(own, record.getClass()), k -> writer(own, record))
          .write(record, encoder);
      encoder.flush();
      GenericDatumReader<IndexedRecord> reader = new GenericDatumReader<>(own, latest.schema());
      return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException(
          "cannot convert "
              + own.getFullName()
              + " to the latest schema of "
              + subject
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
