package io.creditstream.scorer.replay;

import io.creditstream.avro.LoanApplication;
import io.creditstream.serde.WireFormat;
import io.creditstream.topics.Topic;
import java.time.Duration;
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
 * Finds the original applications of one chunk of decisions on {@code loan-applications}: reads
 * every partition over the chunk's time window (record time, widened by the margin) and keeps only
 * the records whose application id is asked for, for the client its decision names (whatever the
 * record's key), so memory holds one chunk's applications, never the topic.
 */
final class ApplicationIndex implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, LoanApplication> topic;
  private final Duration margin;
  private final Duration timeout;
  private List<TopicPartition> partitions;
  private Map<TopicPartition, Long> end;
  private long unreadable;

  ApplicationIndex(
      Map<String, Object> consumerConfig,
      Topic<String, LoanApplication> topic,
      Duration margin,
      Duration timeout) {
    this.consumer = TopicReader.open(consumerConfig);
    this.topic = topic;
    this.margin = margin;
    this.timeout = timeout;
  }

  /** The key of an application of one client in what {@link #find} returns. */
  static String key(String applicationId, String clientId) {
    return applicationId + '\u0000' + clientId;
  }

  /** Fixes the partitions and their end offsets (what the replay may see). */
  void plan() throws ReplayException {
    partitions = TopicReader.partitions(consumer, topic.name(), timeout);
    try {
      end = consumer.endOffsets(partitions, timeout);
      // Assigned once and paused between chunks: changing the assignment while a fetch is in
      // flight only makes the consumer warn about partitions it no longer holds.
      consumer.assign(partitions);
      consumer.pause(partitions);
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read the offsets of " + topic.name() + ": " + e, e);
    }
  }

  /** Application records that could not be read (skipped; the scorer dead-lettered them). */
  long unreadable() {
    return unreadable;
  }

  /**
   * The applications with these ids, by id.
   *
   * @param wanted application id -> the clients (decimal ids) it was decided for; a front office
   *     may have reused an id for another client
   * @return by {@link #key(String, String)}
   * @param fromMillis earliest decision record time of the chunk
   * @param toMillis latest decision record time of the chunk
   */
  Map<String, LoanApplication> find(Map<String, Set<String>> wanted, long fromMillis, long toMillis)
      throws ReplayException {
    Map<String, LoanApplication> found = new HashMap<>();
    if (wanted.isEmpty()) {
      return found;
    }
    int pairs = wanted.values().stream().mapToInt(Set::size).sum();
    long from = Math.max(0, fromMillis - margin.toMillis());
    long to = toMillis + margin.toMillis();
    try {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(tp -> query.put(tp, from));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, timeout);
      Set<TopicPartition> open = new HashSet<>();
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp o = starts.get(tp);
        if (o != null && o.offset() < end.get(tp)) {
          open.add(tp);
        }
      }
      for (TopicPartition tp : open) {
        consumer.seek(tp, starts.get(tp).offset());
      }
      consumer.resume(open);
      TopicReader.Poller poller = new TopicReader.Poller(consumer, timeout, topic.name());
      while (!open.isEmpty() && found.size() < pairs) {
        var records = poller.poll();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (!open.contains(tp)) {
            continue;
          }
          if (r.offset() >= end.get(tp) || r.timestamp() > to) {
            open.remove(tp);
            consumer.pause(List.of(tp));
            continue;
          }
          if (r.value() == null) {
            continue;
          }
          // Not by key: a front office's record may have no key, another client's key or
          // another key encoding (the scorer moved it to its client's partition before deciding).
          // The application id, the record's first field, is read without decoding the rest.
          String id = WireFormat.firstString(r.value());
          if (id != null && !wanted.containsKey(id)) {
            continue;
          }
          LoanApplication app = decode(r);
          if (app == null) {
            continue;
          }
          String client = String.valueOf(app.getSKIDCURR());
          Set<String> clients = wanted.get(app.getApplicationId());
          // The first record of an id and client is the one decided: a later one with other
          // content was refused as a conflict.
          if (clients != null && clients.contains(client)) {
            found.putIfAbsent(key(app.getApplicationId(), client), app);
          }
        }
        for (TopicPartition tp : List.copyOf(open)) {
          if (consumer.position(tp) >= end.get(tp)) {
            open.remove(tp);
          }
        }
      }
      consumer.pause(partitions);
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read " + topic.name() + ": " + e, e);
    }
    return found;
  }

  private LoanApplication decode(ConsumerRecord<byte[], byte[]> r) throws ReplayException {
    try {
      return topic.valueSerde().deserializer().deserialize(topic.name(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (TopicReader.registryUnavailable(e)) {
        throw ReplayException.unreachable(
            "The schema registry is unreachable: " + TopicReader.describe(e), e);
      }
      unreadable++;
      return null;
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
