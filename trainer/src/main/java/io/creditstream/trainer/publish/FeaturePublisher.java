package io.creditstream.trainer.publish;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.history.HistoryAggregator;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.Progress;
import io.creditstream.features.table.TableReader;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates the history tables of a Home Credit directory per client and publishes one {@code
 * ClientFeatures} per client to the compacted {@code client-features} topic (key: the client id),
 * signed by the release key when one is given ({@link ReleaseSignatures}): a scorer with release
 * keys believes no other history.
 */
public final class FeaturePublisher {
  private static final Logger log = LoggerFactory.getLogger(FeaturePublisher.class);

  private FeaturePublisher() {}

  /** The result of a run: clients published and malformed rows skipped (each was logged). */
  public record Result(long clients, long malformedRows) {}

  /**
   * Streams every history table present in {@code dataDir} (absent ones are skipped, and said so).
   */
  public static HistoryAggregator aggregate(Path dataDir, AtomicLong malformed) throws IOException {
    HistoryAggregator aggregator = new HistoryAggregator();
    for (HomeCreditTable table : HomeCreditTable.HISTORY) {
      Optional<Path> file = table.locate(dataDir);
      if (file.isEmpty()) {
        log.warn("{}: no {} table; its features will be missing", dataDir, table.kaggleName());
        continue;
      }
      try (TableReader reader = TableReader.open(file.get(), table)) {
        reader.forEach(
            row -> aggregator.accept(table, row),
            problem -> {
              malformed.incrementAndGet();
              log.warn("Skipped malformed row: {}", problem);
            });
        log.info("{}: {} rows aggregated", file.get(), reader.rows());
      }
    }
    return aggregator;
  }

  /**
   * @param releaseKey signs each client's history; null: unsigned
   */
  public static Result publish(
      Path dataDir, Map<String, Object> config, Instant asOf, SealKeys.Signer releaseKey)
      throws IOException, InterruptedException {
    AtomicLong malformed = new AtomicLong();
    HistoryAggregator aggregator = aggregate(dataDir, malformed);
    String version = FeatureSet.current().version();
    Topic<String, ClientFeatures> topic = Topics.create(config).clientFeatures();
    long count = 0;
    Set<Long> clients = aggregator.clients();
    Progress progress = Progress.start("publishing " + topic.name(), "clients", log);
    try (KafkaProducer<String, ClientFeatures> producer = Producers.forTopic(config, topic)) {
      Future<RecordMetadata> last = null;
      for (long client : clients) {
        ClientFeatures value =
            ClientFeatures.newBuilder()
                .setClientId(client)
                .setAsOf(asOf)
                .setFeatureSetVersion(version)
                .setSources(aggregator.sourcesOf(client))
                .setValues(aggregator.history(client))
                .build();
        if (releaseKey != null) {
          value = ReleaseSignatures.sign(value, releaseKey);
        }
        last = producer.send(new ProducerRecord<>(topic.name(), Long.toString(client), value));
        count++;
        if (count % 1024 == 0) {
          progress.update(count, count / (double) clients.size());
        }
      }
      producer.flush();
      progress.done(count, 1.0);
      if (last != null) {
        last.get(); // surfaces a send failure instead of reporting success
      }
    } catch (ExecutionException e) {
      throw new IOException("Publishing client features failed: " + e.getCause().getMessage(), e);
    }
    log.info(
        "Published {} clients' features (feature set {}) to {}, {}",
        count,
        version,
        topic.name(),
        releaseKey == null ? "UNSIGNED" : "signed by release key " + releaseKey.keyId());
    return new Result(count, malformed.get());
  }
}
