package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.fixtures.Applications;
import io.creditstream.records.ModelReleases;
import io.creditstream.runtime.Drain;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.decision.DecisionTopology;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The scorer's real topology on the real broker decides a stream of applications with model A,
 * model B is activated mid-stream, and the replay of the whole history reproduces every decision
 * bit for bit, naming both versions, with features recomputed and history checked.
 */
@ExtendWith(LocalPlatformExtension.class)
class ReplayModelSwapTest {

  private static final int PER_MODEL = 12;
  private static final int WITH_HISTORY = 8; // clients 4000..4007 have client-features

  @Test
  void aHistoryWithAModelSwapReproducesEntirely(LocalPlatform platform, @TempDir Path dir)
      throws Exception {
    // given unique topics, models A and B released, A active, and some clients' history
    Instant start = Instant.now().minusSeconds(5);
    Map<String, Object> config = ReplayFixtures.config(platform, "replay-swap");
    Topics topics = Topics.create(config);
    ReplayFixtures.createTopics(platform, topics, 2);
    ReplayFixtures.Model a = ReplayFixtures.cutModel(0.3, null, null);
    ReplayFixtures.Model b = ReplayFixtures.cutModel(0.5, null, null);
    String releasesTopic = topics.modelReleases().name();
    try (KafkaProducer<String, ModelRelease> releases =
        ReplayFixtures.producer(
            platform, new StringSerializer(), topics.modelReleases().valueSerde().serializer())) {
      // A as the release pipeline publishes it, signed; B unsigned (believed by this scorer)
      releases
          .send(
              new ProducerRecord<>(
                  releasesTopic,
                  a.version(),
                  ReleaseSignatures.sign(a.release(), SealFixtures.releaseSigner())))
          .get();
      releases.send(new ProducerRecord<>(releasesTopic, b.version(), b.release())).get();
      releases
          .send(
              new ProducerRecord<>(
                  releasesTopic, ModelReleases.ACTIVE_KEY, TestModels.activation(a.version())))
          .get();
    }
    try (KafkaProducer<String, ClientFeatures> features =
        ReplayFixtures.producer(
            platform, new StringSerializer(), topics.clientFeatures().valueSerde().serializer())) {
      for (int i = 0; i < WITH_HISTORY; i++) {
        features
            .send(
                new ProducerRecord<>(
                    topics.clientFeatures().name(), Long.toString(4000 + i), history(4000 + i)))
            .get();
      }
    }

    Map<String, Object> scorerConfig = new HashMap<>(config);
    scorerConfig.put(ScorerSettings.INSTANCE, "scorer-swap");
    scorerConfig.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    scorerConfig.put(ScorerSettings.CHECKPOINT_EVERY, "5");
    scorerConfig.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    ScorerSettings settings = ScorerSettings.of(scorerConfig);
    ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    ModelCatalog catalog = new ModelCatalog(ReplayFixtures.FEATURES, metrics);
    Path reports = dir.resolve("reports");
    try (ModelRegistry registry =
        new ModelRegistry(settings.clientConfig(), topics.modelReleases(), catalog)) {
      registry.start();
      assertThat(registry.awaitReady(Duration.ofSeconds(30))).isTrue();
      StreamsBuilder builder = new StreamsBuilder();
      DecisionTopology.buildTopology(builder, topics, registry, settings);
      Properties props = DecisionTopology.streamsConfig(settings, topics, metrics);
      try (KafkaStreams streams = new KafkaStreams(builder.build(props), props);
          KafkaProducer<String, LoanApplication> apps =
              ReplayFixtures.producer(
                  platform,
                  new StringSerializer(),
                  topics.loanApplications().valueSerde().serializer());
          KafkaConsumer<String, Decision> decisions = decisionConsumer(platform, topics)) {
        streams.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        Drain.assignFromBeginning(decisions, topics.loanDecisions().name());

        // when the first half is decided by A, B is activated, and the second half arrives
        send(apps, topics, 0);
        List<ConsumerRecord<String, Decision>> first =
            Drain.drain(decisions, PER_MODEL, Duration.ofSeconds(60));
        assertThat(first).hasSize(PER_MODEL);
        try (KafkaProducer<String, ModelRelease> releases =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.modelReleases().valueSerde().serializer())) {
          releases
              .send(
                  new ProducerRecord<>(
                      releasesTopic, ModelReleases.ACTIVE_KEY, TestModels.activation(b.version())))
              .get();
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> registry.current().version().equals(b.version()));
        send(apps, topics, PER_MODEL);
        List<ConsumerRecord<String, Decision>> second =
            Drain.drain(decisions, PER_MODEL, Duration.ofSeconds(60));
        assertThat(second).hasSize(PER_MODEL);
        assertThat(first).allMatch(r -> r.value().getModelVersion().equals(a.version()));
        assertThat(second).allMatch(r -> r.value().getModelVersion().equals(b.version()));
        // the swap changed at least one outcome, so the two versions really decided differently
        assertThat(second.stream().map(r -> r.value().getOutcome()).distinct()).hasSize(2);
        streams.close(Duration.ofSeconds(20));
      }
    }

    // then the replay of the history finds every decision identical, under both versions
    List<String> args = new ArrayList<>(ReplayFixtures.connection(config, reports));
    args.add("--from=" + start);
    ReplayFixtures.Run run = ReplayFixtures.replay(args);

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(ReplayCommand.EXIT_OK);
    JsonNode r = run.report();
    JsonNode s = r.path("summary");
    assertThat(s.path("decisions").asLong()).isEqualTo(2 * PER_MODEL);
    assertThat(s.path("identical").asLong()).isEqualTo(2 * PER_MODEL);
    assertThat(s.path("tampered").asLong()).isZero();
    assertThat(s.path("identicalShare").asDouble()).isEqualTo(1.0);
    assertThat(s.path("allIdentical").asBoolean()).isTrue();
    // and the report says of each version whether the release key signed its release
    assertThat(r.path("modelVersionsOnTopic").path(a.version()).asString())
        .startsWith("accepted")
        .contains("release signed by release key " + SealFixtures.RELEASE_KEY_ID);
    assertThat(r.path("modelVersionsOnTopic").path(b.version()).asString())
        .contains("release NOT SIGNED");
    JsonNode byModel = r.path("byModelVersion");
    assertThat(byModel.size()).isEqualTo(2);
    assertThat(byModel.path(a.version()).path("identical").asLong()).isEqualTo(PER_MODEL);
    assertThat(byModel.path(b.version()).path("identical").asLong()).isEqualTo(PER_MODEL);
    JsonNode f = r.path("features");
    assertThat(f.path("applicationsFound").asLong()).isEqualTo(2 * PER_MODEL);
    assertThat(f.path("applicationFeatures").path("identical").asLong()).isEqualTo(2 * PER_MODEL);
    // clients 4000..4007 apply once in each half, with history; the others have none
    JsonNode h = f.path("historyFeatures");
    assertThat(h.path("identical").asLong()).isEqualTo(2 * WITH_HISTORY);
    assertThat(h.path("notUsed").asLong()).isEqualTo(2 * (PER_MODEL - WITH_HISTORY));
    assertThat(h.path("different").asLong()).isZero();
    String html = Files.readString(run.html());
    assertThat(html).contains(a.version()).contains(b.version()).contains("<svg");
    assertThat(Files.list(reports).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder(
            run.json().getFileName().toString(), run.html().getFileName().toString());
    // and the log the real topology wrote verifies: every decision sealed and chained, with the
    // checkpoints the scorer published in the same transactions, no finding
    JsonNode log = r.path("log");
    assertThat(log.path("clean").asBoolean()).as(log.toString()).isTrue();
    assertThat(log.path("guarantees").path("sealed").asLong()).isEqualTo(2 * PER_MODEL);
    // every one of them compact: the float32 features the model read, no double vector
    assertThat(log.path("guarantees").path("featureForms").path("float32").asLong())
        .isEqualTo(2 * PER_MODEL);
    assertThat(log.path("guarantees").path("featureForms").path("vector").asLong()).isZero();
    assertThat(log.path("checkpointsRead").asLong()).isPositive();

    // and --verify-only says the same without re-scoring
    List<String> verify = new ArrayList<>(ReplayFixtures.connection(config, dir.resolve("v")));
    verify.add("--verify-only");
    ReplayFixtures.Run verified = ReplayFixtures.replay(verify);
    assertThat(verified.exitCode()).as(verified.out()).isEqualTo(ReplayCommand.EXIT_OK);
    assertThat(verified.out()).contains(2 * PER_MODEL + " record(s) verified, no findings");
  }

  private static void send(KafkaProducer<String, LoanApplication> apps, Topics topics, int from)
      throws Exception {
    for (int i = 0; i < PER_MODEL; i++) {
      // the same clients in both halves, EXT_SOURCE_2 from 0.04 to 0.92: both sides of each cut
      LoanApplication app = Applications.valid("swap-" + (from + i), 4000 + i, 0.04 + 0.08 * i);
      apps.send(
              new ProducerRecord<>(
                  topics.loanApplications().name(), Long.toString(app.getSKIDCURR()), app))
          .get();
    }
  }

  private static ClientFeatures history(long clientId) {
    Map<String, Double> values = new HashMap<>();
    List<String> names = ReplayFixtures.FEATURES.historyFeatureNames();
    for (int j = 0; j < names.size(); j++) {
      // a few aggregates undefined, as for a client without cards
      values.put(names.get(j), j % 5 == 0 ? null : clientId * 0.001 + j);
    }
    return ClientFeatures.newBuilder()
        .setClientId(clientId)
        .setAsOf(Instant.now().minusSeconds(3600))
        .setFeatureSetVersion(ReplayFixtures.FEATURES.version())
        .setValues(values)
        .build();
  }

  private static KafkaConsumer<String, Decision> decisionConsumer(
      LocalPlatform platform, Topics topics) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(
        c, new StringDeserializer(), topics.loanDecisions().valueSerde().deserializer());
  }
}
