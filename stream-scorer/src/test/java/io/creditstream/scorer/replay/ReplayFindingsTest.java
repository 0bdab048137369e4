package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.records.ModelReleases;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.topics.Topics;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Findings on the real broker and registry: a re-published decision with a changed probability and
 * outcome but its old hash (TAMPERED), a decision of a model that was never released and an
 * unreadable record (NOT_REPRODUCIBLE); selection by ids and by offsets; bad arguments and an
 * unreachable broker.
 */
@ExtendWith(LocalPlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayFindingsTest {

  private Map<String, Object> config;
  private final List<Decision> decisions = new ArrayList<>();
  private Instant start;
  private ReplayFixtures.Model modelA;

  @BeforeAll
  void publishAHistoryWithFindings(LocalPlatform platform) throws Exception {
    // one partition, so offsets are known: d0..d4 (model A), d5 (model C, never released),
    // d2 re-published with another probability and outcome but its old hash, then junk bytes
    start = Instant.now().minusSeconds(5);
    config = ReplayFixtures.config(platform, "replay-findings");
    Topics topics = Topics.create(config);
    ReplayFixtures.createTopics(platform, topics, 1);
    modelA = ReplayFixtures.cutModel(0.3, null, null);
    ReplayFixtures.Model modelC = ReplayFixtures.cutModel(0.7, null, null);
    try (KafkaProducer<String, ModelRelease> releases =
        ReplayFixtures.producer(
            platform, new StringSerializer(), topics.modelReleases().valueSerde().serializer())) {
      String name = topics.modelReleases().name();
      releases.send(new ProducerRecord<>(name, modelA.version(), modelA.release()));
      releases.send(
          new ProducerRecord<>(
              name, ModelReleases.ACTIVE_KEY, TestModels.activation(modelA.version())));
    }
    DecisionMaker maker =
        new DecisionMaker(
            ReplayFixtures.FEATURES,
            ReasonTexts.load(),
            new DecisionPolicy(4, 0, 0, Double.NaN),
            "scorer-test",
            Clock.systemUTC());
    try (KafkaProducer<String, LoanApplication> apps =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.loanApplications().valueSerde().serializer());
        KafkaProducer<String, Decision> out =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.loanDecisions().valueSerde().serializer());
        KafkaProducer<byte[], byte[]> raw =
            ReplayFixtures.producer(
                platform, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 6; i++) {
        LoanApplication app = Applications.valid("find-" + i, 3000 + i, 0.1 + 0.15 * i);
        String key = Long.toString(app.getSKIDCURR());
        apps.send(new ProducerRecord<>(topics.loanApplications().name(), key, app)).get();
        Decision d = maker.decide(app, null, i < 5 ? modelA.scoring() : modelC.scoring());
        decisions.add(d);
        out.send(new ProducerRecord<>(topics.loanDecisions().name(), key, d)).get();
      }
      Decision original = decisions.get(2);
      Decision altered =
          Decision.newBuilder(original)
              .setProbabilityOfDefault(0.01)
              .setOutcome(
                  original.getOutcome() == Outcome.DECLINED ? Outcome.APPROVED : Outcome.DECLINED)
              .build();
      out.send(
              new ProducerRecord<>(
                  topics.loanDecisions().name(), Long.toString(original.getClientId()), altered))
          .get();
      raw.send(
              new ProducerRecord<>(
                  topics.loanDecisions().name(),
                  "3999".getBytes(StandardCharsets.UTF_8),
                  "not a decision".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
  }

  private List<String> args(Path dir, String... more) {
    List<String> args = new ArrayList<>(ReplayFixtures.connection(config, dir));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void reportsTamperedAndUnreproducibleDecisionsAndExitsWithOne(@TempDir Path dir)
      throws Exception {
    // when the whole time range is replayed
    Path verdicts = dir.resolve("evidence/verdicts.jsonl");
    ReplayFixtures.Run run =
        ReplayFixtures.replay(args(dir, "--from=" + start, "--verdicts=" + verdicts));

    // then the five untouched decisions are identical and each finding is named
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    JsonNode s = run.report().path("summary");
    assertThat(s.path("decisions").asLong()).isEqualTo(8);
    assertThat(s.path("identical").asLong()).isEqualTo(5);
    assertThat(s.path("different").asLong()).isEqualTo(1);
    assertThat(s.path("notReproducible").asLong()).isEqualTo(2);
    assertThat(s.path("unreadable").asLong()).isEqualTo(1);
    assertThat(s.path("tampered").asLong()).isEqualTo(1);
    assertThat(s.path("allIdentical").asBoolean()).isFalse();

    JsonNode tampered = run.report().path("examples").path("tampered");
    assertThat(tampered).hasSize(1);
    assertThat(tampered.get(0).path("applicationId").asString()).isEqualTo("find-2");
    assertThat(tampered.get(0).path("offset").asLong()).isEqualTo(6);
    assertThat(texts(tampered.get(0).path("details")))
        .anyMatch(t -> t.startsWith("probabilityOfDefault: recorded 0.01"))
        .anyMatch(t -> t.startsWith("outcome: recorded"));

    JsonNode notReproducible = run.report().path("examples").path("notReproducible");
    assertThat(notReproducible).hasSize(2);
    assertThat(notReproducible.get(0).path("applicationId").asString()).isEqualTo("find-5");
    assertThat(texts(notReproducible.get(0).path("details")))
        .containsExactly(
            "model version " + decisions.get(5).getModelVersion() + " is not on model-releases");
    assertThat(notReproducible.get(1).path("offset").asLong()).isEqualTo(7);
    assertThat(notReproducible.get(1).path("reason").asString()).startsWith("unreadable record");

    // the features of every readable decision were recomputed from its application
    JsonNode app = run.report().path("features").path("applicationFeatures");
    assertThat(app.path("identical").asLong()).isEqualTo(7);
    assertThat(
            run.report().path("byModelVersion").path(modelA.version()).path("identical").asLong())
        .isEqualTo(5);
    assertThat(Files.readString(run.html())).contains("Tampered decisions").contains("find-2");

    // and the evidence file holds one verdict a record, in topic order
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(verdicts)) {
      lines.add(new tools.jackson.databind.ObjectMapper().readTree(line));
    }
    assertThat(lines).hasSize(8);
    assertThat(lines.stream().map(l -> l.path("offset").asLong()))
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(lines.get(0).path("status").asString()).isEqualTo("IDENTICAL");
    assertThat(lines.get(0).path("applicationFeatures").asString()).isEqualTo("IDENTICAL");
    assertThat(lines.get(6).path("tampered").asBoolean()).isTrue();
    assertThat(lines.get(6).path("status").asString()).isEqualTo("DIFFERENT");
    assertThat(lines.get(7).path("status").asString()).isEqualTo("NOT_REPRODUCIBLE");
  }

  @Test
  void replaysOnlyTheAskedApplicationsAndNamesTheOnesWithoutDecision(@TempDir Path dir)
      throws Exception {
    // when two existing ids and one unknown id are asked for
    ReplayFixtures.Run run =
        ReplayFixtures.replay(args(dir, "--application-ids=find-0,find-1,no-such-application"));

    // then only those two are replayed, identical, and the unknown one is a finding
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    JsonNode s = run.report().path("summary");
    assertThat(s.path("decisions").asLong()).isEqualTo(3); // the junk record cannot be excluded
    assertThat(s.path("identical").asLong()).isEqualTo(2);
    assertThat(texts(s.path("applicationIdsNotFound"))).containsExactly("no-such-application");
  }

  @Test
  void replaysAnOffsetRangeOfOnePartition(@TempDir Path dir) throws Exception {
    // when offsets 1 to 3 (inclusive) are replayed
    ReplayFixtures.Run run =
        ReplayFixtures.replay(args(dir, "--partition=0", "--from-offset=1", "--to-offset=3"));

    // then exactly d1, d2, d3, all identical: exit 0
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ReplayCommand.EXIT_OK);
    JsonNode s = run.report().path("summary");
    assertThat(s.path("decisions").asLong()).isEqualTo(3);
    assertThat(s.path("identical").asLong()).isEqualTo(3);
    assertThat(s.path("allIdentical").asBoolean()).isTrue();
    assertThat(run.json().getFileName().toString()).matches("replay-\\d{8}T\\d{6}Z(-\\d+)?\\.json");
    assertThat(run.out()).contains("3 decision(s): 3 identical");
  }

  @Test
  void badArgumentsExitWithTwoAndSayWhy(@TempDir Path dir) throws Exception {
    assertBad(args(dir, "--from-offset=3"), "needs --partition and --from-offset");
    assertBad(args(dir, "--from=2026-11-25", "--to=2026-11-24"), "must be before --to");
    assertBad(args(dir, "--from=yesterday"), "'yesterday' is neither an ISO instant");
    assertBad(
        args(dir, "--labels=" + dir.resolve("labels.csv")), "--labels needs --candidate-version");
    assertBad(
        args(dir, "--candidate-version=0123456789abcdef"),
        "Candidate model version 0123456789abcdef is not on model-releases");
    assertBad(args(dir, "--partition=7", "--from-offset=0"), "Partition 7 does not exist");
    assertBad(args(dir, "--no-such-option"), "Unknown option");
  }

  private static void assertBad(List<String> args, String message) throws Exception {
    ReplayFixtures.Run run = ReplayFixtures.replay(args);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ReplayCommand.EXIT_BAD_ARGUMENTS);
    assertThat(run.err()).contains(message);
    assertThat(run.json()).isNull();
  }

  @Test
  void anUnreachableBrokerExitsWithThree(@TempDir Path dir) throws Exception {
    // given a port nothing listens on
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> args = new ArrayList<>(args(dir));
    args.removeIf(a -> a.startsWith("--timeout") || a.startsWith("--bootstrap-servers"));
    args.add("--bootstrap-servers=127.0.0.1:" + port);
    args.add("--timeout=PT2S");

    ReplayFixtures.Run run = ReplayFixtures.replay(args);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ReplayCommand.EXIT_UNREACHABLE);
    assertThat(run.err()).contains("is Kafka reachable?");
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
