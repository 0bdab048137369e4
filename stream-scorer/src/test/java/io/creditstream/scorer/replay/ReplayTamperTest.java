package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An insider with write access to Kafka against the sealed log, on the real broker and registry.
 *
 * <p>The history: two chains (partitions) of ten decisions each, made by the scorer's {@link
 * DecisionMaker} and sealed in order with the configured key exactly as the scorer's chain seals
 * them, with a signed checkpoint of each chain's head at sequence 9. Each attack gets its own copy
 * of that history under a fresh decisions topic (the checkpoints stay), and {@code replay
 * --verify-only} must name what was done, with its offsets, and exit 1; the untouched copy verifies
 * clean.
 */
@ExtendWith(LocalPlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayTamperTest {

  private static final int PER_CHAIN = 10;

  private LocalPlatform platform;
  private Map<String, Object> config;
  private Topics topics;
  private final List<List<Decision>> chains = List.of(new ArrayList<>(), new ArrayList<>());

  @BeforeAll
  void sealAHistory(LocalPlatform platform) throws Exception {
    this.platform = platform;
    config = ReplayFixtures.config(platform, "replay-tamper");
    topics = Topics.create(config);
    platform.createTopic(topics.decisionCheckpoints().name(), 1);
    ReplayFixtures.Model model = ReplayFixtures.cutModel(0.3, null, null);
    DecisionMaker maker =
        new DecisionMaker(
            ReplayFixtures.FEATURES,
            ReasonTexts.load(),
            new DecisionPolicy(4, 0, 0, Double.NaN),
            "scorer-tamper",
            Clock.systemUTC());
    try (KafkaProducer<String, DecisionCheckpoint> out =
        ReplayFixtures.producer(
            platform,
            new StringSerializer(),
            topics.decisionCheckpoints().valueSerde().serializer())) {
      for (int chain = 0; chain < 2; chain++) {
        byte[] previous = DecisionSeals.GENESIS;
        for (int s = 0; s < PER_CHAIN; s++) {
          int n = chain * 100 + s;
          LoanApplication app = Applications.valid("tamper-" + n, 7000 + n, 0.05 + 0.09 * s);
          Decision d = maker.decide(app, null, model.scoring());
          previous = DecisionSeals.seal(d, SealFixtures.signer(), chain, s, previous);
          chains.get(chain).add(d);
        }
        DecisionCheckpoint cp =
            DecisionCheckpoint.newBuilder()
                .setDecisionsTopic(topics.loanDecisions().name())
                .setChain(chain)
                .setSequence(PER_CHAIN - 1)
                .setHeadHash(ByteBuffer.wrap(previous))
                .setApplicationId(chains.get(chain).get(PER_CHAIN - 1).getApplicationId())
                .setCreatedAt(Instant.now())
                .setScorerInstance("scorer-tamper")
                .setKeyId("")
                .setSignature(ByteBuffer.allocate(0))
                .build();
        DecisionSeals.sign(cp, SealFixtures.signer());
        out.send(new ProducerRecord<>(topics.decisionCheckpoints().name(), "" + chain, cp)).get();
      }
    }
  }

  /** A fresh decisions topic holding the given records, partition by partition, in list order. */
  private String copy(String name, List<List<Decision>> partitions) throws Exception {
    String topic = topics.loanDecisions().name() + "-" + name;
    platform.createTopic(topic, 2);
    write(topic, partitions);
    return topic;
  }

  private void write(String topic, List<List<Decision>> partitions) throws Exception {
    try (KafkaProducer<String, Decision> out =
        ReplayFixtures.producer(
            platform, new StringSerializer(), topics.loanDecisions().valueSerde().serializer())) {
      for (int p = 0; p < partitions.size(); p++) {
        for (Decision d : partitions.get(p)) {
          out.send(new ProducerRecord<>(topic, p, Long.toString(d.getClientId()), d)).get();
        }
      }
    }
  }

  private ReplayFixtures.Run verify(String decisionsTopic, Path dir) throws Exception {
    return verify(decisionsTopic, null, dir);
  }

  private ReplayFixtures.Run verify(String decisionsTopic, String deadLetterTopic, Path dir)
      throws Exception {
    List<String> args = new ArrayList<>(ReplayFixtures.connection(config, dir));
    args.add("--set=topic.loan-decisions=" + decisionsTopic);
    if (deadLetterTopic != null) {
      args.add("--set=topic.loan-applications-dlq=" + deadLetterTopic);
    }
    args.add("--verify-only");
    return ReplayFixtures.replay(args);
  }

  private static JsonNode findings(ReplayFixtures.Run run) {
    return run.report().path("log").path("findings");
  }

  private static long total(ReplayFixtures.Run run) {
    long n = 0;
    for (JsonNode v : findings(run)) {
      n += v.asLong();
    }
    return n;
  }

  private static List<JsonNode> examples(ReplayFixtures.Run run, String kind) {
    List<JsonNode> out = new ArrayList<>();
    run.report()
        .path("log")
        .path("examples")
        .forEach(
            e -> {
              if (e.path("kind").asString().equals(kind)) {
                out.add(e);
              }
            });
    return out;
  }

  private List<List<Decision>> history() {
    return List.of(new ArrayList<>(chains.get(0)), new ArrayList<>(chains.get(1)));
  }

  @Test
  void anUntouchedHistoryVerifiesClean(@TempDir Path dir) throws Exception {
    ReplayFixtures.Run run = verify(copy("clean", history()), dir);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ReplayCommand.EXIT_OK);
    assertThat(total(run)).isZero();
    assertThat(run.report().path("log").path("guarantees").path("sealed").asLong())
        .isEqualTo(2 * PER_CHAIN);
    assertThat(run.report().path("log").path("checkpointsRead").asLong()).isEqualTo(2);
    assertThat(Files.readString(run.html())).contains("The decision log verifies");
  }

  @Test
  void deadLettersTheScorerDidNotSealAreNamedAndItsOwnVerify(@TempDir Path dir) throws Exception {
    // given a dead-letter topic holding one letter from before letters were sealed, then the
    // scorer's sealed letter, then an insider's: unsealed, and sealed by its own key under the
    // scorer's key id
    String topic = topics.deadLetters().name() + "-letters";
    platform.createTopic(topic, 1);
    DeadLetter real =
        DeadLetters.of(
            DeadLetters.VALIDATION,
            "invalid application: AMT_ANNUITY: must be greater than 0 (got 0) [out_of_range]",
            "loan-applications",
            0,
            41L,
            "7001".getBytes(StandardCharsets.UTF_8),
            null,
            "tamper-letter-1",
            Instant.parse("2026-12-07T10:00:00Z"),
            "scorer-tamper");
    DeadLetter old = DeadLetter.newBuilder(real).setApplicationId("tamper-letter-0").build();
    DeadLetterSeals.seal(real, SealFixtures.signer());
    DeadLetter unsealed =
        DeadLetter.newBuilder(real).setApplicationId("tamper-letter-2").setSeal(null).build();
    DeadLetter impostor =
        DeadLetterSeals.seal(
            DeadLetter.newBuilder(real).setApplicationId("tamper-letter-3").build(),
            new SealKeys.Signer(SealFixtures.KEY_ID, SealKeys.generate().getPrivate()));
    try (KafkaProducer<byte[], DeadLetter> out =
        ReplayFixtures.producer(
            platform,
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            topics.deadLetters().valueSerde().serializer())) {
      for (DeadLetter letter : List.of(old, real, unsealed, impostor)) {
        out.send(new ProducerRecord<>(topic, 0, DecisionHash.bytesOf(letter.getKey()), letter))
            .get();
      }
    }

    ReplayFixtures.Run run = verify(copy("letters", history()), topic, dir);

    // then the two letters of the insider are named at their offsets, and replay exits 1
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    assertThat(findings(run).path("FORGED_LETTER").asLong()).isEqualTo(2);
    assertThat(total(run)).isEqualTo(2);
    assertThat(examples(run, "FORGED_LETTER"))
        .extracting(e -> e.path("offset").asLong())
        .containsExactly(2L, 3L);
    assertThat(examples(run, "FORGED_LETTER").get(0).path("detail").asString())
        .contains("unsealed")
        .contains("tamper-letter-2");
    assertThat(examples(run, "FORGED_LETTER").get(1).path("detail").asString())
        .contains("signature")
        .contains("tamper-letter-3");
    JsonNode letters = run.report().path("log").path("deadLetters");
    assertThat(letters.path("records").asLong()).isEqualTo(4);
    assertThat(letters.path("sealed").asLong()).isEqualTo(1);
    assertThat(letters.path("beforeSeals").asLong()).isEqualTo(1);
    assertThat(run.out()).contains("2 FORGED_LETTER");
    assertThat(Files.readString(run.html())).contains("1 sealed by the scorer");
  }

  @Test
  void aCopyOfARealDecisionAddedLaterIsADuplicate(@TempDir Path dir) throws Exception {
    // given the third decision of chain 0 written again at the end of its partition (offset 10)
    String topic = copy("dup", history());
    write(topic, List.of(List.of(chains.get(0).get(2))));

    ReplayFixtures.Run run = verify(topic, dir);

    assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    assertThat(findings(run).path("DUPLICATED").asLong()).isEqualTo(1);
    assertThat(total(run)).isEqualTo(1);
    JsonNode e = examples(run, "DUPLICATED").get(0);
    assertThat(e.path("partition").asInt()).isZero();
    assertThat(e.path("offset").asLong()).isEqualTo(PER_CHAIN);
    assertThat(e.path("detail").asString()).contains("offset 2");
    assertThat(run.out()).contains("1 DUPLICATED");
  }

  @Test
  void aForgedApprovalWithACorrectSha256IsForgedAndAnUnsealedOneIsInserted(@TempDir Path dir)
      throws Exception {
    // given a declined decision turned into an approval, its SHA-256 contentHash recomputed: once
    // keeping the seal (the signature cannot be recomputed), once without a seal (as a v2 record)
    Decision real = chains.get(0).get(PER_CHAIN - 1);
    Decision sealedForgery =
        Decision.newBuilder(real)
            .setApplicationId("forged-1")
            .setOutcome(Outcome.APPROVED)
            .setProbabilityOfDefault(0.01)
            .build();
    sealedForgery.setContentHash(DecisionHash.compute(sealedForgery));
    Decision unsealedForgery =
        Decision.newBuilder(sealedForgery).setApplicationId("forged-2").setSeal(null).build();
    unsealedForgery.setContentHash(DecisionHash.compute(unsealedForgery));
    assertThat(DecisionHash.verify(sealedForgery)).isTrue();
    assertThat(DecisionHash.verify(unsealedForgery)).isTrue();
    String topic = copy("forged", history());
    write(topic, List.of(List.of(sealedForgery, unsealedForgery)));

    ReplayFixtures.Run run = verify(topic, dir);

    assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    assertThat(findings(run).path("FORGED").asLong()).isEqualTo(1);
    assertThat(findings(run).path("INSERTED").asLong()).isEqualTo(1);
    assertThat(total(run)).isEqualTo(2);
    assertThat(examples(run, "FORGED").get(0).path("offset").asLong()).isEqualTo(PER_CHAIN);
    assertThat(examples(run, "FORGED").get(0).path("detail").asString())
        .contains("forged-1")
        .contains("signature");
    assertThat(examples(run, "INSERTED").get(0).path("offset").asLong()).isEqualTo(PER_CHAIN + 1);
  }

  @Test
  void aDeletedPrefixOfAPartitionIsTruncation(@TempDir Path dir) throws Exception {
    // given the first three records of partition 1 deleted with the admin API
    String topic = copy("prefix", history());
    try (Admin admin = admin()) {
      admin
          .deleteRecords(Map.of(new TopicPartition(topic, 1), RecordsToDelete.beforeOffset(3)))
          .all()
          .get();
    }

    ReplayFixtures.Run run = verify(topic, dir);

    assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    assertThat(findings(run).path("TRUNCATED").asLong()).isEqualTo(1);
    assertThat(total(run)).isEqualTo(1);
    JsonNode e = examples(run, "TRUNCATED").get(0);
    assertThat(e.path("partition").asInt()).isEqualTo(1);
    assertThat(e.path("offset").asLong()).isEqualTo(3);
    assertThat(e.path("sequence").asLong()).isEqualTo(3);
    assertThat(e.path("detail").asString()).contains("log start 3");
  }

  @Test
  void aTopicRecreatedFromAnEditedCopyShowsTheRemovedAndTheMissingEnd(@TempDir Path dir)
      throws Exception {
    // given the topic deleted and re-created under its name from a copy without chain 0's
    // sequence 5 and without chain 1's last two decisions
    String topic = copy("recreated", history());
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of(topic)).all().get();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsMatching(e -> e.getMessage() != null && e.getMessage().contains("exists"))
        .until(
            () -> {
              platform.createTopic(topic, 2);
              return true;
            });
    List<List<Decision>> edited = history();
    edited.get(0).remove(5);
    edited.get(1).subList(PER_CHAIN - 2, PER_CHAIN).clear();
    write(topic, edited);

    ReplayFixtures.Run run = verify(topic, dir);

    assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    assertThat(findings(run).path("REMOVED").asLong()).isEqualTo(1);
    assertThat(findings(run).path("TRUNCATED").asLong()).isEqualTo(1);
    assertThat(total(run)).isEqualTo(2);
    JsonNode removed = examples(run, "REMOVED").get(0);
    assertThat(removed.path("partition").asInt()).isZero();
    assertThat(removed.path("sequence").asLong()).isEqualTo(5);
    assertThat(removed.path("offset").asLong()).isEqualTo(5); // where sequence 6 now is
    JsonNode end = examples(run, "TRUNCATED").get(0);
    assertThat(end.path("partition").asInt()).isEqualTo(1);
    assertThat(end.path("sequence").asLong()).isEqualTo(PER_CHAIN - 1);
    assertThat(end.path("detail").asString()).contains("ends at sequence 7");
  }

  @Test
  void twoSwappedRecordsAreReordered(@TempDir Path dir) throws Exception {
    // given chain 0 written with sequences 6 and 7 swapped
    List<List<Decision>> swapped = history();
    java.util.Collections.swap(swapped.get(0), 6, 7);
    String topic = copy("reorder", swapped);

    ReplayFixtures.Run run = verify(topic, dir);

    assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FINDINGS);
    assertThat(findings(run).path("REORDERED").asLong()).isEqualTo(1);
    assertThat(total(run)).isEqualTo(1);
    JsonNode e = examples(run, "REORDERED").get(0);
    assertThat(e.path("partition").asInt()).isZero();
    assertThat(e.path("offset").asLong()).isEqualTo(7);
    assertThat(e.path("sequence").asLong()).isEqualTo(6);
  }

  private Admin admin() {
    Map<String, Object> c = new HashMap<>();
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    return Admin.create(c);
  }
}
