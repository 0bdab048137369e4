package io.creditstream.topics;

import java.util.Map;

/**
 * How one topic should be created: its name, partitions and topic-level configs (Kafka's names,
 * e.g. {@code cleanup.policy}, {@code retention.ms}), and why.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String purpose) {
  public TopicSpec {
    configs = Map.copyOf(configs);
  }
}
