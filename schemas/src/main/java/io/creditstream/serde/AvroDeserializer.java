package io.creditstream.serde;

import io.creditstream.registry.AvroCompatibility;
import io.creditstream.registry.RegistryClientConfig;
import io.creditstream.registry.RegistryUnavailableException;
import io.creditstream.registry.SchemaNotFoundException;
import io.creditstream.registry.SchemaRegistryClient;
import io.creditstream.registry.SchemaRegistryClients;
import io.creditstream.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format bytes. Input: the framed bytes; the writer schema is fetched from the
 * registry by the id in the frame, and the record is read with Avro's schema resolution into the
 * configured generated class, so records written with an older or newer compatible schema decode.
 * Output: the record (a generated class; with neither a type nor {@code specific.avro.reader}, a
 * generic record), or null for null bytes.
 *
 * <p>The type is given to the constructor, or, when Kafka builds this by class name, by {@code
 * specific.avro.value.type} / {@code specific.avro.key.type}, or with {@code
 * specific.avro.reader=true} taken from the writer schema's full name. Every failure is a {@link
 * SerializationException} naming the problem: unknown magic byte, payload too short, truncated or
 * trailing bytes, unknown schema id, registry unreachable, writer schema not readable as the type.
 * Thread safe.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
  private SchemaRegistryClient registry;
  private Class<?> type;
  private boolean specificReader;
  private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

  /** For Kafka to build by class name; {@link #configure(Map, boolean)} must follow. */
  public AvroDeserializer() {}

  /** A deserializer into {@code type} (null: generic records) with its registry given. */
  public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
    this.registry = registry;
    this.type = type;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry == null || configs.containsKey(RegistryClientConfig.URL)) {
      this.registry = SchemaRegistryClients.create(configs);
    }
    this.specificReader =
        AvroSerdeConfig.flag(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, false);
    String typeKey =
        isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
    Object configured = configs.get(typeKey);
    if (type == null && configured != null) {
      this.type = loadType(typeKey, configured);
    }
    readers.clear();
  }

  private static Class<?> loadType(String key, Object configured) {
    Class<?> loaded;
    if (configured instanceof Class<?> c) {
      loaded = c;
    } else {
      try {
        loaded =
            Class.forName(
                String.valueOf(configured).trim(), true, AvroDeserializer.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new ConfigException(key, configured, "no such class on the classpath");
      }
    }
    if (!SpecificRecord.class.isAssignableFrom(loaded)) {
      throw new ConfigException(
          key, loaded.getName(), "is not a generated Avro class (SpecificRecord)");
    }
    return loaded;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new SerializationException(
          "AvroDeserializer is not configured: call configure() with " + RegistryClientConfig.URL);
    }
    if (data.length < WireFormat.HEADER_LENGTH) {
      throw new SerializationException(
          String.format(
              "payload too short on topic %s: %d byte(s), the Confluent wire format needs at least %d (magic"
                  + " byte 0 and a 4-byte schema id) before the Avro data",
              topic, data.length, WireFormat.HEADER_LENGTH));
    }
    if (data[0] != WireFormat.MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "unknown magic byte 0x%02x on topic %s: expected 0x00 (Confluent wire format); the payload is"
                  + " not framed Avro",
              data[0] & 0xff, topic));
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    DatumReader<Object> reader = readers.computeIfAbsent(id, i -> reader(topic, i));
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null);
    Object record;
    try {
      record = reader.read(null, decoder);
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        | NegativeArraySizeException e) {
      // Avro reports a short buffer as EOFException and garbage as bad lengths or union/enum
      // indexes.
      throw new SerializationException(
          String.format(
              "Avro payload truncated or corrupt on topic %s: %d byte(s) after the header could not be read"
                  + " with writer schema id %d: %s",
              topic, data.length - WireFormat.HEADER_LENGTH, id, e),
          e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new SerializationException(
            String.format(
                "Avro payload on topic %s has bytes left over after reading a record with writer schema id %d:"
                    + " the id does not match the data",
                topic, id));
      }
    } catch (IOException e) {
      throw new SerializationException("cannot check the end of the Avro payload on " + topic, e);
    }
    return (T) record;
  }

  @SuppressWarnings("unchecked")
  private DatumReader<Object> reader(String topic, int id) {
    Schema writer = writerSchema(topic, id);
    Class<?> target = type;
    if (target == null && specificReader) {
      target = SpecificData.get().getClass(writer);
      if (target == null) {
        throw new SerializationException(
            "specific.avro.reader=true but no generated class "
                + writer.getFullName()
                + " (writer schema id "
                + id
                + " on topic "
                + topic
                + ") is on the classpath");
      }
    }
    if (target == null) {
      return (DatumReader<Object>)
          (DatumReader<?>) new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    SpecificData model = SpecificData.getForClass(target);
    Schema readerSchema = model.getSchema(target);
    List<String> problems = AvroCompatibility.problems(readerSchema, writer);
    if (!problems.isEmpty()) {
      throw new SerializationException(
          "incompatible schema on topic "
              + topic
              + ": writer schema id "
              + id
              + " ("
              + writer.getFullName()
              + ") cannot be read as "
              + target.getName()
              + ": "
              + String.join("; ", problems));
    }
    return new SpecificDatumReader<>(writer, readerSchema, model);
  }

  private Schema writerSchema(String topic, int id) {
    try {
      return registry.getById(id);
    } catch (SchemaNotFoundException e) {
      throw new SerializationException(
          "unknown schema id "
              + id
              + " on topic "
              + topic
              + ": the registry has no such schema ("
              + e.getMessage()
              + ")",
          e);
    } catch (RegistryUnavailableException e) {
      throw new SerializationException(
          "schema registry unreachable while resolving schema id "
              + id
              + " on topic "
              + topic
              + ": "
              + e.getMessage(),
          e);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "cannot resolve schema id " + id + " on topic " + topic + ": " + e.getMessage(), e);
    }
  }
}
