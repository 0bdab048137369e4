package io.creditstream.runtime;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A running Kafka broker and Confluent-compatible schema registry: the real ones as local
 * processes, or containers where Docker exists. Tests, the local system and the benchmarks all get
 * theirs from here.
 */
public interface LocalPlatform extends AutoCloseable {

  /** {@code host:port} of the broker. */
  String bootstrapServers();

  /** Confluent Schema Registry compatible base URL ({@code .../apis/ccompat/v7} on Apicurio). */
  String registryUrl();

  /** Which implementation: {@code processes} or {@code testcontainers}. */
  String kind();

  /** Stops the broker gracefully and starts it again on the same port with the same data. */
  void restartBroker() throws Exception;

  /** SIGKILLs the broker and starts it again on the same port with the same data. */
  default void crashAndRestartBroker() throws Exception {
    crashAndRestartBroker(java.time.Duration.ZERO);
  }

  /**
   * SIGKILLs the broker, leaves it down for {@code down}, then starts it again on the same port
   * with the same data: an outage longer than the clients' session timeout.
   */
  void crashAndRestartBroker(java.time.Duration down) throws Exception;

  /** Stops the registry (clients then see it unreachable) until {@link #startRegistry()}. */
  void stopRegistry() throws Exception;

  void startRegistry() throws Exception;

  /** Client settings every Kafka client of this platform needs. */
  default Map<String, Object> clientConfig() {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers(),
        "schema.registry.url",
        registryUrl());
  }

  /** Creates a topic if it does not exist yet. */
  default void createTopic(String name, int partitions, Map<String, String> configs) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(
              java.util.List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Could not create topic " + name, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating topic " + name, e);
    }
  }

  default void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }
}
