package io.creditstream.benchmarks.pipeline;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.decision.DecisionTopology;
import io.creditstream.scorer.drift.DriftMonitor;
import io.creditstream.scorer.lifecycle.ScorerParts;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application in this process: either the scorer's real topology, assembled by
 * the scorer's own {@link ScorerParts} (model registry, catalog, {@link
 * DecisionTopology#buildTopology} and {@link DecisionTopology#streamsConfig}), or a pass-through
 * with the same topics, serdes and streams configuration that maps each application to a minimal
 * Decision without validating, joining or scoring it.
 */
public final class RunningTopology implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunningTopology.class);

  private final KafkaStreams streams;
  private final ModelRegistry registry;

  private RunningTopology(KafkaStreams streams, ModelRegistry registry) {
    this.streams = streams;
    this.registry = registry;
  }

  /** The scorer, waiting (bounded) for the active model before its streams start. */
  public static RunningTopology scorer(ScorerSettings settings) throws InterruptedException {
    ScorerParts parts = new ScorerParts(settings);
    Topics topics = parts.topics();
    ModelRegistry registry = parts.registry();
    // Drift reports are computed as in production; publishing them is not what is measured.
    DriftMonitor drift =
        new DriftMonitor(settings.instance(), parts.metrics(), Clock.systemUTC(), r -> {});
    KafkaStreams streams = parts.streams(drift);
    registry.start();
    if (!registry.awaitReady(Duration.ofMinutes(2))) {
      registry.close();
      throw new IllegalStateException(
          "No active model on " + topics.modelReleases().name() + " after 2 minutes");
    }
    log.info("Scorer topology ready with model {}", registry.current().version());
    return new RunningTopology(streams, registry);
  }

  /** The pass-through: same topics, serdes and exactly-once configuration, no work per record. */
  public static RunningTopology passThrough(ScorerSettings settings) {
    Topics topics = Topics.create(settings.all());
    Topic<String, LoanApplication> applications = topics.loanApplications();
    Topic<String, Decision> decisions = topics.loanDecisions();
    String instance = settings.instance();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            applications.name(),
            Consumed.with(applications.keySerde(), applications.valueSerde())
                .withName("loan-applications-source"))
        .mapValues(app -> minimalDecision(app, instance), Named.as("pass-through"))
        .to(
            decisions.name(),
            Produced.with(decisions.keySerde(), decisions.valueSerde()).withName("decision-sink"));
    Properties props = DecisionTopology.streamsConfig(settings, topics, null);
    return new RunningTopology(new KafkaStreams(builder.build(props), props), null);
  }

  static Decision minimalDecision(LoanApplication app, String instance) {
    return Decision.newBuilder()
        .setApplicationId(app.getApplicationId())
        .setClientId(app.getSKIDCURR())
        .setProbabilityOfDefault(0)
        .setThreshold(1)
        .setReviewBand(null)
        .setOutcome(Outcome.APPROVED)
        .setReasons(List.of())
        .setModelVersion("pass-through")
        .setFeatureSetVersion("")
        .setHistoryAvailable(false)
        .setFeatureValues(List.of())
        .setApplicationTimestamp(app.getSubmittedAt())
        .setDecidedAt(Instant.now())
        .setScorerInstance(instance)
        .setContentHash("")
        .build();
  }

  /** Starts the streams and waits (bounded) until they are RUNNING. */
  public void start(Duration timeout) throws InterruptedException {
    streams.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException(
            "Streams not running after " + timeout + ": " + streams.state());
      }
      Thread.sleep(50);
    }
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    ScorerParts.closeLeavingGroup(streams, Duration.ofSeconds(30));
    if (registry != null) {
      registry.close();
    }
  }
}
