package io.creditstream.scorer.lifecycle;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.decision.DecisionTopology;
import io.creditstream.scorer.drift.DriftMonitor;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The scorer's scoring parts, assembled as the scorer process assembles them: its metrics, the
 * model catalog and the registry that follows {@code model-releases}, and Kafka Streams running
 * {@link DecisionTopology} with the scorer's configuration.
 *
 * <p>{@link ScorerRuntime} runs them with what surrounds them in production (health server, drift
 * publishing, model wait, shutdown); the pipeline benchmark runs them alone, so that what it
 * measures is the scorer's own assembly, not a copy of it.
 */
public final class ScorerParts {
  private final ScorerSettings settings;
  private final PrometheusMeterRegistry prometheus;
  private final ScorerMetrics metrics;
  private final Topics topics;
  private final FeatureSet featureSet;
  private final ModelCatalog catalog;
  private final ModelRegistry registry;

  /** The parts before Kafka Streams; the registry is not started. */
  public ScorerParts(ScorerSettings settings) {
    this.settings = settings;
    this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new ScorerMetrics(prometheus);
    this.topics = Topics.create(settings.all());
    this.featureSet = FeatureSet.current();
    this.catalog = new ModelCatalog(featureSet, metrics, settings.releaseVerification());
    this.registry = new ModelRegistry(settings.clientConfig(), topics.modelReleases(), catalog);
  }

  /** Kafka Streams (not started) running the scorer's topology, feeding {@code drift}. */
  public KafkaStreams streams(DriftMonitor drift) {
    StreamsBuilder builder = new StreamsBuilder();
    DecisionTopology.buildTopology(
        builder,
        topics,
        registry,
        settings,
        new DecisionTopology.Options(
            Clock.systemUTC(),
            metrics,
            drift,
            featureSet,
            ReasonTexts.load(),
            // Where each client's records belong depends on it: read once from the broker.
            DecisionTopology.partitionsOf(
                settings.clientConfig(), topics.loanApplications().name())));
    Properties props = DecisionTopology.streamsConfig(settings, topics, metrics);
    return new KafkaStreams(builder.build(props), props);
  }

  /**
   * Closes Kafka Streams within {@code timeout}, leaving the group: a clean close commits the
   * transaction and leaves the group, so the other instances take over the partitions at once
   * instead of after the session timeout.
   */
  public static void closeLeavingGroup(KafkaStreams streams, Duration timeout) {
    streams.close(
        CloseOptions.timeout(timeout)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }

  public PrometheusMeterRegistry prometheus() {
    return prometheus;
  }

  public ScorerMetrics metrics() {
    return metrics;
  }

  public Topics topics() {
    return topics;
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public ModelRegistry registry() {
    return registry;
  }
}
