package io.creditstream.portal.config;

import io.creditstream.avro.LoanApplication;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka clients: one idempotent producer for {@code loan-applications} and a factory of the
 * group-less consumers the mirror uses. Connection settings come from Boot's {@code spring.kafka.*}
 * ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}); the settings below are the ones correctness depends on,
 * so they override whatever was configured.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaClients {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Topics topics(PortalProperties properties) {
    return Topics.create(properties.topicsConfig());
  }

  @Bean(destroyMethod = "close")
  Producer<String, LoanApplication> applicationProducer(KafkaProperties kafka, Topics topics) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    // Idempotence with acks=all: a retried send after a lost ack cannot write the application
    // twice.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "request-portal");
    Topic<String, LoanApplication> topic = topics.loanApplications();
    return new KafkaProducer<>(
        config, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  @Bean
  Supplier<Consumer<byte[], byte[]>> mirrorConsumers(KafkaProperties kafka) {
    return () -> {
      Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
      // No group: every instance reads every partition and keeps its own offsets in its store.
      config.remove(ConsumerConfig.GROUP_ID_CONFIG);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // Only decisions of committed scorer transactions; aborted ones must never reach a client.
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      // Stored offsets older than the retention fall back to the oldest record still there.
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
      config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "request-portal-mirror");
      return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    };
  }
}
