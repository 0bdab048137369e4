package io.creditstream.scorer.decision;

import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The partition count of a topic as the broker tells it. Apart from the topology because it is the
 * one thing there that talks to a broker: building the topology stays a plain function, and the
 * count is asked for only when the first task needs it (see {@link DecisionTopology.Options}).
 */
final class PartitionCount {

  private PartitionCount() {}

  /**
   * The partition count of a topic, read from the broker once, on first use (a task cannot place
   * records without it, and fails if the broker cannot tell).
   */
  static IntSupplier of(Map<String, Object> clientConfig, String topic) {
    int[] known = {0};
    return () -> {
      synchronized (known) {
        if (known[0] == 0) {
          known[0] = read(clientConfig, topic);
        }
        return known[0];
      }
    };
  }

  private static int read(Map<String, Object> clientConfig, String topic) {
    try (Admin admin = Admin.create(clientConfig)) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(60, java.util.concurrent.TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the partitions of " + topic, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the partition count of " + topic + ": " + e.getMessage(), e);
    }
  }
}
