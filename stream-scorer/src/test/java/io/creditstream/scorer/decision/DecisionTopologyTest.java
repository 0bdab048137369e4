package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.Reason;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.records.Decisions;
import io.creditstream.records.LoanApplications;
import io.creditstream.records.ModelReleases;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.drift.FeatureObserver;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.scorer.testing.TestModels.TestModel;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecisionTopologyTest {

  static final Instant NOW = Instant.parse("2026-11-25T09:00:01.234Z");
  static final FeatureSet FEATURES = FeatureSet.current();

  // Review band: [0.5 - 0.15, 0.5 + 0.15) around the card's threshold 0.5.
  static final Map<String, Object> SETTINGS =
      Map.of(
          ScorerSettings.APPLICATION_ID, "scorer-topology-test",
          ScorerSettings.BOOTSTRAP_SERVERS, "unused:9092",
          ScorerSettings.INSTANCE, "scorer-test-1",
          ScorerSettings.REVIEW_BELOW, "0.15",
          ScorerSettings.REVIEW_ABOVE, "0.15");

  final TestModel v1 = TestModels.extSource2Model(20);
  final TestModel v2 = TestModels.extSource2Model(8);

  FeatureObserver observer = FeatureObserver.NONE;
  TopologyTestDriver driver;
  Topics topics;
  ScorerMetrics metrics;
  ModelCatalog catalog;
  TestInputTopic<String, LoanApplication> applications;
  TestInputTopic<byte[], byte[]> rawApplications;
  TestInputTopic<String, ClientFeatures> clientFeatures;
  TestOutputTopic<String, Decision> decisions;
  TestOutputTopic<byte[], DeadLetter> deadLetters;

  @BeforeEach
  void startDriver() {
    startDriver(StreamsConfig.EXACTLY_ONCE_V2);
  }

  /**
   * TopologyTestDriver's exactly-once simulation drops the records a deserialization handler hands
   * back (it keeps them with at-least-once, and a real broker keeps them with exactly-once: see
   * ScorerOnBrokerIT), so the deserialization dead-letter tests drive at-least-once.
   */
  void restartDriverAtLeastOnce() {
    driver.close();
    startDriver(StreamsConfig.AT_LEAST_ONCE);
  }

  void startDriver(String guarantee) {
    startDriver(guarantee, SealFixtures.config());
  }

  void startDriver(String guarantee, Map<String, String> keys) {
    Map<String, Object> config = new HashMap<>(SETTINGS);
    config.putAll(keys);
    config.put(ScorerSettings.REGISTRY_URL, "mock://scorer-topology-" + UUID.randomUUID());
    ScorerSettings settings = ScorerSettings.of(config);
    topics = Topics.create(settings.all());
    metrics = new ScorerMetrics(new SimpleMeterRegistry());
    catalog = new ModelCatalog(FEATURES, metrics);
    catalog.apply(v1.version(), v1.release());
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v1.version()));

    StreamsBuilder builder = new StreamsBuilder();
    DecisionTopology.buildTopology(
        builder,
        topics,
        catalog,
        settings,
        new DecisionTopology.Options(
            Clock.fixed(NOW, ZoneOffset.UTC), metrics, observer, FEATURES, ReasonTexts.load(), 1));
    Properties props = DecisionTopology.streamsConfig(settings, topics, metrics);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    driver = new TopologyTestDriver(builder.build(props), props);

    applications =
        driver.createInputTopic(
            topics.loanApplications().name(),
            new StringSerializer(),
            topics.loanApplications().valueSerde().serializer());
    rawApplications =
        driver.createInputTopic(
            topics.loanApplications().name(), new ByteArraySerializer(), new ByteArraySerializer());
    clientFeatures =
        driver.createInputTopic(
            topics.clientFeatures().name(),
            new StringSerializer(),
            topics.clientFeatures().valueSerde().serializer());
    decisions =
        driver.createOutputTopic(
            topics.loanDecisions().name(),
            new StringDeserializer(),
            topics.loanDecisions().valueSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            topics.deadLetters().name(),
            new ByteArrayDeserializer(),
            topics.deadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void approvesWhenProbabilityIsBelowTheReviewBand() {
    // given a client with a high external score (low risk)
    LoanApplication app = Applications.valid("app-approve", 100001, 0.9);

    // when
    applications.pipeInput("100001", app);

    // then
    Decision d = decisions.readKeyValue().value;
    assertDecision(d, app, v1, Outcome.APPROVED, false);
    assertThat(d.getProbabilityOfDefault()).isLessThan(0.35);
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(metrics.count(Outcome.APPROVED)).isEqualTo(1.0);
  }

  @Test
  void declinesWhenProbabilityIsAboveTheReviewBand() {
    // given a client with a very low external score (high risk)
    LoanApplication app = Applications.valid("app-decline", 100002, 0.1);

    // when
    applications.pipeInput("100002", app);

    // then
    Decision d = decisions.readKeyValue().value;
    assertDecision(d, app, v1, Outcome.DECLINED, false);
    assertThat(d.getProbabilityOfDefault()).isGreaterThanOrEqualTo(0.65);
    Reason top = d.getReasons().get(0);
    assertThat(top.getFeature()).isEqualTo(FEATURES.sourceOf("EXT_SOURCE_2"));
    assertThat(top.getContribution()).isPositive();
    assertThat(top.getText())
        .isEqualTo(ReasonTexts.load().text(top.getFeature(), true, java.util.Locale.ENGLISH));
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void sendsToReviewInsideTheBandAroundTheThreshold() {
    // given a client in the middle of the range, where half the training clients defaulted
    LoanApplication app = Applications.valid("app-review", 100003, 0.5);

    // when
    applications.pipeInput("100003", app);

    // then
    Decision d = decisions.readKeyValue().value;
    assertDecision(d, app, v1, Outcome.REVIEW, false);
    assertThat(d.getReviewBand().getLower())
        .isEqualTo(0.35, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(d.getReviewBand().getUpper())
        .isEqualTo(0.65, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void scoresClientWithoutHistoryWithHistoryFeaturesMissing() {
    // given no client-features record for this client
    LoanApplication app = Applications.valid("app-nohistory", 100004, 0.9);

    // when
    applications.pipeInput("100004", app);

    // then every history feature is recorded as missing
    Decision d = decisions.readKeyValue().value;
    assertThat(d.getHistoryAvailable()).isFalse();
    double[] x = Decisions.featureVector(d);
    for (String name : FEATURES.historyFeatureNames()) {
      assertThat(x[FEATURES.names().indexOf(name)]).as(name).isNaN();
    }
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void usesTheClientsHistoryFeaturesWhenPublished() {
    // given the client's history, published with the scorer's feature-set version
    String first = FEATURES.historyFeatureNames().get(0);
    clientFeatures.pipeInput("100005", features(100005, FEATURES.version(), first, 3.0));
    LoanApplication app = Applications.valid("app-history", 100005, 0.9);

    // when
    applications.pipeInput("100005", app);

    // then the history value is in the vector that was scored
    Decision d = decisions.readKeyValue().value;
    assertThat(d.getHistoryAvailable()).isTrue();
    assertThat(valueOf(d, first)).isEqualTo(3.0);
    assertDecision(d, app, v1, d.getOutcome(), true);
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void withReleaseKeysAClientKeepsTheSignedHistoryWhenAnUnsignedOrForgedOneIsPublished() {
    // a scorer that believes only what its release keys signed (at-least-once: see above)
    driver.close();
    startDriver(StreamsConfig.AT_LEAST_ONCE, SealFixtures.signedReleasesOnly());
    String first = FEATURES.historyFeatureNames().get(0);
    clientFeatures.pipeInput(
        "100030",
        ReleaseSignatures.sign(
            features(100030, FEATURES.version(), first, 3.0), SealFixtures.releaseSigner()));

    // when an insider publishes another history for the client, unsigned, then signed by a key of
    // their own under the release key's id
    clientFeatures.pipeInput("100030", features(100030, FEATURES.version(), first, 9.0));
    clientFeatures.pipeInput(
        "100030",
        ReleaseSignatures.sign(
            features(100030, FEATURES.version(), first, 7.0),
            new SealKeys.Signer(SealFixtures.RELEASE_KEY_ID, SealKeys.generate().getPrivate())));
    applications.pipeInput("100030", Applications.valid("app-signed-history", 100030, 0.9));

    // then both are dead-lettered, named, and the decision used the signed history
    List<DeadLetter> refused = deadLetters.readValuesToList();
    assertThat(refused).hasSize(2);
    assertThat(refused)
        .allSatisfy(
            dl -> assertThat(dl.getSourceTopic()).isEqualTo(topics.clientFeatures().name()));
    assertThat(refused.get(0).getReason())
        .contains("client history of client 100030 refused: it is not signed");
    assertThat(refused.get(1).getReason()).contains("forged or altered");
    Decision d = decisions.readKeyValue().value;
    assertThat(d.getHistoryAvailable()).isTrue();
    assertThat(valueOf(d, first)).isEqualTo(3.0);
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void ignoresClientFeaturesOfAnotherFeatureSetVersion() {
    // given history computed by other feature definitions
    String first = FEATURES.historyFeatureNames().get(0);
    clientFeatures.pipeInput("100006", features(100006, "0123456789abcdef", first, 3.0));

    // when
    applications.pipeInput("100006", Applications.valid("app-oldfeatures", 100006, 0.9));

    // then it is scored as a client without history, and the mismatch is counted
    Decision d = decisions.readKeyValue().value;
    assertThat(d.getHistoryAvailable()).isFalse();
    assertThat(valueOf(d, first)).isNull();
    assertThat(metrics.clientFeaturesIgnoredCount()).isEqualTo(1.0);
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void sendsCorruptBytesToTheDeadLetterTopicAndKeepsGoing() {
    restartDriverAtLeastOnce();
    // given bytes that are not Avro at all, then a valid application
    byte[] key = "100007".getBytes(StandardCharsets.UTF_8);
    byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);

    // when
    rawApplications.pipeInput(key, garbage);
    applications.pipeInput("100008", Applications.valid("app-after-garbage", 100008, 0.9));

    // then the garbage is a dead letter with its raw bytes and coordinates; the valid one is
    // decided
    DeadLetter dl = deadLetters.readKeyValue().value;
    assertThat(dl.getReasonCode()).isEqualTo(DeadLetters.DESERIALIZATION);
    assertSealedByTheScorer(dl);
    assertThat(dl.getSourceTopic()).isEqualTo(topics.loanApplications().name());
    assertThat(dl.getSourcePartition()).isZero();
    assertThat(dl.getSourceOffset()).isZero();
    assertThat(bytes(dl.getKey())).isEqualTo(key);
    assertThat(bytes(dl.getValue())).isEqualTo(garbage);
    assertThat(dl.getReason()).isNotBlank();
    assertThat(dl.getProcessor()).isEqualTo("scorer-test-1");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(decisions.readKeyValue().value.getApplicationId()).isEqualTo("app-after-garbage");
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.deadLetters(DeadLetters.DESERIALIZATION)).isEqualTo(1.0);
  }

  @Test
  void sendsRecordsWithAnUnknownSchemaIdToTheDeadLetterTopic() {
    restartDriverAtLeastOnce();
    // given the Confluent wire format with a schema id the registry never issued
    byte[] key = "100009".getBytes(StandardCharsets.UTF_8);
    byte[] unknownId = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6};

    // when
    rawApplications.pipeInput(key, unknownId);
    applications.pipeInput("100010", Applications.valid("app-after-unknown-id", 100010, 0.9));

    // then
    DeadLetter dl = deadLetters.readKeyValue().value;
    assertThat(dl.getReasonCode()).isEqualTo(DeadLetters.DESERIALIZATION);
    assertThat(bytes(dl.getValue())).isEqualTo(unknownId);
    assertThat(dl.getReason()).contains(String.valueOf(0x7f7f7f7f));
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(decisions.readKeyValue().value.getApplicationId()).isEqualTo("app-after-unknown-id");
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void sendsUnreadableClientFeaturesToTheDeadLetterTopic() {
    restartDriverAtLeastOnce();
    // given bytes on client-features that are not a ClientFeatures record
    TestInputTopic<byte[], byte[]> rawFeatures =
        driver.createInputTopic(
            topics.clientFeatures().name(), new ByteArraySerializer(), new ByteArraySerializer());
    byte[] garbage = {0, 1};

    // when
    rawFeatures.pipeInput("100016".getBytes(StandardCharsets.UTF_8), garbage);
    applications.pipeInput("100016", Applications.valid("app-after-bad-features", 100016, 0.9));

    // then the dead letter names the features topic, and the client is scored without history
    DeadLetter dl = deadLetters.readKeyValue().value;
    assertThat(dl.getSourceTopic()).isEqualTo(topics.clientFeatures().name());
    assertThat(bytes(dl.getValue())).isEqualTo(garbage);
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(decisions.readKeyValue().value.getHistoryAvailable()).isFalse();
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void sendsAnApplicationThatFailsWhileBeingDecidedToTheDeadLetterTopic() {
    // given a failure inside the decision step for one particular client
    int es2 = FEATURES.names().indexOf("EXT_SOURCE_2");
    observer =
        (model, x) -> {
          // the observer sees the features as the model read them: float32
          if (x[es2] == (float) 0.123) {
            throw new IllegalStateException("boom for 0.123");
          }
        };
    restartDriverAtLeastOnce();
    LoanApplication failing = Applications.valid("app-fails", 100017, 0.123);

    // when it arrives, then a normal one
    applications.pipeInput("100017", failing);
    applications.pipeInput("100018", Applications.valid("app-after-failure", 100018, 0.9));

    // then the failing one is a SCORING dead letter with its original bytes; the next is decided
    DeadLetter dl = deadLetters.readKeyValue().value;
    assertThat(dl.getReasonCode()).isEqualTo(DeadLetters.SCORING);
    assertSealedByTheScorer(dl);
    assertThat(dl.getReason()).contains("boom for 0.123");
    assertThat(dl.getApplicationId()).isEqualTo("app-fails");
    assertThat(dl.getSourceTopic()).isEqualTo(topics.loanApplications().name());
    assertThat(bytes(dl.getKey())).isEqualTo("100017".getBytes(StandardCharsets.UTF_8));
    assertThat(
            topics
                .loanApplications()
                .valueSerde()
                .deserializer()
                .deserialize(topics.loanApplications().name(), bytes(dl.getValue())))
        .isEqualTo(failing);
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(decisions.readKeyValue().value.getApplicationId()).isEqualTo("app-after-failure");
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.deadLetters(DeadLetters.SCORING)).isEqualTo(1.0);
  }

  @Test
  void sendsImpossibleApplicationsToTheDeadLetterTopicWithTheReason() {
    // given a readable application asking for a negative amount
    LoanApplication impossible = Applications.valid("app-impossible", 100011, 0.9);
    impossible.setAMTCREDIT(-5000.0);

    // when
    applications.pipeInput("100011", impossible);

    // then
    DeadLetter dl = deadLetters.readKeyValue().value;
    assertThat(dl.getReasonCode()).isEqualTo(DeadLetters.VALIDATION);
    assertSealedByTheScorer(dl);
    assertThat(dl.getReason()).contains("AMT_CREDIT");
    assertThat(dl.getApplicationId()).isEqualTo("app-impossible");
    assertThat(dl.getSourceTopic()).isEqualTo(topics.loanApplications().name());
    assertThat(dl.getSourceOffset()).isZero();
    assertThat(bytes(dl.getKey())).isEqualTo("100011".getBytes(StandardCharsets.UTF_8));
    LoanApplication kept =
        topics
            .loanApplications()
            .valueSerde()
            .deserializer()
            .deserialize(topics.loanApplications().name(), bytes(dl.getValue()));
    assertThat(kept).isEqualTo(impossible);
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.deadLetters(DeadLetters.VALIDATION)).isEqualTo(1.0);
  }

  @Test
  void decidesWithHistoryAnApplicationWhoseKeyConfluentsAvroSerializerEncoded() {
    // given the client's history, and an application keyed as Confluent's AvroProducer keys it:
    // magic byte, a schema id, then the Avro string (zig-zag length, UTF-8)
    String first = FEATURES.historyFeatureNames().get(0);
    clientFeatures.pipeInput("100020", features(100020, FEATURES.version(), first, 3.0));
    byte[] id = "100020".getBytes(StandardCharsets.UTF_8);
    byte[] avroKey =
        ByteBuffer.allocate(6 + id.length)
            .put((byte) 0)
            .putInt(7)
            .put((byte) (id.length * 2))
            .put(id)
            .array();
    LoanApplication app = Applications.valid("app-avro-key", 100020, 0.9);

    // when
    rawApplications.pipeInput(avroKey, serialized(app));

    // then it was moved to the canonical key and decided with the client's history
    var d = decisions.readKeyValue();
    assertThat(d.key).isEqualTo("100020");
    assertThat(d.value.getHistoryAvailable()).isTrue();
    assertThat(valueOf(d.value, first)).isEqualTo(3.0);
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.movedCount("key_differs")).isEqualTo(1.0);
  }

  @Test
  void decidesWithHistoryApplicationsWithoutKeyOrUnderAnotherClientsKey() {
    // given the client's history
    String first = FEATURES.historyFeatureNames().get(0);
    clientFeatures.pipeInput("100021", features(100021, FEATURES.version(), first, 5.0));

    // when one application has no key and another the key of a different client
    rawApplications.pipeInput(null, serialized(Applications.valid("app-no-key", 100021, 0.9)));
    applications.pipeInput("999999", Applications.valid("app-wrong-key", 100021, 0.9));

    // then both are decided for the value's client, with the history
    for (String expectedId : List.of("app-no-key", "app-wrong-key")) {
      var d = decisions.readKeyValue();
      assertThat(d.key).isEqualTo("100021");
      assertThat(d.value.getApplicationId()).isEqualTo(expectedId);
      assertThat(d.value.getHistoryAvailable()).isTrue();
    }
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.movedCount("key_missing")).isEqualTo(1.0);
    assertThat(metrics.movedCount("key_differs")).isEqualTo(1.0);
  }

  @Test
  void aConflictFoundAfterAMoveIsASealedDeadLetterToo() {
    // given a decided application
    applications.pipeInput("100027", Applications.valid("app-moved-conflict", 100027, 0.9));
    assertThat(decisions.readKeyValue().value.getApplicationId()).isEqualTo("app-moved-conflict");

    // when other content under its id arrives under another client's key (so it is moved first)
    LoanApplication changed = Applications.valid("app-moved-conflict", 100027, 0.9);
    changed.setAMTANNUITY(31000.0);
    applications.pipeInput("999998", changed);

    // then the id check after the move refuses it, with the scorer's seal
    DeadLetter conflict = deadLetters.readKeyValue().value;
    assertThat(conflict.getReasonCode()).isEqualTo(DeadLetters.CONFLICT);
    assertThat(conflict.getReason()).contains("app-moved-conflict");
    assertSealedByTheScorer(conflict);
    assertThat(metrics.movedCount("key_differs")).isEqualTo(1.0);
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void anInvalidApplicationWrittenStraightToTheRepartitionTopicIsJudgedThereToo() {
    // given: a producer that writes to the scorer's own repartition topic (an insider, or a
    // misconfigured front office), past the door of loan-applications, with a header of its own
    TestInputTopic<byte[], byte[]> repartition =
        driver.createInputTopic(
            "scorer-topology-test-applications-by-client-repartition",
            new ByteArraySerializer(),
            new ByteArraySerializer());
    LoanApplication absurd = Applications.valid("app-past-the-door", 100028, 0.9);
    absurd.setAMTCREDIT(-5000.0);
    org.apache.kafka.common.header.internals.RecordHeaders headers =
        new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add(Placement.SOURCE_HEADER, "not/a/place".getBytes(StandardCharsets.UTF_8));
    repartition.pipeInput(
        new org.apache.kafka.streams.test.TestRecord<>(
            "100028".getBytes(StandardCharsets.UTF_8), serialized(absurd), headers));

    // then: it never reaches the model: a VALIDATION dead letter names the rule, at the
    // coordinates where it was read (the header is not a place)
    assertThat(decisions.isEmpty()).isTrue();
    DeadLetter dl = deadLetters.readKeyValue().value;
    assertThat(dl.getReasonCode()).isEqualTo(DeadLetters.VALIDATION);
    assertThat(dl.getReason()).contains("AMT_CREDIT");
    assertThat(dl.getApplicationId()).isEqualTo("app-past-the-door");
    assertThat(dl.getSourceTopic())
        .isEqualTo("scorer-topology-test-applications-by-client-repartition");
    assertSealedByTheScorer(dl);
    assertThat(metrics.deadLetters(DeadLetters.VALIDATION)).isEqualTo(1.0);
  }

  @Test
  void movesNothingThatIsAlreadyInPlace() {
    // when an application arrives under its canonical key (one partition: always the right one)
    applications.pipeInput("100022", Applications.valid("app-in-place", 100022, 0.9));

    // then it is decided and nothing was counted as moved
    assertThat(decisions.readKeyValue().key).isEqualTo("100022");
    assertThat(
            metrics.movedCount("key_missing")
                + metrics.movedCount("key_differs")
                + metrics.movedCount("wrong_partition"))
        .isZero();
  }

  @Test
  void decidesTheSameApplicationOnceWhenItIsSentAgain() {
    // given a decided application
    LoanApplication app = Applications.valid("app-twice", 100023, 0.9);
    applications.pipeInput("100023", app);

    // when the same application comes again, through another door a minute later
    LoanApplication again =
        LoanApplication.newBuilder(app)
            .setChannel("API")
            .setSubmittedAt(app.getSubmittedAt().plusSeconds(60))
            .build();
    applications.pipeInput("100023", again);

    // then there is one decision, no dead letter, and the duplicate is counted
    assertThat(decisions.readKeyValue().value.getApplicationId()).isEqualTo("app-twice");
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(metrics.duplicatesCount()).isEqualTo(1.0);
  }

  @Test
  void refusesAnotherApplicationUnderAUsedIdAsAConflict() {
    // given a decided application
    applications.pipeInput("100024", Applications.valid("app-used", 100024, 0.9));

    // when the same id comes with other content: the same client's changed amount, then another
    // client (same partition here)
    LoanApplication changed = Applications.valid("app-used", 100024, 0.9);
    changed.setAMTANNUITY(30000.0);
    applications.pipeInput("100024", changed);
    applications.pipeInput("100025", Applications.valid("app-used", 100025, 0.9));

    // then the first decision stands alone and each conflict is a dead letter naming the id
    assertThat(decisions.readKeyValue().value.getClientId()).isEqualTo(100024L);
    assertThat(decisions.isEmpty()).isTrue();
    DeadLetter sameClient = deadLetters.readKeyValue().value;
    assertThat(sameClient.getReasonCode()).isEqualTo(DeadLetters.CONFLICT);
    assertSealedByTheScorer(sameClient);
    assertThat(sameClient.getReason()).contains("app-used").contains("same client");
    assertThat(sameClient.getSourceOffset()).isEqualTo(1L);
    DeadLetter otherClient = deadLetters.readKeyValue().value;
    assertThat(otherClient.getReason()).contains("another client");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(metrics.deadLetters(DeadLetters.CONFLICT)).isEqualTo(2.0);
  }

  /** Puts what an earlier scorer (or an aborted transaction) left in the application-id store. */
  private void remember(String applicationId, byte[] value) {
    KeyValueStore<String, byte[]> ids =
        driver.getKeyValueStore(DecisionTopology.APPLICATION_IDS_STORE);
    ids.put(applicationId, value);
  }

  @Test
  void decidesTheRecordThatClaimedAnIdWhenItIsReadAgainAfterATransactionThatDidNotCommit() {
    // given the id store still holding what an aborted transaction wrote: this very record (source,
    // partition 0, offset 0, the first record piped here) claimed the id, but its decision was
    // never committed
    LoanApplication app = Applications.valid("app-aborted", 100027, 0.9);
    remember(
        "app-aborted",
        ApplicationIds.value(
            LoanApplications.fingerprintBytes(app),
            100027,
            new ApplicationIds.Position(false, 0, 0)));

    // when the record is read again (offset 0), then sent once more by its front office (offset 1)
    applications.pipeInput("100027", app);
    applications.pipeInput("100027", app);

    // then the first reading is decided, the resend is the duplicate
    assertThat(decisions.readKeyValue().value.getApplicationId()).isEqualTo("app-aborted");
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(metrics.duplicatesCount()).isEqualTo(1.0);
  }

  @Test
  void aRecordReadAgainByAnotherScorerProcessStaysADuplicate() {
    // given an id claimed by this very record (offset 0), as read by an earlier scorer process: an
    // operator rewound the scorer's offsets after its decision was committed
    LoanApplication app = Applications.valid("app-rewound", 100029, 0.9);
    remember(
        "app-rewound",
        ApplicationIds.value(
            LoanApplications.fingerprintBytes(app),
            100029,
            new ApplicationIds.Position(false, 0, 0),
            ApplicationIds.PROCESS + 1));

    // when the record is read again
    applications.pipeInput("100029", app);

    // then it is not decided a second time
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.duplicatesCount()).isEqualTo(1.0);
  }

  @Test
  void readsApplicationIdsStoredWithoutTheirPosition() {
    // given an id remembered by a scorer of 2026-12-07 before positions: fingerprint and client
    LoanApplication decided = Applications.valid("app-40", 100028, 0.9);
    remember(
        "app-40",
        java.nio.ByteBuffer.allocate(40)
            .put(LoanApplications.fingerprintBytes(decided))
            .putLong(100028)
            .array());

    // when the same application comes again
    applications.pipeInput("100028", decided);

    // then it is a duplicate: nothing is decided again
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.duplicatesCount()).isEqualTo(1.0);
  }

  @Test
  void readsApplicationIdsThatEarlierScorersStoredAsText() {
    // given ids remembered by a scorer of before 2026-12-07, as "fingerprint-in-hex client-id"
    LoanApplication decided = Applications.valid("app-old", 100026, 0.9);
    remember(
        "app-old",
        (LoanApplications.fingerprint(decided) + " 100026").getBytes(StandardCharsets.UTF_8));

    // when the same application comes again, then other content of the same client under that id
    applications.pipeInput("100026", decided);
    LoanApplication changed = Applications.valid("app-old", 100026, 0.9);
    changed.setAMTANNUITY(30000.0);
    applications.pipeInput("100026", changed);

    // then the first is a duplicate, the second a conflict, and nothing is decided again
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(metrics.duplicatesCount()).isEqualTo(1.0);
    DeadLetter conflict = deadLetters.readKeyValue().value;
    assertThat(conflict.getReasonCode()).isEqualTo(DeadLetters.CONFLICT);
    assertThat(conflict.getReason()).contains("app-old").contains("same client");
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void sendsACreditFarBeyondTheTrainingRangeToReviewWithAReadableReason() {
    // given the model's card: AMT_CREDIT seen between its training minimum and maximum
    double[] range = v1.model().card().referenceStats().get("AMT_CREDIT").range();
    for (double credit : new double[] {7.9e6, 1e9, 1e12, 1e300}) {
      LoanApplication absurd = Applications.valid("app-credit-" + credit, 100026, 0.9);
      absurd.setAMTCREDIT(credit);
      absurd.setAMTGOODSPRICE(credit);
      assertThat(credit).isGreaterThan(range[1]);

      // when
      applications.pipeInput("100026", absurd);

      // then a person reviews it, the rule and the feature are named, the record still verifies
      Decision d = decisions.readKeyValue().value;
      assertThat(d.getOutcome()).as("credit %s", credit).isEqualTo(Outcome.REVIEW);
      assertThat(d.getPolicy().getRule()).isEqualTo("outside_training_range");
      assertThat(d.getPolicy().getFeature()).isEqualTo("AMT_CREDIT");
      assertThat(d.getPolicy().getText()).contains("amount of credit").contains("credit officer");
      assertThat(DecisionHash.verify(d)).isTrue();
    }
    assertThat(metrics.policyCount("outside_training_range")).isEqualTo(4.0);
  }

  @Test
  void declinesByRuleWhenTheRepaymentsExceedTheIncome() {
    // given an annuity above the income (but not above the credit: a valid application)
    LoanApplication app = Applications.valid("app-annuity", 100027, 0.9);
    app.setAMTANNUITY(200000.0); // income 180,000

    // when
    applications.pipeInput("100027", app);

    // then
    Decision d = decisions.readKeyValue().value;
    assertThat(d.getOutcome()).isEqualTo(Outcome.DECLINED);
    assertThat(d.getPolicy().getRule()).isEqualTo("repayment_exceeds_income");
    assertThat(DecisionHash.verify(d)).isTrue();
  }

  @Test
  void aDeclinedDecisionCarriesItsCounterOfferSealedWithIt() {
    // given a model whose risk depends on the amount (it learnt to lend up to 400,000), active
    TestModel credit = TestModels.creditModel();
    catalog.apply(credit.version(), credit.release());
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(credit.version()));

    // when a good client asks for 450,000, another for 300,000, and a risky one for 450,000
    applications.pipeInput("100031", Applications.valid("app-offer", 100031, 0.9));
    LoanApplication fine = Applications.valid("app-no-offer-needed", 100032, 0.9);
    fine.setAMTCREDIT(300_000.0);
    fine.setAMTANNUITY(15_000.0);
    fine.setAMTGOODSPRICE(270_000.0);
    applications.pipeInput("100032", fine);
    applications.pipeInput("100033", Applications.valid("app-no-offer", 100033, 0.1));

    // then the first is declined with the largest amount of the grid the model approves, on the
    // same terms, and the record (counter-offer included) is hashed and sealed
    Decision declined = decisions.readKeyValue().value;
    assertThat(declined.getOutcome()).isEqualTo(Outcome.DECLINED);
    assertThat(declined.getModelVersion()).isEqualTo(credit.version());
    assertThat(declined.getCounterOffer().getSearch()).isEqualTo(CounterOfferSearch.ID);
    assertThat(declined.getCounterOffer().getAmount()).isEqualTo(382_000.0);
    assertThat(declined.getCounterOffer().getAnnuity()).isEqualTo(19_100.0);
    assertThat(declined.getCounterOffer().getGoodsPrice()).isEqualTo(343_800.0);
    assertThat(declined.getCounterOffer().getProbabilityOfDefault()).isLessThan(0.35);
    assertThat(DecisionHash.verify(declined)).isTrue();
    assertThat(DecisionSeals.check(declined, SealFixtures.ring()))
        .isEqualTo(DecisionSeals.Check.VALID);
    Decision changed = Decision.newBuilder(declined).build();
    changed.getCounterOffer().setAmount(450_000.0);
    assertThat(DecisionSeals.check(changed, SealFixtures.ring()))
        .isEqualTo(DecisionSeals.Check.HASH_MISMATCH);
    // an approval carries none; a decline no smaller amount would fix says the search found none
    Decision approved = decisions.readKeyValue().value;
    assertThat(approved.getOutcome()).isEqualTo(Outcome.APPROVED);
    assertThat(approved.getCounterOffer()).isNull();
    Decision hopeless = decisions.readKeyValue().value;
    assertThat(hopeless.getOutcome()).isEqualTo(Outcome.DECLINED);
    assertThat(hopeless.getCounterOffer().getSearch()).isEqualTo(CounterOfferSearch.ID);
    assertThat(hopeless.getCounterOffer().getAmount()).isNull();
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void sealsEachDecisionIntoOneUnbrokenChainThatThePublicKeyVerifies() {
    // given three applications of three clients on the one partition
    applications.pipeInput("100011", Applications.valid("app-chain-1", 100011, 0.9));
    applications.pipeInput("100012", Applications.valid("app-chain-2", 100012, 0.1));
    applications.pipeInput("100013", Applications.valid("app-chain-3", 100013, 0.5));

    // then each decision is sealed with the configured key, numbered 0, 1, 2 on chain 0, and
    // carries its predecessor's content hash
    List<Decision> chain = decisions.readValuesToList();
    assertThat(chain).hasSize(3);
    byte[] previous = DecisionSeals.GENESIS;
    for (int i = 0; i < chain.size(); i++) {
      Decision d = chain.get(i);
      assertThat(DecisionSeals.check(d, SealFixtures.ring())).isEqualTo(DecisionSeals.Check.VALID);
      assertThat(d.getSeal().getKeyId()).isEqualTo(SealFixtures.KEY_ID);
      assertThat(d.getSeal().getChain()).isZero();
      assertThat(d.getSeal().getSequence()).isEqualTo(i);
      assertThat(bytes(d.getSeal().getPreviousHash())).isEqualTo(previous);
      previous = DecisionSeals.carriedHash(d);
    }
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void publishesASignedCheckpointOfTheHeadWhenTheIntervalPasses() {
    // given two decisions
    applications.pipeInput("100021", Applications.valid("app-cp-1", 100021, 0.9));
    applications.pipeInput("100022", Applications.valid("app-cp-2", 100022, 0.9));
    List<Decision> chain = decisions.readValuesToList();
    TestOutputTopic<String, DecisionCheckpoint> checkpoints =
        driver.createOutputTopic(
            topics.decisionCheckpoints().name(),
            new StringDeserializer(),
            topics.decisionCheckpoints().valueSerde().deserializer());
    assertThat(checkpoints.isEmpty()).isTrue();

    // when the checkpoint interval passes (twice: the second time the head has not moved)
    driver.advanceWallClockTime(Duration.ofSeconds(11));
    driver.advanceWallClockTime(Duration.ofSeconds(11));

    // then one checkpoint names the head: sequence 1 and the second decision's hash, signed
    KeyValue<String, DecisionCheckpoint> cp = checkpoints.readKeyValue();
    assertThat(cp.key).isEqualTo("0");
    assertThat(cp.value.getSequence()).isEqualTo(1);
    assertThat(cp.value.getDecisionsTopic()).isEqualTo(topics.loanDecisions().name());
    assertThat(bytes(cp.value.getHeadHash())).isEqualTo(DecisionSeals.carriedHash(chain.get(1)));
    assertThat(DecisionSeals.verify(cp.value, SealFixtures.ring())).isTrue();
    assertThat(checkpoints.isEmpty()).isTrue();
  }

  @Test
  void decisionsNameTheNewModelFromTheSwapOn() {
    // given one application scored by v1
    applications.pipeInput("100012", Applications.valid("before-swap", 100012, 0.9));

    // when v2 is released and activated, then another application arrives
    catalog.apply(v2.version(), v2.release());
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v2.version()));
    LoanApplication after = Applications.valid("after-swap", 100013, 0.9);
    applications.pipeInput("100013", after);

    // then
    assertThat(decisions.readKeyValue().value.getModelVersion()).isEqualTo(v1.version());
    Decision d = decisions.readKeyValue().value;
    assertDecision(d, after, v2, Outcome.APPROVED, false);
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void keepsScoringWithTheCurrentModelWhenAReleaseIsRefused() {
    // given a release whose bytes are not a model, and one whose features are in another order
    byte[] garbage = "{\"not\": \"a model\"}".getBytes(StandardCharsets.UTF_8);
    String garbageVersion = ModelVersion.of(garbage);
    catalog.apply(
        garbageVersion, TestModels.release(garbageVersion, garbage, "{}", FEATURES.version()));
    List<String> reversed = new ArrayList<>(FEATURES.names());
    java.util.Collections.reverse(reversed);
    ModelCard wrongOrder =
        TestModels.card(v2.version(), FEATURES.version(), reversed, 0.5, Map.of());
    catalog.apply(
        v2.version(),
        TestModels.release(v2.version(), v2.bytes(), wrongOrder.toJson(), FEATURES.version()));

    // when both are activated
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(garbageVersion));
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v2.version()));
    applications.pipeInput("100014", Applications.valid("after-refusal", 100014, 0.9));

    // then v1 still scores, and each refusal (two releases, two activations) is counted
    assertThat(decisions.readKeyValue().value.getModelVersion()).isEqualTo(v1.version());
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(catalog.refusal(garbageVersion)).get().asString().contains("does not load");
    assertThat(catalog.refusal(v2.version())).get().asString().contains("feature list");
    assertThat(metrics.refusalCount()).isEqualTo(4.0);
  }

  @Test
  void refusesAReleaseTrainedOnAnotherFeatureSet() {
    // given v2 released as trained on other feature definitions
    catalog.apply(
        v2.version(),
        TestModels.release(
            v2.version(), v2.bytes(), v2.release().getModelCard(), "fedcba9876543210"));

    // when it is activated
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v2.version()));
    applications.pipeInput("100015", Applications.valid("after-fs-refusal", 100015, 0.9));

    // then
    assertThat(catalog.refusal(v2.version())).get().asString().contains("fedcba9876543210");
    assertThat(decisions.readKeyValue().value.getModelVersion()).isEqualTo(v1.version());
    assertThat(decisions.isEmpty()).isTrue();
  }

  private void assertDecision(
      Decision d, LoanApplication app, TestModel model, Outcome outcome, boolean history) {
    assertThat(d.getApplicationId()).isEqualTo(app.getApplicationId());
    assertThat(d.getClientId()).isEqualTo(app.getSKIDCURR());
    assertThat(d.getOutcome()).isEqualTo(outcome);
    assertThat(d.getThreshold()).isEqualTo(0.5);
    assertThat(d.getModelVersion()).isEqualTo(model.version());
    assertThat(d.getFeatureSetVersion()).isEqualTo(FEATURES.version());
    assertThat(d.getHistoryAvailable()).isEqualTo(history);
    assertThat(d.getApplicationTimestamp()).isEqualTo(app.getSubmittedAt());
    assertThat(d.getDecidedAt()).isEqualTo(NOW);
    assertThat(d.getScorerInstance()).isEqualTo("scorer-test-1");
    assertThat(DecisionHash.verify(d)).isTrue();
    assertThat(d.getReasons()).hasSizeBetween(1, 4);
    // the recorded vector is the one the model scores to the recorded probability, bit for bit
    // (compact, v4: float32 values in the feature set's order, no names, no doubles)
    assertThat(d.getFeatureValues()).isEmpty();
    assertThat(d.getFeatureVector()).isNull();
    assertThat(Decisions.form(d)).isEqualTo(Decisions.Form.FLOAT32);
    assertThat(Decisions.featureCount(d)).isEqualTo(FEATURES.names().size());
    double[] x = Decisions.featureVector(d);
    assertThat(d.getProbabilityOfDefault()).isEqualTo(model.model().score(x).probability());
  }

  private static Double valueOf(Decision d, String name) {
    int i = FEATURES.names().indexOf(name);
    assertThat(i).as(name).isNotNegative();
    double v = Decisions.featureVector(d)[i];
    return Double.isNaN(v) ? null : v;
  }

  private static ClientFeatures features(long clientId, String version, String name, double v) {
    Map<String, Double> values = new HashMap<>();
    values.put(name, v);
    return ClientFeatures.newBuilder()
        .setClientId(clientId)
        .setAsOf(Instant.parse("2026-11-24T00:00:00Z"))
        .setFeatureSetVersion(version)
        .setSources(List.of("bureau"))
        .setValues(values)
        .build();
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  private byte[] serialized(LoanApplication app) {
    return topics
        .loanApplications()
        .valueSerde()
        .serializer()
        .serialize(topics.loanApplications().name(), app);
  }

  /** Only the scorer can end a client's application: its letters carry its seal. */
  private static void assertSealedByTheScorer(DeadLetter letter) {
    assertThat(DeadLetterSeals.check(letter, SealFixtures.ring()))
        .as("the seal of %s", letter.getReasonCode())
        .isEqualTo(DecisionSeals.Check.VALID);
  }
}
