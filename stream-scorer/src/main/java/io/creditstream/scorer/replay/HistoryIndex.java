package io.creditstream.scorer.replay;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.scorer.replay.Reproducer.HistoryVersion;
import io.creditstream.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The history versions of one chunk's clients on {@code client-features}: the topic is read from
 * its beginning up to the end offsets fixed at start, keeping only the chunk's clients' records
 * published up to the chunk's last decision. The topic is compacted, so older versions may be gone:
 * a decision whose version is no longer there is reported as not checked, never as different.
 */
final class HistoryIndex implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, ClientFeatures> topic;
  private final Duration timeout;
  private List<TopicPartition> partitions;
  private Map<TopicPartition, Long> end;

  HistoryIndex(
      Map<String, Object> consumerConfig, Topic<String, ClientFeatures> topic, Duration timeout) {
    this.consumer = TopicReader.open(consumerConfig);
    this.topic = topic;
    this.timeout = timeout;
  }

  void plan() throws ReplayException {
    partitions = TopicReader.partitions(consumer, topic.name(), timeout);
    try {
      end = consumer.endOffsets(partitions, timeout);
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read the offsets of " + topic.name() + ": " + e, e);
    }
  }

  /** Client key -> its versions in publication order, each published at or before {@code upTo}. */
  Map<String, List<HistoryVersion>> find(Set<String> clientKeys, long upTo) throws ReplayException {
    Map<String, List<HistoryVersion>> found = new HashMap<>();
    List<TopicPartition> open = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (end.get(tp) > 0) {
        open.add(tp);
      }
    }
    try {
      consumer.assign(open);
      consumer.seekToBeginning(open);
      long idleSince = System.nanoTime();
      while (!open.isEmpty()) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince > timeout.toNanos()) {
          throw ReplayException.unreachable(
              "No progress reading " + topic.name() + " for " + timeout, null);
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (!open.contains(tp) || r.offset() >= end.get(tp) || r.timestamp() > upTo) {
            continue;
          }
          String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
          if (key == null || !clientKeys.contains(key)) {
            continue;
          }
          if (r.value() == null) {
            found.remove(key); // the client's history was deleted
            continue;
          }
          ClientFeatures f = decode(r);
          if (f != null) {
            found
                .computeIfAbsent(key, k -> new ArrayList<>())
                .add(new HistoryVersion(r.timestamp(), f));
          }
        }
        for (TopicPartition tp : List.copyOf(open)) {
          if (consumer.position(tp) >= end.get(tp)) {
            open.remove(tp);
          }
        }
      }
      consumer.unsubscribe();
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read " + topic.name() + ": " + e, e);
    }
    return found;
  }

  private ClientFeatures decode(ConsumerRecord<byte[], byte[]> r) throws ReplayException {
    try {
      return topic.valueSerde().deserializer().deserialize(topic.name(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (TopicReader.registryUnavailable(e)) {
        throw ReplayException.unreachable(
            "The schema registry is unreachable: " + TopicReader.describe(e), e);
      }
      return null; // the scorer could not read it either: its table never held it
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
