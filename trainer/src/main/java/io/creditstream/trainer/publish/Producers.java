package io.creditstream.trainer.publish;

import io.creditstream.topics.Topic;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producers for the publishers: idempotent, acknowledged by all in-sync replicas. */
final class Producers {
  private Producers() {}

  static <K, V> KafkaProducer<K, V> forTopic(Map<String, Object> config, Topic<K, V> topic) {
    Map<String, Object> props = new HashMap<>(config);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(
        props, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }
}
