package io.creditstream.scorer.replay;

import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.features.FeatureSet;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.ModelReleases;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every model version ever released, read once from {@code model-releases} (every partition, from
 * the beginning to the end offsets seen at start) into the scorer's own {@link ModelCatalog}, so a
 * version is accepted or refused for replay by exactly the rules that applied when scoring.
 * Activation records are skipped: a replay uses the version each decision names, not the active
 * one. Every version is reproduced whether or not its release was signed (the decisions were made
 * with it); what its signature says is reported with it.
 */
final class ModelArchive implements Reproducer.Models {

  private static final Logger log = LoggerFactory.getLogger(ModelArchive.class);

  private final ModelCatalog catalog;
  private final Map<String, String> seen; // version -> "accepted" or the refusal, and provenance

  private ModelArchive(ModelCatalog catalog, Map<String, String> seen) {
    this.catalog = catalog;
    this.seen = seen;
  }

  static ModelArchive read(
      Map<String, Object> consumerConfig,
      Topic<String, ModelRelease> topic,
      FeatureSet featureSet,
      SealKeys.KeyRing releaseKeys,
      Duration timeout)
      throws ReplayException {
    ModelCatalog catalog =
        new ModelCatalog(featureSet, new ScorerMetrics(new SimpleMeterRegistry()));
    Map<String, String> seen = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = TopicReader.open(consumerConfig)) {
      TopicReader.readAll(
          consumer, topic.name(), timeout, r -> apply(catalog, seen, topic, releaseKeys, r));
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read " + topic.name() + ": " + e, e);
    }
    log.info("Read {} model version(s) from {}: {}", seen.size(), topic.name(), seen);
    return new ModelArchive(catalog, seen);
  }

  private static void apply(
      ModelCatalog catalog,
      Map<String, String> seen,
      Topic<String, ModelRelease> topic,
      SealKeys.KeyRing releaseKeys,
      ConsumerRecord<byte[], byte[]> r)
      throws ReplayException {
    String key =
        r.key() == null ? null : topic.keySerde().deserializer().deserialize(topic.name(), r.key());
    ModelRelease release;
    try {
      release =
          r.value() == null
              ? null
              : topic.valueSerde().deserializer().deserialize(topic.name(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (TopicReader.registryUnavailable(e)) {
        throw ReplayException.unreachable(
            "The schema registry is unreachable: " + TopicReader.describe(e), e);
      }
      log.warn(
          "Unreadable record on {} at {}-{}@{} skipped: {}",
          topic.name(),
          r.topic(),
          r.partition(),
          r.offset(),
          TopicReader.describe(e));
      return;
    }
    if (release == null) {
      catalog.apply(key, null);
      if (key != null) {
        seen.remove(key);
      }
      return;
    }
    if (release.getKind() == ReleaseKind.ACTIVATION || ModelReleases.ACTIVE_KEY.equals(key)) {
      return;
    }
    catalog.apply(key, release);
    String version = release.getVersion();
    // Who released it and when, as the record says: what an auditor compares with the training
    // reports (a release's version proves its bytes, not who made them; see the README).
    String provenance =
        " (released "
            + release.getReleasedAt()
            + " by "
            + release.getReleasedBy()
            + ", "
            + r.topic()
            + "-"
            + r.partition()
            + "@"
            + r.offset()
            + "; "
            + signature(release, releaseKeys)
            + ")";
    seen.put(
        version,
        catalog.byVersion(version).isPresent()
            ? "accepted" + provenance
            : "refused: " + catalog.refusal(version).orElse("unknown reason") + provenance);
  }

  /** What the release's signature says, for the report. */
  static String signature(ModelRelease release, SealKeys.KeyRing releaseKeys) {
    if (releaseKeys.isEmpty()) {
      return release.getSignature() == null
          ? "release NOT SIGNED"
          : "release signature not checked (no scorer.release.public-key.<id> given)";
    }
    return switch (ReleaseSignatures.check(release, releaseKeys)) {
      case VALID -> "release signed by release key " + release.getSigningKeyId();
      case UNSIGNED -> "release NOT SIGNED";
      case UNKNOWN_KEY -> "release SIGNED BY AN UNKNOWN KEY '" + release.getSigningKeyId() + "'";
      case BAD_SIGNATURE ->
          "release signature FORGED OR ALTERED (not key " + release.getSigningKeyId() + "'s)";
    };
  }

  @Override
  public Optional<ScoringModel> byVersion(String version) {
    return catalog.byVersion(version);
  }

  /** Why a version cannot be used: never released (or deleted), or refused and why. */
  @Override
  public String whyMissing(String version) {
    String s = seen.get(version);
    if (s != null && s.startsWith("refused")) {
      return "model version " + version + " was " + s;
    }
    return "model version " + version + " is not on model-releases";
  }

  /** Every version read, "accepted" or "refused: why". */
  Map<String, String> versions() {
    return Map.copyOf(seen);
  }
}
