package io.creditstream.scorer.replay;

import io.creditstream.registry.RegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Read-only consumers for the replay: no consumer group (partitions are assigned and sought), no
 * offset commits, {@code read_committed} so that aborted transactions of the scorer are never
 * replayed. Values are read as bytes and decoded one by one, so one unreadable record is reported
 * instead of stopping the read.
 */
final class TopicReader {

  private TopicReader() {}

  /** The consumer settings from the client settings (security, registry) of the scorer config. */
  static Map<String, Object> consumerConfig(Map<String, Object> clientConfig, String purpose) {
    Map<String, Object> c = new HashMap<>();
    clientConfig.forEach(
        (k, v) -> {
          // Streams-only settings would only make the consumer log warnings.
          if (!k.startsWith("application.")
              && !k.startsWith("processing.")
              && !k.startsWith("num.")
              && !k.startsWith("state.")
              && !k.startsWith("commit.")) {
            c.put(k, v);
          }
        });
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        "creditstream-replay-" + purpose + "-" + ProcessHandle.current().pid());
    return c;
  }

  static KafkaConsumer<byte[], byte[]> open(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Every partition of a topic. */
  static List<TopicPartition> partitions(
      KafkaConsumer<?, ?> consumer, String topic, Duration timeout) throws ReplayException {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, timeout);
    } catch (KafkaException e) {
      throw ReplayException.unreachable(
          "Cannot read the partitions of " + topic + " (is Kafka reachable?): " + e, e);
    }
    if (infos == null || infos.isEmpty()) {
      throw ReplayException.unreachable("Topic " + topic + " does not exist", null);
    }
    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  /** True if a decoding error comes from an unreachable registry rather than from the record. */
  static boolean registryUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnavailableException) {
        return true;
      }
    }
    return false;
  }

  /** Unwraps a decoding error into one readable line. */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable t = e.getCause(); t != null && t != e; t = t.getCause()) {
      b.append(" (").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
      b.append(')');
    }
    return b.toString();
  }

  /** What a bounded read hands each record to. */
  interface RecordHandler {
    void accept(ConsumerRecord<byte[], byte[]> r) throws ReplayException;
  }

  /** Each partition's offsets now: where its log starts, and where it ends. */
  record Offsets(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {}

  /** The offsets of these partitions of {@code topic}; unreachable when Kafka does not answer. */
  static Offsets offsets(
      KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, String topic, Duration timeout)
      throws ReplayException {
    try {
      return new Offsets(
          consumer.beginningOffsets(partitions, timeout), consumer.endOffsets(partitions, timeout));
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read the offsets of " + topic, e);
    }
  }

  /**
   * Reads every partition of {@code topic} from its log start to the end offsets seen now, in
   * offset order within a partition (see {@link #readRanges}).
   */
  static void readAll(
      KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout, RecordHandler h)
      throws ReplayException {
    Offsets offsets = offsets(consumer, partitions(consumer, topic, timeout), topic, timeout);
    readRanges(consumer, offsets.start(), offsets.end(), timeout, h);
  }

  /**
   * Polls for a bounded read and fails it as unreachable once no record came for the timeout: a
   * replay must not wait for ever on a broker that went away.
   */
  static final class Poller {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final Object reading;
    private long idleSince = System.nanoTime();

    /**
     * @param reading what is read, for the error (its text when the read fails)
     */
    Poller(KafkaConsumer<byte[], byte[]> consumer, Duration timeout, Object reading) {
      this.consumer = consumer;
      this.timeout = timeout;
      this.reading = reading;
    }

    ConsumerRecords<byte[], byte[]> poll() throws ReplayException {
      ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
      if (!batch.isEmpty()) {
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince > timeout.toNanos()) {
        throw ReplayException.unreachable(
            "No progress reading " + reading + " for " + timeout, null);
      }
      return batch;
    }
  }

  /**
   * Reads every partition of {@code start} from its start offset up to (not including) its end
   * offset, in offset order within a partition; fails as unreachable after {@code timeout} without
   * a record.
   */
  static void readRanges(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end,
      Duration timeout,
      RecordHandler h)
      throws ReplayException {
    List<TopicPartition> open = new ArrayList<>();
    start.forEach(
        (tp, s) -> {
          if (s < end.get(tp)) {
            open.add(tp);
          }
        });
    if (open.isEmpty()) {
      return;
    }
    try {
      consumer.assign(open);
      open.forEach(tp -> consumer.seek(tp, start.get(tp)));
      Poller poller = new Poller(consumer, timeout, open);
      while (!open.isEmpty()) {
        var batch = poller.poll();
        // Records of one partition come in offset order: the chain check relies on it.
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            h.accept(r);
          }
        }
        for (TopicPartition tp : List.copyOf(open)) {
          if (consumer.position(tp) >= end.get(tp)) {
            open.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
      }
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read " + start.keySet() + ": " + e, e);
    }
  }
}
