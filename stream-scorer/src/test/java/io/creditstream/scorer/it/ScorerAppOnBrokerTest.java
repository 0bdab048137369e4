package io.creditstream.scorer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.fixtures.Applications;
import io.creditstream.records.ModelReleases;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.ScorerApp;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.scorer.testing.TestModels.TestModel;
import io.creditstream.topics.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The scorer as its main method wires it, from a config file, on the real broker and registry. */
@ExtendWith(LocalPlatformExtension.class)
class ScorerAppOnBrokerTest {

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void becomesReadyScoresPublishesDriftAndStopsCleanly(LocalPlatform platform) throws Exception {
    // given unique topics, a released model with garbage before it, and a config file
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> topicNames = new HashMap<>();
    for (String t :
        List.of(
            Topics.LOAN_APPLICATIONS,
            Topics.CLIENT_FEATURES,
            Topics.LOAN_DECISIONS,
            Topics.MODEL_RELEASES,
            Topics.DEAD_LETTERS,
            Topics.MODEL_DRIFT,
            Topics.DECISION_CHECKPOINTS)) {
      topicNames.put("topic." + t, t + "-app-" + run);
    }
    Map<String, Object> config = new HashMap<>(topicNames);
    config.put("schema.registry.url", platform.registryUrl());
    Topics topics = Topics.create(config);
    platform.createTopic(topics.loanApplications().name(), 2);
    platform.createTopic(topics.clientFeatures().name(), 2, Map.of("cleanup.policy", "compact"));
    platform.createTopic(topics.loanDecisions().name(), 2);
    platform.createTopic(topics.deadLetters().name(), 1);
    platform.createTopic(topics.modelReleases().name(), 1, Map.of("cleanup.policy", "compact"));
    platform.createTopic(topics.modelDrift().name(), 1);
    TestModel model = TestModels.extSource2Model(20);
    try (KafkaProducer<String, byte[]> raw =
            producer(
                platform,
                new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        KafkaProducer<String, ModelRelease> releases =
            producer(
                platform,
                new StringSerializer(),
                topics.modelReleases().valueSerde().serializer())) {
      // an unreadable record first: the registry must refuse it and go on
      raw.send(new ProducerRecord<>(topics.modelReleases().name(), "junk", new byte[] {1, 2, 3}));
      raw.flush();
      releases.send(
          new ProducerRecord<>(topics.modelReleases().name(), model.version(), model.release()));
      releases.send(
          new ProducerRecord<>(
              topics.modelReleases().name(),
              ModelReleases.ACTIVE_KEY,
              TestModels.activation(model.version())));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StringBuilder props = new StringBuilder();
    topicNames.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
    props.append("application.id=scorer-app-").append(run).append('\n');
    props.append("bootstrap.servers=").append(platform.bootstrapServers()).append('\n');
    props.append("schema.registry.url=").append(platform.registryUrl()).append('\n');
    props.append("state.dir=").append(dir.resolve("state")).append('\n');
    props.append("scorer.instance=scorer-app-test\n");
    props.append("scorer.http.port=").append(port).append('\n');
    props.append("scorer.drift.interval.ms=500\n");
    // this test is about publishing; the minimum window size is DriftMonitorTest's
    props.append("scorer.drift.min.records=1\n");
    SealFixtures.config().forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
    Path file = dir.resolve("scorer.properties");
    Files.writeString(file, props);

    ScorerApp app = new ScorerApp();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    Future<Integer> exit =
        runner.submit(() -> new CommandLine(app).execute("--config", file.toString()));
    try {
      // when it is ready and applications arrive
      String base = "http://127.0.0.1:" + port;
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(base + "/health/ready").statusCode() == 200);
      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      try (KafkaProducer<String, LoanApplication> apps =
          producer(
              platform,
              new StringSerializer(),
              topics.loanApplications().valueSerde().serializer())) {
        for (int i = 0; i < 20; i++) {
          long client = 300_000 + i;
          apps.send(
              new ProducerRecord<>(
                  topics.loanApplications().name(),
                  String.valueOf(client),
                  Applications.valid("app-" + run + "-" + i, client, 0.05 + (i % 10) / 10.0)));
        }
      }

      // then it decides them, counts them, and publishes drift
      List<ConsumerRecord<String, Decision>> decisions =
          ScorerOnBrokerTest.drain(
              consumer(platform, topics.loanDecisions().valueSerde().deserializer()),
              topics.loanDecisions().name(),
              20);
      assertThat(decisions).hasSize(20);
      assertThat(decisions).allMatch(r -> r.value().getScorerInstance().equals("scorer-app-test"));
      String metrics = get(base + "/metrics").body();
      assertThat(metrics)
          .contains("creditstream_model_active{version=\"" + model.version() + "\"} 1.0")
          .contains("creditstream_model_refusals_total 1.0")
          .contains("kafka_stream");
      double decided =
          Double.parseDouble(
                  metrics
                      .lines()
                      .filter(
                          l -> l.startsWith("creditstream_decisions_total{outcome=\"APPROVED\"}"))
                      .findFirst()
                      .orElseThrow()
                      .split(" ")[1])
              + Double.parseDouble(
                  metrics
                      .lines()
                      .filter(
                          l -> l.startsWith("creditstream_decisions_total{outcome=\"DECLINED\"}"))
                      .findFirst()
                      .orElseThrow()
                      .split(" ")[1]);
      assertThat(decided).isEqualTo(20.0);
      List<ConsumerRecord<String, DriftReport>> drift =
          ScorerOnBrokerTest.drain(
              consumer(platform, topics.modelDrift().valueSerde().deserializer()),
              topics.modelDrift().name(),
              1);
      assertThat(drift.get(0).value().getModelVersion()).isEqualTo(model.version());
      assertThat(drift.get(0).value().getPsi()).containsKey("EXT_SOURCE_2");
      // sealed by the scorer's key, as the portal requires before showing it to auditors
      assertThat(
              io.creditstream.seal.DriftReportSeals.check(
                  drift.get(0).value(), SealFixtures.ring()))
          .isEqualTo(io.creditstream.seal.DecisionSeals.Check.VALID);
    } finally {
      app.stop();
    }
    assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(ScorerApp.EXIT_OK);
    runner.shutdown();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static <K, V> KafkaProducer<K, V> producer(
      LocalPlatform platform, Serializer<K> keys, Serializer<V> values) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    return new KafkaProducer<>(c, keys, values);
  }

  private static <V> KafkaConsumer<String, V> consumer(
      LocalPlatform platform, Deserializer<V> values) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "scorer-app-reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(c, new StringDeserializer(), values);
  }
}
