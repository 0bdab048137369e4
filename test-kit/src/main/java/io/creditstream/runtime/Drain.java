package io.creditstream.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Test helpers that read what a topic holds, without sleeping. */
public final class Drain {
  private Drain() {}

  /**
   * Polls until {@code n} records arrived or the timeout passed, and returns what arrived (callers
   * assert on the size, so a shortfall fails with the records that did come).
   */
  public static <K, V> List<ConsumerRecord<K, V>> drain(
      Consumer<K, V> consumer, int n, Duration timeout) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < n && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return records;
  }

  /** Assigns every partition of {@code topic} from its beginning (no consumer group needed). */
  public static void assignFromBeginning(Consumer<?, ?> consumer, String topic) {
    Set<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toSet());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads everything up to the end offsets as of now: the topic's whole content. */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(
      Consumer<K, V> consumer, String topic, Duration timeout) {
    assignFromBeginning(consumer, topic);
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    long total = 0;
    for (TopicPartition tp : end.keySet()) {
      total += end.get(tp) - consumer.beginningOffsets(Set.of(tp)).get(tp);
    }
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(consumer, end) && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    if (!reached(consumer, end)) {
      throw new AssertionError(
          "Read "
              + records.size()
              + " of about "
              + total
              + " records of "
              + topic
              + " in "
              + timeout);
    }
    return records;
  }

  private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
