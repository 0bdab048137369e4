package io.creditstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.runtime.Drain;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.trainer.publish.ApplicationPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The decision log checked by a second implementation of the seal that shares no code with
 * creditstream: {@code schemas/tools/verify_decisions.py}, written in Python on Confluent's client
 * (librdkafka, read_committed), python-avro and Python's cryptography, from the format as {@code
 * schemas/README.md} describes it. A scorer decides a stream of applications on the real broker and
 * the independent verifier finds every decision sealed, every chain whole from sequence 0 and every
 * checkpoint signed. Then an insider with write access to {@code loan-decisions} adds a copy of a
 * real decision, a forged approval whose SHA-256 is correct but which carries no seal, and an
 * approval sealed with a key of its own under the scorer's key id, and deletes the first records of
 * another partition, and writes an unsealed and a falsely sealed dead letter for an application
 * still being decided: the verifier names each one, with its partition and offset, and exits 1. The
 * scorer's own dead letter (for an unreadable record) verifies clean.
 */
class IndependentVerifierTest {

  private static final Path VERIFIER = Path.of("../schemas/tools/verify_decisions.py");
  private static final int N = 1_000;

  private static Path dir;
  private static SystemUnderTest system;

  @BeforeAll
  static void startPlatform() throws Exception {
    dir = SystemUnderTest.workDir("IndependentVerifierTest");
    system = SystemUnderTest.start(dir);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aSecondImplementationOfTheSealVerifiesTheLogAndNamesWhatAnInsiderAdded() throws Exception {
    requirePython();
    try (Deployment d = system.deploy("independent");
        DecisionCounter counter = new DecisionCounter(d)) {
      // given: the untouched log, as the scorer wrote it, verified clean
      decideAndVerifyClean(d, counter);

      // when: an insider appends to one partition a copy of a real decision, an approval with a
      // correct SHA-256 and no seal, and an approval sealed with its own key under the scorer's id
      ConsumerRecord<byte[], byte[]> real = aDecline(d);
      Decision declined = d.decodeDecision(real.value());
      int p = real.partition();
      Decision unsealed = approved(declined);
      unsealed.setSeal(null);
      unsealed.setContentHash(DecisionHash.compute(unsealed));
      Decision impostor = approved(declined);
      DecisionSeals.seal(
          impostor,
          new SealKeys.Signer(declined.getSeal().getKeyId(), SealKeys.generate().getPrivate()),
          p,
          declined.getSeal().getSequence(),
          DecisionHash.bytesOf(declined.getSeal().getPreviousHash()));
      // and deletes the beginning of another partition (DeleteRecords, as retention would)
      int q = (p + 1) % decisionPartitions(d);
      try (Admin admin =
          Admin.create(Map.of("bootstrap.servers", d.config().get("bootstrap.servers")))) {
        admin
            .deleteRecords(
                Map.of(
                    new TopicPartition(d.topics().loanDecisions().name(), q),
                    RecordsToDelete.beforeOffset(10)))
            .all()
            .get();
      }
      long copyAt;
      long unsealedAt;
      long impostorAt;
      try (KafkaProducer<byte[], byte[]> insider = d.rawProducer()) {
        copyAt = append(insider, d, p, real.key(), real.value()).offset();
        unsealedAt = append(insider, d, p, real.key(), encode(d, unsealed)).offset();
        impostorAt = append(insider, d, p, real.key(), encode(d, impostor)).offset();
      }
      // and releases a model of their own, unsigned, then activates it signed with a key of their
      // own under the release key's id
      ModelRelease own =
          ModelRelease.newBuilder()
              .setVersion("0123456789abcdef")
              .setKind(ReleaseKind.MODEL)
              .setFormat("xgboost")
              .setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
              .setModelCard("{}")
              .setFeatureSetVersion(declined.getFeatureSetVersion())
              .setReleasedAt(java.time.Instant.now())
              .setReleasedBy("insider")
              .build();
      ModelRelease activation =
          ReleaseSignatures.sign(
              ModelRelease.newBuilder()
                  .setVersion(own.getVersion())
                  .setKind(ReleaseKind.ACTIVATION)
                  .setReleasedAt(java.time.Instant.now())
                  .build(),
              new SealKeys.Signer(d.releaseKey().keyId(), SealKeys.generate().getPrivate()));
      RecordMetadata ownAt;
      RecordMetadata activationAt;
      String releases = d.topics().modelReleases().name();
      try (KafkaProducer<byte[], byte[]> insider = d.rawProducer()) {
        var serializer = d.topics().modelReleases().valueSerde().serializer();
        ownAt =
            send(
                insider,
                releases,
                null,
                own.getVersion().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(releases, own));
        activationAt =
            send(
                insider,
                releases,
                null,
                "active".getBytes(StandardCharsets.UTF_8),
                serializer.serialize(releases, activation));
      }

      // and writes two dead letters for an application still being decided: a real letter's
      // content under that id without a seal, and the same sealed by its own key under the
      // scorer's key id
      ConsumerRecord<byte[], byte[]> realLetter = aDeadLetter(d);
      DeadLetter claim =
          DeadLetter.newBuilder(d.decodeDeadLetter(realLetter.value()))
              .setApplicationId("pending-application")
              .setReasonCode("VALIDATION")
              .setReason("invalid application: AMT_CREDIT: must be at most 10 times the income")
              .setSeal(null)
              .build();
      DeadLetter resealedClaim =
          DeadLetterSeals.seal(
              DeadLetter.newBuilder(claim).build(),
              new SealKeys.Signer(declined.getSeal().getKeyId(), SealKeys.generate().getPrivate()));
      RecordMetadata unsealedLetterAt;
      RecordMetadata resealedLetterAt;
      String dlq = d.topics().deadLetters().name();
      try (KafkaProducer<byte[], byte[]> insider = d.rawProducer()) {
        var serializer = d.topics().deadLetters().valueSerde().serializer();
        unsealedLetterAt =
            send(
                insider,
                dlq,
                realLetter.partition(),
                realLetter.key(),
                serializer.serialize(dlq, claim));
        resealedLetterAt =
            send(
                insider,
                dlq,
                realLetter.partition(),
                realLetter.key(),
                serializer.serialize(dlq, resealedClaim));
      }

      // and writes a drift report of its own, saying nothing drifted, without a seal
      ConsumerRecord<byte[], byte[]> realReport = aDriftReport(d);
      String driftTopic = d.topics().modelDrift().name();
      var driftSerde = d.topics().modelDrift().valueSerde();
      DriftReport calm =
          DriftReport.newBuilder(
                  driftSerde.deserializer().deserialize(driftTopic, realReport.value()))
              .setPsi(java.util.Map.of("EXT_SOURCE_2", 0.0))
              .setSeal(null)
              .build();
      RecordMetadata calmAt;
      try (KafkaProducer<byte[], byte[]> insider = d.rawProducer()) {
        calmAt =
            send(
                insider,
                driftTopic,
                realReport.partition(),
                realReport.key(),
                driftSerde.serializer().serialize(driftTopic, calm));
      }

      // then: the second implementation names each one where it is, and nothing else
      Verification tampered = verify(d, "tampered");
      assertThat(tampered.exit()).as(tampered.toString()).isEqualTo(1);
      assertThat(findings(tampered))
          .containsExactlyInAnyOrder(
              "DUPLICATE@" + p + "/" + copyAt,
              "UNSEALED@" + p + "/" + unsealedAt,
              "BAD_SIGNATURE@" + p + "/" + impostorAt,
              "TRUNCATED_START@" + q + "/" + firstOffset(d, q),
              "RELEASE_UNSIGNED@" + ownAt.partition() + "/" + ownAt.offset(),
              "RELEASE_BAD_SIGNATURE@" + activationAt.partition() + "/" + activationAt.offset(),
              "LETTER_UNSEALED@" + unsealedLetterAt.partition() + "/" + unsealedLetterAt.offset(),
              "LETTER_BAD_SIGNATURE@"
                  + resealedLetterAt.partition()
                  + "/"
                  + resealedLetterAt.offset(),
              "DRIFT_UNSEALED@" + calmAt.partition() + "/" + calmAt.offset());
    }
  }

  /** Fails loudly when the Python side is missing. */
  private static void requirePython() throws Exception {
    assertThat(
            DebianPython.runs(
                "from confluent_kafka.avro.serializer.message_serializer import"
                    + " MessageSerializer; from cryptography.hazmat.primitives.asymmetric"
                    + " import ed25519"))
        .as(
            "the independent verifier needs Debian's python3-confluent-kafka, python3-avro,"
                + " python3-requests and python3-cryptography (.ci/run installs them)")
        .isTrue();
  }

  /**
   * A scorer decides {@value #N} applications and checkpoints its chains, then stops; the second
   * implementation finds the log clean: every decision sealed, every chain whole from 0.
   */
  private static void decideAndVerifyClean(Deployment d, DecisionCounter counter) throws Exception {
    ServiceProcess scorer = d.scorer("a").start();
    ApplicationPublisher.Result sent = Load.start(d, N, 0).finish(Duration.ofMinutes(3));
    await("every application decided")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> counter.poll() >= sent.sent());
    // The scorer checkpoints each chain's head every 10 s (wall clock) when it moved: wait for
    // them, then stop it cleanly (its last transaction committed).
    await("a signed checkpoint of every chain's head")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> checkpointedChains(d) >= decisionPartitions(d));
    // and a record that is no application at all: the scorer's sealed dead letter
    try (KafkaProducer<byte[], byte[]> front = d.rawProducer()) {
      front
          .send(
              new ProducerRecord<>(
                  d.topics().loanApplications().name(),
                  "100002".getBytes(StandardCharsets.UTF_8),
                  "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    await("the unreadable record's dead letter")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> !Ledger.read(d).deadLetters().isEmpty());
    scorer.stop();
    Ledger ledger = Ledger.read(d);
    Verification clean = verify(d, d.prefix() + "-clean");
    assertThat(clean.exit()).as(clean.toString()).isZero();
    assertThat(clean.report().path("clean").asBoolean()).isTrue();
    assertThat(clean.report().path("findings").size()).isZero();
    assertThat(clean.report().path("counts").path("records").asLong())
        .isEqualTo(ledger.decisionRecords());
    assertThat(clean.report().path("counts").path("sealed_valid").asLong())
        .as("decisions whose hash and Ed25519 signature the second implementation checked")
        .isEqualTo(ledger.decisionRecords());
    assertThat(clean.report().path("counts").path("checkpoints").asLong())
        .as("signed checkpoints")
        .isPositive();
    assertThat(clean.report().path("counts").path("dead_letters").asLong())
        .isEqualTo(ledger.deadLetters().size())
        .isPositive();
    assertThat(clean.report().path("counts").path("dead_letters_sealed_valid").asLong())
        .as("dead letters whose Ed25519 seal the second implementation checked")
        .isEqualTo(ledger.deadLetters().size());
    // the drift report the scorer published as it stopped, sealed too
    assertThat(clean.report().path("counts").path("drift_reports").asLong()).isPositive();
    assertThat(clean.report().path("counts").path("drift_reports_sealed_valid").asLong())
        .isEqualTo(clean.report().path("counts").path("drift_reports").asLong());
    long onChains = 0;
    for (JsonNode chain : clean.report().path("chains")) {
      if (chain.path("records").asLong() > 0) {
        assertThat(chain.path("firstSequence").asLong()).isZero();
        assertThat(chain.path("lastSequence").asLong())
            .isEqualTo(chain.path("records").asLong() - 1);
      }
      onChains += chain.path("records").asLong();
    }
    assertThat(onChains).isEqualTo(ledger.decisionRecords());
    // and the model that made them was released signed by the release key, as it checked too
    JsonNode models = clean.report().path("models");
    assertThat(models.size()).as(clean.toString()).isEqualTo(1);
    for (JsonNode model : models) {
      assertThat(model.path("status").asString()).isEqualTo("VALID");
      assertThat(model.path("signingKeyId").asString()).isEqualTo(d.releaseKey().keyId());
      assertThat(model.path("decisions").asLong()).isEqualTo(ledger.decisionRecords());
    }
  }

  /** The findings as KIND@partition/offset ("null" where a finding has none). */
  private static List<String> findings(Verification v) {
    List<String> found = new ArrayList<>();
    for (JsonNode f : v.report().path("findings")) {
      found.add(
          f.path("kind").asString()
              + "@"
              + number(f.path("partition"))
              + "/"
              + number(f.path("offset")));
    }
    return found;
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? Long.toString(n.asLong()) : "null";
  }

  /** The offset of the first committed record of a decisions partition. */
  private static long firstOffset(Deployment d, int partition) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      return Drain.readAll(c, d.topics().loanDecisions().name(), Duration.ofSeconds(30)).stream()
          .filter(r -> r.partition() == partition)
          .mapToLong(ConsumerRecord::offset)
          .min()
          .orElseThrow();
    }
  }

  /** The chains with a committed checkpoint. */
  private static long checkpointedChains(Deployment d) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      var checkpoints = d.topics().decisionCheckpoints();
      var decode = checkpoints.valueSerde().deserializer();
      return Drain.readAll(c, checkpoints.name(), Duration.ofSeconds(30)).stream()
          .map(r -> decode.deserialize(checkpoints.name(), r.value()).getChain())
          .distinct()
          .count();
    }
  }

  private static int decisionPartitions(Deployment d) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      return c.partitionsFor(d.topics().loanDecisions().name()).size();
    }
  }

  @Test
  void aSecondImplementationOfTheSealFindsATopicReCreatedFromAnEditedCopy() throws Exception {
    requirePython();
    try (Deployment d = system.deploy("recreated");
        DecisionCounter counter = new DecisionCounter(d)) {
      decideAndVerifyClean(d, counter);
      String topic = d.topics().loanDecisions().name();
      int partitions = decisionPartitions(d);
      // given: every committed decision, by partition, in order (sequence i at index i)
      Map<Integer, List<ConsumerRecord<byte[], byte[]>>> log = new TreeMap<>();
      try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
        for (ConsumerRecord<byte[], byte[]> r : Drain.readAll(c, topic, Duration.ofMinutes(1))) {
          log.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
        }
      }
      for (int p = 0; p < 3; p++) {
        assertThat(log.get(p)).as("decisions on partition %d", p).hasSizeGreaterThan(8);
      }

      // when: an insider deletes the topic and writes an edited copy back into a new one of the
      // same name: partition 0 without its sixth decision, partition 1 with its fourth and fifth
      // swapped, partition 2 without its last two (the rest as it was)
      try (Admin admin =
          Admin.create(Map.of("bootstrap.servers", d.config().get("bootstrap.servers")))) {
        admin.deleteTopics(List.of(topic)).all().get();
        await("the decisions topic deleted")
            .atMost(Duration.ofMinutes(1))
            .ignoreExceptions()
            .until(
                () -> {
                  admin
                      .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                      .all()
                      .get();
                  return true;
                });
      }
      List<ConsumerRecord<byte[], byte[]>> first = new ArrayList<>(log.get(0));
      first.remove(5);
      List<ConsumerRecord<byte[], byte[]>> second = new ArrayList<>(log.get(1));
      java.util.Collections.swap(second, 3, 4);
      List<ConsumerRecord<byte[], byte[]>> third = log.get(2).subList(0, log.get(2).size() - 2);
      long lastOfThird = log.get(2).size() - 1;
      // and partition 3 begins, legitimately, with a decision of the time before seals (v1: no
      // seal, no compact features, its SHA-256 correct), as a log that predates sealing does
      ConsumerRecord<byte[], byte[]> sealed = log.get(3).get(0);
      Decision legacy = Decision.newBuilder(d.decodeDecision(sealed.value())).build();
      legacy.setSeal(null);
      legacy.setFeatures(null);
      legacy.setFeatureVector(null);
      legacy.setExplainer(null);
      legacy.setContentHash(DecisionHash.compute(legacy));
      List<ConsumerRecord<byte[], byte[]>> fourth = new ArrayList<>(log.get(3));
      fourth.add(0, new ConsumerRecord<>(topic, 3, -1, sealed.key(), encode(d, legacy)));
      try (KafkaProducer<byte[], byte[]> insider = d.rawProducer()) {
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> e : log.entrySet()) {
          List<ConsumerRecord<byte[], byte[]>> copy =
              switch (e.getKey()) {
                case 0 -> first;
                case 1 -> second;
                case 2 -> third;
                case 3 -> fourth;
                default -> e.getValue();
              };
          for (ConsumerRecord<byte[], byte[]> r : copy) {
            append(insider, d, e.getKey(), r.key(), r.value());
          }
        }
      }

      // then: the removal, the swap and the lost end are each named where they show
      Verification edited = verify(d, "recreated");
      assertThat(edited.exit()).as(edited.toString()).isEqualTo(1);
      assertThat(edited.report().path("counts").path("sealed_valid").asLong())
          .as("every record of the copy but the legacy one is still a validly sealed decision")
          .isEqualTo(edited.report().path("counts").path("records").asLong() - 1);
      assertThat(edited.report().path("counts").path("content_hash_only").asLong())
          .as("the decision from before seals: its hash checked, no finding")
          .isEqualTo(1);
      // a plain producer writes offsets 0, 1, 2, ...: the copy's index is its offset
      assertThat(findings(edited))
          .contains("GAP@0/5", "OUT_OF_ORDER@1/4")
          .allMatch(
              f ->
                  f.equals("GAP@0/5")
                      || f.equals("OUT_OF_ORDER@1/4")
                      || f.startsWith("TRUNCATED_END@2/"));
      boolean lastNamed = false;
      for (JsonNode f : edited.report().path("findings")) {
        if (f.path("kind").asString().equals("TRUNCATED_END")) {
          assertThat(f.path("last").asLong()).isEqualTo(lastOfThird - 2);
          lastNamed |= f.path("sequence").asLong() == lastOfThird;
        }
      }
      assertThat(lastNamed)
          .as("a checkpoint of partition 2's last decision, now missing, is reported")
          .isTrue();
    }
  }

  /** A committed decline of the log (the insider's best target: turned into an approval). */
  private static ConsumerRecord<byte[], byte[]> aDecline(Deployment d) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      for (ConsumerRecord<byte[], byte[]> r :
          Drain.readAll(c, d.topics().loanDecisions().name(), Duration.ofMinutes(1))) {
        if (d.decodeDecision(r.value()).getOutcome() == Outcome.DECLINED) {
          return r;
        }
      }
    }
    throw new AssertionError("no declined application among the decisions");
  }

  /** A committed dead letter of the scorer's. */
  private static ConsumerRecord<byte[], byte[]> aDeadLetter(Deployment d) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      return Drain.readAll(c, d.topics().deadLetters().name(), Duration.ofMinutes(1)).stream()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no dead letter on the topic"));
    }
  }

  /** A committed drift report of the scorer's. */
  private static ConsumerRecord<byte[], byte[]> aDriftReport(Deployment d) {
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      return Drain.readAll(c, d.topics().modelDrift().name(), Duration.ofMinutes(1)).stream()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no drift report on the topic"));
    }
  }

  private static Decision approved(Decision real) {
    Decision forged = Decision.newBuilder(real).build();
    forged.setOutcome(Outcome.APPROVED);
    forged.setProbabilityOfDefault(real.getThreshold() / 2);
    forged.setCounterOffer(null);
    return forged;
  }

  private static byte[] encode(Deployment d, Decision decision) {
    return d.topics()
        .loanDecisions()
        .valueSerde()
        .serializer()
        .serialize(d.topics().loanDecisions().name(), decision);
  }

  private static RecordMetadata append(
      KafkaProducer<byte[], byte[]> producer, Deployment d, int partition, byte[] key, byte[] value)
      throws Exception {
    return send(producer, d.topics().loanDecisions().name(), partition, key, value);
  }

  /** What an insider with write access does: one record, written and acknowledged. */
  private static RecordMetadata send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      Integer partition,
      byte[] key,
      byte[] value)
      throws Exception {
    return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
  }

  /** What the Python verifier answered: its exit code and its JSON report. */
  private record Verification(int exit, JsonNode report, String stderr) {}

  private static Verification verify(Deployment d, String name) throws Exception {
    String keyId = d.sealKeys().get("scorer.seal.key-id");
    List<String> command =
        List.of(
            DebianPython.PYTHON.toString(),
            VERIFIER.toString(),
            "--bootstrap",
            d.config().get("bootstrap.servers").toString(),
            "--registry",
            d.config().get("schema.registry.url").toString(),
            "--topic",
            d.topics().loanDecisions().name(),
            "--checkpoints",
            d.topics().decisionCheckpoints().name(),
            "--public-key",
            keyId + "=" + d.sealKeys().get("scorer.seal.public-key." + keyId),
            "--releases",
            d.topics().modelReleases().name(),
            "--release-public-key",
            d.releaseKey().keyId() + "=" + d.releasePublicKey(),
            "--dead-letters",
            d.topics().deadLetters().name(),
            "--drift",
            d.topics().modelDrift().name());
    Path out = dir.resolve("verify-" + name + ".json");
    Path err = dir.resolve("verify-" + name + ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the independent verifier did not finish in 5 minutes: " + err);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(stdout).as("the verifier's report (stderr: %s)", stderr).isNotBlank();
    return new Verification(p.exitValue(), Samples.mapper().readTree(stdout), stderr);
  }
}
