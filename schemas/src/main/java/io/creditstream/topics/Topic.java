package io.creditstream.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic's name with the serdes of its keys and values. Immutable. */
public final class Topic<K, V> {
  private final String name;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    this.name = Objects.requireNonNull(name, "name");
    this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
    this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
  }

  public String name() {
    return name;
  }

  public Serde<K> keySerde() {
    return keySerde;
  }

  public Serde<V> valueSerde() {
    return valueSerde;
  }

  @Override
  public String toString() {
    return name;
  }
}
