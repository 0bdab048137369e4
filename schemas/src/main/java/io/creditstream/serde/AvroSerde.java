package io.creditstream.serde;

import io.creditstream.registry.RegistryClientConfig;
import io.creditstream.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serializer and deserializer of one generated Avro class, as a Kafka {@link Serde}: Confluent
 * wire format, schemas resolved through the registry named by {@code schema.registry.url}.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /**
   * For Kafka Streams to build by class name ({@code default.value.serde}); the type then comes
   * from {@code specific.avro.value.type} (or {@code specific.avro.reader=true}) in {@link
   * #configure(Map, boolean)}.
   */
  public AvroSerde() {
    this(new AvroSerializer<>(), new AvroDeserializer<>());
  }

  private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
    this.serializer = serializer;
    this.deserializer = deserializer;
  }

  /**
   * A configured serde of {@code type}; config holds {@code schema.registry.url} and the serde
   * settings.
   */
  public static <T extends SpecificRecord> AvroSerde<T> of(
      Class<T> type, Map<String, ?> config, boolean isKey) {
    AvroSerde<T> serde =
        new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>(null, type));
    serde.configure(config, isKey);
    return serde;
  }

  /** As {@link #of(Class, Map, boolean)}, sharing an existing registry client (and its caches). */
  public static <T extends SpecificRecord> AvroSerde<T> of(
      Class<T> type, SchemaRegistryClient registry, Map<String, ?> config, boolean isKey) {
    AvroSerde<T> serde =
        new AvroSerde<>(new AvroSerializer<>(registry), new AvroDeserializer<>(registry, type));
    serde.configure(withoutRegistryUrl(config), isKey);
    return serde;
  }

  private static Map<String, ?> withoutRegistryUrl(Map<String, ?> config) {
    Map<String, Object> copy = new HashMap<>(config);
    copy.remove(RegistryClientConfig.URL);
    return copy;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
