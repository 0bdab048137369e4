package io.creditstream.scorer.lifecycle;

import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.ops.HealthServer;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.scorer.release.ReleaseVerification;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the scorer process, start to exit code: builds the parts (metrics, the model registry,
 * the drift publisher, the topology and Kafka Streams, the health server), waits for an active
 * model, scores until asked to stop or until something fails, then closes everything in the order
 * that lets other instances take over at once (see {@link #run()}).
 */
public final class ScorerRuntime {

  /**
   * The logger of the scorer's lifecycle lines: the app's name, as before the lifecycle left it, so
   * that operators' log settings and alerts keep selecting them.
   */
  static final String LOGGER = "io.creditstream.scorer.ScorerApp";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final ScorerSettings settings;
  private final ScorerExit exit;

  public ScorerRuntime(ScorerSettings settings, ScorerExit exit) {
    this.settings = settings;
    this.exit = exit;
  }

  /**
   * The settings from the file and the environment, refused (IllegalArgumentException) when a
   * setting is bad or no signing key is configured: a scorer never seals with a key nobody chose.
   */
  public static ScorerSettings settings(Path config, Map<String, String> env) {
    ScorerSettings settings = ScorerSettings.load(config, env);
    // Without a configured signing key (or the explicit dev setting) the scorer does not start.
    SealKeys.Signer signer = settings.sealSigner();
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
    // Nor does it start without a way to tell the team's model releases from anybody else's.
    ReleaseVerification releases = settings.releaseVerification();
    if (!releases.verifies()) {
      log.warn(
          "Model releases and client histories are NOT verified ({}=true, no {}<key-id>):"
              + " anyone who can write to model-releases or client-features can change the model"
              + " this scorer decides with, or a client's history",
          ScorerSettings.RELEASE_ALLOW_UNSIGNED,
          ScorerSettings.RELEASE_PUBLIC_KEY_PREFIX);
    } else {
      log.info(
          "Believing model releases and client histories signed by release key(s) {}{}",
          releases.releaseKeys().keys().keySet(),
          releases.allowUnsigned()
              ? ", and unsigned ones (" + ScorerSettings.RELEASE_ALLOW_UNSIGNED + "=true)"
              : "");
    }
    return settings;
  }

  /** Runs until stopped or failed; the exit code (see {@link ScorerExit}). */
  public int run() throws Exception {
    ScorerParts parts = new ScorerParts(settings);
    PrometheusMeterRegistry prometheus = parts.prometheus();
    ScorerMetrics metrics = parts.metrics();
    Topics topics = parts.topics();
    ModelCatalog catalog = parts.catalog();
    ModelRegistry registry = parts.registry();
    DriftPublisher drift = new DriftPublisher(settings, metrics, topics.modelDrift());
    KafkaStreams streams = parts.streams(drift.monitor());
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(prometheus);
    exit.watch(streams);

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

    drift.start(settings.driftInterval());
    Duration closeTimeout = settings.shutdownTimeout();
    ShutdownHook hook = new ShutdownHook(settings.instance(), exit, closeTimeout).install();

    try {
      registry.start();
      if (ModelWait.forModel(registry, settings.modelWait(), exit)) {
        CheckpointSchema.register(topics);
        streams.start();
        exit.awaitStop();
      } else if (registry.failure().isPresent()) {
        exit.registryFailed();
      }
    } finally {
      drift.stopSchedule();
      ScorerParts.closeLeavingGroup(streams, closeTimeout);
      streamsMetrics.close();
      drift.close(closeTimeout);
      registry.close();
      http.close();
      log.info("Scorer {} stopped (exit code {})", settings.instance(), exit.code());
      hook.cleanedUp();
    }
    return exit.code();
  }
}
