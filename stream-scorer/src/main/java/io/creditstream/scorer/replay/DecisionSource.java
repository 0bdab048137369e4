package io.creditstream.scorer.replay;

import io.creditstream.avro.Decision;
import io.creditstream.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Streams the selected records of {@code loan-decisions} in chunks: plans start and end offsets per
 * partition from the {@link Selection} (end offsets are fixed at start, so decisions published
 * while the replay runs are not part of it), reads them with a read-only consumer, and hands over
 * each chunk of selected records (readable or not) to the caller, so memory holds one chunk only.
 */
final class DecisionSource implements AutoCloseable {

  /** One record: its decision, or why it could not be read. */
  record Item(
      int partition, long offset, long timestamp, String key, Decision decision, String error) {}

  /** Receives each chunk. */
  interface ChunkHandler {
    void accept(List<Item> chunk) throws ReplayException;
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, Decision> topic;
  private final Selection selection;
  private final Duration timeout;
  private final Map<TopicPartition, Long> start = new HashMap<>();
  private final Map<TopicPartition, Long> end = new HashMap<>();
  private long total;

  DecisionSource(
      Map<String, Object> consumerConfig,
      Topic<String, Decision> topic,
      Selection selection,
      Duration timeout) {
    this.consumer = TopicReader.open(consumerConfig);
    this.topic = topic;
    this.selection = selection;
    this.timeout = timeout;
  }

  /** Works out where to read; fails on a partition that does not exist or an unreachable Kafka. */
  void plan() throws ReplayException {
    List<TopicPartition> all = TopicReader.partitions(consumer, topic.name(), timeout);
    List<TopicPartition> parts = all;
    if (selection.byOffsets()) {
      TopicPartition tp = new TopicPartition(topic.name(), selection.partition());
      if (!all.contains(tp)) {
        throw ReplayException.badArgument(
            "Partition "
                + selection.partition()
                + " does not exist: "
                + topic.name()
                + " has "
                + all.size()
                + " partition(s)");
      }
      parts = List.of(tp);
    }
    try {
      Map<TopicPartition, Long> first = consumer.beginningOffsets(parts, timeout);
      Map<TopicPartition, Long> last = consumer.endOffsets(parts, timeout);
      Map<TopicPartition, OffsetAndTimestamp> byTime = Map.of();
      if (!selection.byOffsets() && selection.from() != null) {
        Map<TopicPartition, Long> query = new HashMap<>();
        long at = Math.max(0, selection.from().minus(selection.margin()).toEpochMilli());
        parts.forEach(tp -> query.put(tp, at));
        byTime = new HashMap<>(consumer.offsetsForTimes(query, timeout));
      }
      for (TopicPartition tp : parts) {
        long s = first.get(tp);
        long e = last.get(tp);
        if (selection.byOffsets()) {
          s = Math.max(s, selection.fromOffset());
          if (selection.toOffset() != null) {
            e = Math.min(e, selection.toOffset() + 1);
          }
        } else if (selection.from() != null) {
          OffsetAndTimestamp o = byTime.get(tp);
          s = o == null ? e : Math.max(s, o.offset());
        }
        if (s < e) {
          start.put(tp, s);
          end.put(tp, e);
          total += e - s;
        }
      }
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read the offsets of " + topic.name() + ": " + e, e);
    }
  }

  /** Records between the planned start and end offsets (an upper bound of what is read). */
  long plannedRecords() {
    return total;
  }

  /** Reads every planned record, handing selected ones over in chunks of {@code chunkSize}. */
  void read(int chunkSize, ChunkHandler handler, Progress progress) throws ReplayException {
    if (start.isEmpty()) {
      return;
    }
    Set<TopicPartition> open = new HashSet<>(start.keySet());
    long stopAfter =
        selection.byOffsets() || selection.to() == null
            ? Long.MAX_VALUE
            : selection.to().plus(selection.margin()).toEpochMilli();
    List<Item> chunk = new ArrayList<>(Math.min(chunkSize, 4096));
    try {
      consumer.assign(open);
      start.forEach(consumer::seek);
      long idleSince = System.nanoTime();
      while (!open.isEmpty()) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince > timeout.toNanos()) {
          throw ReplayException.unreachable(
              "No progress reading " + topic.name() + " for " + timeout + " (is Kafka reachable?)",
              null);
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (!open.contains(tp) || r.offset() >= end.get(tp)) {
            continue;
          }
          progress.advance(1);
          // Decision records carry their application's time: one well past the range (plus the
          // scorer's lag) means the partition holds nothing more for it.
          if (r.timestamp() > stopAfter) {
            close(tp, open);
            continue;
          }
          Item item = item(r);
          if (item.decision() == null
              || selection.selects(
                  item.decision().getApplicationId(), item.decision().getDecidedAt())) {
            chunk.add(item);
            if (chunk.size() >= chunkSize) {
              handler.accept(chunk);
              chunk = new ArrayList<>(Math.min(chunkSize, 4096));
            }
          }
        }
        for (TopicPartition tp : List.copyOf(open)) {
          if (consumer.position(tp) >= end.get(tp)) {
            close(tp, open);
          }
        }
      }
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read " + topic.name() + ": " + e, e);
    }
    if (!chunk.isEmpty()) {
      handler.accept(chunk);
    }
  }

  private void close(TopicPartition tp, Set<TopicPartition> open) {
    open.remove(tp);
    consumer.pause(List.of(tp));
  }

  private Item item(ConsumerRecord<byte[], byte[]> r) throws ReplayException {
    String key =
        r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
    if (r.value() == null) {
      return unreadable(r, key, "a tombstone (null value) on a topic that is never compacted");
    }
    try {
      Decision d =
          topic.valueSerde().deserializer().deserialize(topic.name(), r.headers(), r.value());
      return new Item(r.partition(), r.offset(), r.timestamp(), key, d, null);
    } catch (RuntimeException e) {
      if (TopicReader.registryUnavailable(e)) {
        throw ReplayException.unreachable(
            "The schema registry is unreachable: " + TopicReader.describe(e), e);
      }
      return unreadable(r, key, "unreadable record: " + TopicReader.describe(e));
    }
  }

  /** A record that holds no decision, and why. */
  private static Item unreadable(ConsumerRecord<byte[], byte[]> r, String key, String why) {
    return new Item(r.partition(), r.offset(), r.timestamp(), key, null, why);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
