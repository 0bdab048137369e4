package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * By hand, not in CI (the name does not end in Test): {@code ./mvnw -B -o -pl stream-scorer test
 * -Dtest=ReplayThroughputBench -Dreplay.bench.decisions=10000}. Publishes that many decisions (four
 * partitions, with their applications, half the clients with history), then replays them in a
 * separate JVM limited to {@code -Xmx128m} (the decoded decisions alone would need about 50 kB
 * each) and logs the time and rate.
 */
@ExtendWith(LocalPlatformExtension.class)
class ReplayThroughputBench {

  private static final Logger log = LoggerFactory.getLogger(ReplayThroughputBench.class);

  @Test
  void replaysManyDecisionsInBoundedMemory(LocalPlatform platform, @TempDir Path dir)
      throws Exception {
    int n = Integer.getInteger("replay.bench.decisions", 10_000);
    Map<String, Object> config = ReplayFixtures.config(platform, "replay-bench");
    Topics topics = Topics.create(config);
    ReplayFixtures.createTopics(platform, topics, 4);
    ReplayFixtures.Model a = ReplayFixtures.cutModel(0.3, null, null);
    try (KafkaProducer<String, ModelRelease> releases =
        ReplayFixtures.producer(
            platform, new StringSerializer(), topics.modelReleases().valueSerde().serializer())) {
      releases
          .send(new ProducerRecord<>(topics.modelReleases().name(), a.version(), a.release()))
          .get();
    }
    DecisionMaker maker =
        new DecisionMaker(
            ReplayFixtures.FEATURES,
            ReasonTexts.load(),
            new DecisionPolicy(4, 0, 0, Double.NaN),
            "bench",
            Clock.systemUTC());
    Instant start = Instant.now().minusSeconds(5);
    long t0 = System.nanoTime();
    try (KafkaProducer<String, LoanApplication> apps =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.loanApplications().valueSerde().serializer());
        KafkaProducer<String, ClientFeatures> features =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.clientFeatures().valueSerde().serializer());
        KafkaProducer<String, Decision> out =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.loanDecisions().valueSerde().serializer())) {
      for (int i = 0; i < n; i++) {
        long client = 100_000 + i;
        String key = Long.toString(client);
        ClientFeatures history = null;
        if (i % 2 == 0) {
          Map<String, Double> values = new HashMap<>();
          for (String name : ReplayFixtures.FEATURES.historyFeatureNames()) {
            values.put(name, (double) (i % 97));
          }
          history =
              ClientFeatures.newBuilder()
                  .setClientId(client)
                  .setAsOf(Instant.now())
                  .setFeatureSetVersion(ReplayFixtures.FEATURES.version())
                  .setValues(values)
                  .build();
          features.send(new ProducerRecord<>(topics.clientFeatures().name(), key, history));
        }
        LoanApplication app = Applications.valid("bench-" + i, client, (i % 100) / 100.0);
        apps.send(new ProducerRecord<>(topics.loanApplications().name(), key, app));
        out.send(
            new ProducerRecord<>(
                topics.loanDecisions().name(), key, maker.decide(app, history, a.scoring())));
      }
    }
    log.info("Published {} decisions in {} ms", n, (System.nanoTime() - t0) / 1_000_000);

    Path reports = dir.resolve("reports");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ReplayCommand.class.getName());
    command.addAll(ReplayFixtures.connection(config, reports));
    command.add("--from=" + start);
    long t1 = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("replay.log").toFile())
            .start();
    int exit = p.waitFor();
    long ms = (System.nanoTime() - t1) / 1_000_000;
    log.info(
        "Replay JVM exit {} after {} ms; its log:\n{}",
        exit,
        ms,
        Files.readString(dir.resolve("replay.log")));
    assertThat(exit).isEqualTo(ReplayCommand.EXIT_OK);
    Path json;
    try (Stream<Path> files = Files.list(reports)) {
      json = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    JsonNode s = new ObjectMapper().readTree(json.toFile());
    assertThat(s.path("summary").path("identical").asLong()).isEqualTo(n);
    log.info(
        "{} decisions replayed in a 128 MB heap: {} s inside the command ({} decisions/s),"
            + " {} ms with JVM start; history identical {}, application features identical {}",
        n,
        s.path("durationSeconds").asDouble(),
        Math.round(s.path("decisionsPerSecond").asDouble()),
        ms,
        s.path("features").path("historyFeatures").path("identical").asLong(),
        s.path("features").path("applicationFeatures").path("identical").asLong());
  }
}
