package io.creditstream.registry;

/**
 * Confluent's default TopicNameStrategy: the value schema of topic {@code t} lives under subject
 * {@code t-value}, the key schema under {@code t-key}.
 */
public final class SubjectNames {
  private SubjectNames() {}

  public static String topicNameStrategy(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
