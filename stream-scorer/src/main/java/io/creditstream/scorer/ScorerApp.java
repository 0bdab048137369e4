package io.creditstream.scorer;

import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.DriftReport;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.decision.DecisionTopology;
import io.creditstream.scorer.drift.DriftMonitor;
import io.creditstream.scorer.ops.HealthServer;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scorer service: reads {@code loan-applications}, {@code client-features} and {@code
 * model-releases}; writes {@code loan-decisions}, {@code loan-applications-dlq} and {@code
 * model-drift}; serves {@code /health/live}, {@code /health/ready} and {@code /metrics}.
 *
 * <p>Only wiring lives here: the topology and its config come from {@link DecisionTopology}. Exit
 * codes: 0 stopped on request, 1 bad configuration, 2 Kafka Streams failed, 3 the model registry
 * failed.
 */
@Command(
    name = "stream-scorer",
    mixinStandardHelpOptions = true,
    description = "Scores loan applications from Kafka and publishes decisions with their reasons.")
public final class ScorerApp implements java.util.concurrent.Callable<Integer> {

  public static final int EXIT_OK = 0;
  public static final int EXIT_CONFIG = 1;
  public static final int EXIT_STREAMS_FAILED = 2;
  public static final int EXIT_REGISTRY_FAILED = 3;

  private static final Logger log = LoggerFactory.getLogger(ScorerApp.class);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file; CREDITSTREAM_* environment variables override it.")
  Path config;

  private final CountDownLatch stopped = new CountDownLatch(1);

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScorerApp()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ScorerSettings settings;
    SealKeys.Signer signer;
    try {
      settings = ScorerSettings.load(config, System.getenv());
      // Without a configured signing key (or the explicit dev setting) the scorer does not start.
      signer = settings.sealSigner();
    } catch (IllegalArgumentException e) {
      log.error("Bad configuration: {}", e.getMessage());
      return EXIT_CONFIG;
    }
    log.info("Starting scorer {} with {}", settings.instance(), settings);
    Object keyFile = settings.all().get(ScorerSettings.SEAL_PRIVATE_KEY);
    if (keyFile == null || keyFile.toString().isBlank()) {
      log.warn(
          "Sealing with a throw-away development key {} ({}=true); its decisions verify only with"
              + " this public key:\n{}",
          signer.keyId(),
          ScorerSettings.SEAL_DEV_GENERATE,
          SealKeys.pem(signer.publicKey()));
    } else {
      log.info("Sealing decisions with key {}", signer.keyId());
    }

    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScorerMetrics metrics = new ScorerMetrics(prometheus);
    Topics topics = Topics.create(settings.all());
    FeatureSet featureSet = FeatureSet.current();
    ModelCatalog catalog = new ModelCatalog(featureSet, metrics);
    ModelRegistry registry =
        new ModelRegistry(settings.clientConfig(), topics.modelReleases(), catalog);

    Topic<String, DriftReport> driftTopic = topics.modelDrift();
    KafkaProducer<String, DriftReport> driftProducer =
        new KafkaProducer<>(
            producerConfig(settings),
            driftTopic.keySerde().serializer(),
            driftTopic.valueSerde().serializer());
    DriftMonitor drift =
        new DriftMonitor(
            settings.instance(),
            metrics,
            Clock.systemUTC(),
            report ->
                driftProducer.send(
                    new ProducerRecord<>(driftTopic.name(), settings.instance(), report)),
            settings.driftMinRecords());

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
    Topology topology = builder.build(props);
    KafkaStreams streams = new KafkaStreams(topology, props);
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(prometheus);

    CountDownLatch cleanedUp = new CountDownLatch(1);
    AtomicInteger exit = new AtomicInteger(EXIT_OK);
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Stream thread failed; stopping this scorer: {}", e.toString(), e);
          exit.compareAndSet(EXIT_OK, EXIT_STREAMS_FAILED);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          log.info("Kafka Streams state {} -> {}", before, now);
          if (now == KafkaStreams.State.ERROR) {
            exit.compareAndSet(EXIT_OK, EXIT_STREAMS_FAILED);
            stopped.countDown();
          }
        });

    HealthServer http =
        new HealthServer(
                settings.httpHost(),
                settings.httpPort(),
                () ->
                    streams.state() == KafkaStreams.State.RUNNING
                        && registry.ready()
                        && registry.failure().isEmpty(),
                () ->
                    "streams="
                        + streams.state()
                        + ", registryCaughtUp="
                        + registry.caughtUp()
                        + ", activeModel="
                        + (catalog.hasActive() ? catalog.current().version() : "none")
                        + registry.failure().map(f -> ", registryFailed=" + f).orElse(""),
                prometheus::scrape)
            .start();
    log.info("Health and metrics on http://{}:{}/", settings.httpHost(), http.port());

    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drift-publisher");
              t.setDaemon(true);
              return t;
            });
    Duration every = settings.driftInterval();
    scheduler.scheduleAtFixedRate(
        drift::publish, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);

    Duration closeTimeout = settings.shutdownTimeout();
    Thread hook =
        new Thread(
            () -> {
              log.info("Stopping scorer {}", settings.instance());
              stopped.countDown();
              // The JVM halts when the hooks return: wait for main to close everything cleanly.
              try {
                cleanedUp.await(closeTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "scorer-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    try {
      registry.start();
      if (waitForModel(registry, settings.modelWait(), stopped)) {
        registerCheckpointSchema(topics);
        streams.start();
        stopped.await();
      } else if (registry.failure().isPresent()) {
        exit.compareAndSet(EXIT_OK, EXIT_REGISTRY_FAILED);
      }
    } finally {
      scheduler.shutdownNow();
      // Close with a timeout: a clean close commits the transaction and leaves the group, so the
      // other instances take over the partitions at once instead of after the session timeout.
      streams.close(
          CloseOptions.timeout(closeTimeout)
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      streamsMetrics.close();
      drift.publish();
      driftProducer.close(closeTimeout);
      registry.close();
      http.close();
      log.info("Scorer {} stopped (exit code {})", settings.instance(), exit.get());
      cleanedUp.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: nothing to remove
      }
    }
    return exit.get();
  }

  /**
   * Writes one checkpoint into memory while the registry is known to answer, so the checkpoint
   * schema's id is registered and cached: the first real checkpoint may fall in a registry outage,
   * which decisions already ride out with their cached id (and a failed write would stop the task).
   */
  private static void registerCheckpointSchema(Topics topics) {
    Topic<String, DecisionCheckpoint> checkpoints = topics.decisionCheckpoints();
    // Not closed: the serializer shares the topics' registry client (and its cache) with the app.
    try {
      checkpoints
          .valueSerde()
          .serializer()
          .serialize(
              checkpoints.name(),
              DecisionCheckpoint.newBuilder()
                  .setDecisionsTopic(topics.loanDecisions().name())
                  .setChain(0)
                  .setSequence(0)
                  .setHeadHash(java.nio.ByteBuffer.allocate(0))
                  .setApplicationId("")
                  .setCreatedAt(java.time.Instant.EPOCH)
                  .setScorerInstance("")
                  .setKeyId("")
                  .setSignature(java.nio.ByteBuffer.allocate(0))
                  .build());
    } catch (RuntimeException e) {
      log.warn(
          "Could not register the checkpoint schema yet ({}); the first checkpoint will",
          e.toString());
    }
  }

  private static Map<String, Object> producerConfig(ScorerSettings settings) {
    Map<String, Object> c = new HashMap<>();
    settings
        .clientConfig()
        .forEach(
            (k, v) -> {
              if (ProducerConfig.configNames().contains(k)) {
                c.put(k, v);
              }
            });
    c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "drift-" + settings.instance());
    return c;
  }

  /** Asks a running {@link #call()} to close everything and return (as SIGTERM does). */
  public void stop() {
    stopped.countDown();
  }

  /**
   * Waits (bounded, then on while not-ready is reported) for the registry to catch up and name an
   * active model; false if the app was stopped or the registry failed first.
   */
  private static boolean waitForModel(
      ModelRegistry registry, Duration firstWait, CountDownLatch stopped)
      throws InterruptedException {
    log.info(
        "Waiting up to {} for the model registry to catch up and name an active model", firstWait);
    if (registry.awaitReady(firstWait)) {
      log.info("Active model {}; starting to score", registry.current().version());
      return true;
    }
    log.warn(
        "No active model after {} (registry caught up: {}): the scorer stays NOT READY and starts"
            + " scoring as soon as a model is activated on model-releases",
        firstWait,
        registry.caughtUp());
    while (stopped.getCount() > 0) {
      if (registry.failure().isPresent()) {
        log.error("Model registry failed: {}", registry.failure().get().toString());
        return false;
      }
      if (registry.awaitReady(Duration.ofSeconds(1))) {
        log.info("Active model {}; starting to score", registry.current().version());
        return true;
      }
    }
    return false;
  }
}
