package io.creditstream.scorer.replay;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.features.FeatureSet;
import io.creditstream.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Every client's history versions on {@code client-features}, read once (every partition, from the
 * beginning to the end offsets seen at start) and kept as (record time, 64-bit digest of the values
 * in vector order, the same digest of the values rounded to float32) triples, the second for
 * decisions that recorded doubles (v1 to v3), the third for compact ones: about a hundred bytes a
 * client instead of the few kilobytes of its values, so memory grows with the number of clients,
 * not with the number of decisions, and the topic is read once however long the replayed range is.
 * Only versions of the replay's feature set are kept (the scorer ignores the others). The topic is
 * compacted, so older versions may be gone: a decision whose version is no longer there is reported
 * as not checked, never as different.
 */
final class HistoryIndex implements AutoCloseable {

  /** Longs per version in {@link #versionsOf}: time, digest of the doubles, of the float32s. */
  static final int STRIDE = 3;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, ClientFeatures> topic;
  private final FeatureSet featureSet;
  private final Duration timeout;
  // key -> [t0, d0, f0, t1, d1, f1, ...]: time, digest of the doubles, digest of the float32s
  private final Map<String, long[]> versions = new HashMap<>();
  private long records;

  HistoryIndex(
      Map<String, Object> consumerConfig,
      Topic<String, ClientFeatures> topic,
      FeatureSet featureSet,
      Duration timeout) {
    this.consumer = TopicReader.open(consumerConfig);
    this.topic = topic;
    this.featureSet = featureSet;
    this.timeout = timeout;
  }

  /** Reads the whole topic into the index. */
  void load() throws ReplayException {
    TopicReader.readAll(
        consumer,
        topic.name(),
        timeout,
        r -> {
          if (r.key() != null) {
            add(new String(r.key(), StandardCharsets.UTF_8), r);
          }
        });
  }

  private void add(String key, ConsumerRecord<byte[], byte[]> r) throws ReplayException {
    records++;
    if (r.value() == null) {
      versions.remove(key); // the client's history was deleted
      return;
    }
    ClientFeatures f;
    try {
      f = topic.valueSerde().deserializer().deserialize(topic.name(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (TopicReader.registryUnavailable(e)) {
        throw ReplayException.unreachable(
            "The schema registry is unreachable: " + TopicReader.describe(e), e);
      }
      return; // the scorer could not read it either: its table never held it
    }
    if (!featureSet.version().equals(f.getFeatureSetVersion())) {
      return;
    }
    long digest = HistoryDigest.of(featureSet, f.getValues());
    long float32 = HistoryDigest.ofFloat32(featureSet, f.getValues());
    long[] old = versions.get(key);
    long[] now = old == null ? new long[STRIDE] : Arrays.copyOf(old, old.length + STRIDE);
    now[now.length - 3] = r.timestamp();
    now[now.length - 2] = digest;
    now[now.length - 1] = float32;
    versions.put(key, now);
  }

  /** Records read. */
  long records() {
    return records;
  }

  /** Clients with at least one version. */
  int clients() {
    return versions.size();
  }

  /**
   * The client's versions in publication order, as [time, digest, float32 digest] triples ({@link
   * #STRIDE}); empty if none.
   */
  long[] versionsOf(String clientKey) {
    long[] v = versions.get(clientKey);
    return v == null ? new long[0] : v;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
