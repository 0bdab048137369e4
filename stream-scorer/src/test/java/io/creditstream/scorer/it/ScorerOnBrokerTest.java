package io.creditstream.scorer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.records.ModelReleases;
import io.creditstream.runtime.Drain;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.decision.DecisionHash;
import io.creditstream.scorer.decision.DecisionTopology;
import io.creditstream.scorer.drift.FeatureObserver;
import io.creditstream.scorer.lifecycle.ScorerExit;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.scorer.testing.TestModels.TestModel;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two scorer instances (same application.id) on the real broker and registry, one of them stopped
 * and restarted mid-stream: every application still gets exactly one committed decision, and a
 * poison pill lands in the dead-letter topic under exactly-once.
 */
@ExtendWith(LocalPlatformExtension.class)
class ScorerOnBrokerTest {

  private static final Logger log = LoggerFactory.getLogger(ScorerOnBrokerTest.class);
  private static final int PARTITIONS = 4;
  private static final int APPLICATIONS = 2000;

  @Test
  void everyApplicationGetsExactlyOneDecisionWhileAnInstanceRestarts(LocalPlatform platform)
      throws Exception {
    // given unique topics, a released and activated model, and two scorer instances
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> config = config(platform, run);
    Released released = createTopicsAndReleaseModel(platform, config);
    Topics topics = released.topics();
    ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    ModelCatalog catalog = new ModelCatalog(FeatureSet.current(), metrics);
    try (ModelRegistry registry = new ModelRegistry(config, topics.modelReleases(), catalog)) {
      registry.start();
      assertThat(registry.awaitReady(Duration.ofSeconds(30))).isTrue();
      assertThat(registry.current().version()).isEqualTo(released.modelVersion());

      // Two instances writing the first record of a fresh subject at once race in the registry
      // (Apicurio answers 409 to the second registration, which the serde reads as incompatible):
      // the schemas are registered before the instances start, as a deployment does.
      registerOutputSchemas(topics);
      long t0 = System.nanoTime();
      ScorerSettings settingsA = settings(config, "scorer-a");
      ScorerSettings settingsB = settings(config, "scorer-b");
      KafkaStreams a = start(settingsA, topics, registry, metrics);
      KafkaStreams b = start(settingsB, topics, registry, metrics);
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> running(a) && running(b));

        // when the first half arrives, instance B stops, the second half arrives, B comes back
        try (KafkaProducer<String, LoanApplication> apps =
                producer(
                    platform,
                    new StringSerializer(),
                    topics.loanApplications().valueSerde().serializer());
            KafkaProducer<byte[], byte[]> raw =
                producer(platform, new ByteArraySerializer(), new ByteArraySerializer())) {
          send(apps, topics, run, 0, APPLICATIONS / 2);
          raw.send(
              new ProducerRecord<>(
                  topics.loanApplications().name(),
                  "poison".getBytes(StandardCharsets.UTF_8),
                  "not an application".getBytes(StandardCharsets.UTF_8)));
          apps.flush();
          raw.flush();
          b.close(
              CloseOptions.timeout(Duration.ofSeconds(20))
                  .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
          log.info("Instance B closed after {} ms", (System.nanoTime() - t0) / 1_000_000);
          send(apps, topics, run, APPLICATIONS / 2, APPLICATIONS);
          apps.flush();
        }
        KafkaStreams b2 = start(settingsB, topics, registry, metrics);
        try {
          // then each application has exactly one committed decision
          List<ConsumerRecord<String, Decision>> decisions =
              drain(
                  consumer(platform, topics.loanDecisions().valueSerde().deserializer()),
                  topics.loanDecisions().name(),
                  APPLICATIONS);
          log.info("All decisions read after {} ms", (System.nanoTime() - t0) / 1_000_000);
          Map<String, Long> perApplication =
              decisions.stream()
                  .collect(
                      Collectors.groupingBy(
                          r -> r.value().getApplicationId(), Collectors.counting()));
          log.info(
              "{} decisions for {} applications; instances: {}",
              decisions.size(),
              perApplication.size(),
              decisions.stream()
                  .collect(
                      Collectors.groupingBy(
                          r -> r.value().getScorerInstance(), Collectors.counting())));
          assertThat(perApplication).hasSize(APPLICATIONS);
          assertThat(perApplication.values()).allMatch(count -> count == 1L);
          assertThat(decisions).allMatch(r -> DecisionHash.verify(r.value()));
          assertThat(decisions)
              .allMatch(r -> r.key().equals(String.valueOf(r.value().getClientId())));
          // and each partition holds one unbroken chain, across the instance that left and came
          // back
          Map<Integer, List<byte[]>> hashes = assertOneUnbrokenChainPerPartition(decisions);
          // and every checkpoint (one per 100 decisions of a chain at least) names a real head
          List<ConsumerRecord<String, DecisionCheckpoint>> checkpoints =
              drain(
                  consumer(platform, topics.decisionCheckpoints().valueSerde().deserializer()),
                  topics.decisionCheckpoints().name(),
                  APPLICATIONS / 100);
          assertThat(checkpoints).isNotEmpty();
          for (ConsumerRecord<String, DecisionCheckpoint> r : checkpoints) {
            DecisionCheckpoint c = r.value();
            assertThat(DecisionSeals.verify(c, SealFixtures.ring())).isTrue();
            assertThat(hashes.get(c.getChain()).get((int) c.getSequence()))
                .isEqualTo(io.creditstream.seal.DecisionHash.bytesOf(c.getHeadHash()));
          }

          List<ConsumerRecord<byte[], DeadLetter>> dead =
              drain(
                  consumerBytesKey(platform, topics.deadLetters().valueSerde().deserializer()),
                  topics.deadLetters().name(),
                  1);
          assertThat(dead).hasSize(1);
          assertThat(dead.get(0).value().getReasonCode()).isEqualTo(DeadLetters.DESERIALIZATION);
          assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("poison");
        } finally {
          b2.close(Duration.ofSeconds(20));
        }
      } finally {
        a.close(Duration.ofSeconds(20));
        b.close(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * A stream thread that fails on Kafka itself (here an {@code InvalidTxnStateException}, as after
   * a 15-second broker outage in a system test) is replaced by {@link ScorerExit} instead of
   * stopping the scorer, and exactly-once makes the replacement lose nothing and decide nothing
   * twice: the failed thread's transaction is aborted, and its records are decided again from the
   * last committed offsets, with their application ids (claimed in the aborted transaction) new
   * again.
   */
  @Test
  void aStreamThreadThatFailsOnKafkaIsReplacedAndEveryApplicationGetsExactlyOneDecision(
      LocalPlatform platform) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> config = config(platform, run);
    Topics topics = createTopicsAndReleaseModel(platform, config).topics();
    ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    ModelCatalog catalog = new ModelCatalog(FeatureSet.current(), metrics);
    int applications = 1000;
    java.util.concurrent.atomic.AtomicInteger observed =
        new java.util.concurrent.atomic.AtomicInteger();
    // The 300th decision's observer fails, mid-transaction, as a lost transaction would.
    FeatureObserver failsOnce =
        (model, x) -> {
          if (observed.incrementAndGet() == 300) {
            throw new org.apache.kafka.common.errors.InvalidTxnStateException(
                "injected: the broker no longer knows this transaction");
          }
        };
    try (ModelRegistry registry = new ModelRegistry(config, topics.modelReleases(), catalog)) {
      registry.start();
      assertThat(registry.awaitReady(Duration.ofSeconds(30))).isTrue();
      registerOutputSchemas(topics);
      ScorerExit exit = new ScorerExit();
      KafkaStreams streams =
          start(settings(config, "scorer-r"), topics, registry, metrics, failsOnce, exit);
      try {
        try (KafkaProducer<String, LoanApplication> apps =
            producer(
                platform,
                new StringSerializer(),
                topics.loanApplications().valueSerde().serializer())) {
          send(apps, topics, run, 0, applications);
          apps.flush();
        }
        List<ConsumerRecord<String, Decision>> decisions =
            drain(
                consumer(platform, topics.loanDecisions().valueSerde().deserializer()),
                topics.loanDecisions().name(),
                applications);

        assertThat(observed.get())
            .as("decisions made, the aborted transaction's again among them")
            .isGreaterThan(applications);
        assertThat(exit.code()).as("the scorer's exit code").isEqualTo(ScorerExit.OK);
        // (the replacement thread's rebalance may still be settling)
        await().atMost(Duration.ofSeconds(30)).until(() -> running(streams));
        Map<String, Long> perApplication =
            decisions.stream()
                .collect(
                    Collectors.groupingBy(
                        r -> r.value().getApplicationId(), Collectors.counting()));
        assertThat(perApplication).hasSize(applications);
        assertThat(perApplication.values()).allMatch(count -> count == 1L);
        assertOneUnbrokenChainPerPartition(decisions);
      } finally {
        streams.close(Duration.ofSeconds(20));
      }
    }
  }

  /**
   * Each partition's decisions form one unbroken chain: sequence 0, 1, 2, ... in offset order, each
   * linked to its predecessor, sealed with the configured key. Returns each chain's hashes.
   */
  private static Map<Integer, List<byte[]>> assertOneUnbrokenChainPerPartition(
      List<ConsumerRecord<String, Decision>> decisions) {
    Map<Integer, List<ConsumerRecord<String, Decision>>> byPartition =
        decisions.stream().collect(Collectors.groupingBy(ConsumerRecord::partition));
    Map<Integer, List<byte[]>> hashes = new HashMap<>();
    byPartition.forEach(
        (partition, records) -> {
          records.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
          byte[] previous = DecisionSeals.GENESIS;
          List<byte[]> chainHashes = new ArrayList<>();
          for (int i = 0; i < records.size(); i++) {
            Decision d = records.get(i).value();
            assertThat(DecisionSeals.check(d, SealFixtures.ring()))
                .isEqualTo(DecisionSeals.Check.VALID);
            assertThat(d.getSeal().getChain()).isEqualTo(partition);
            assertThat(d.getSeal().getSequence()).isEqualTo(i);
            assertThat(io.creditstream.seal.DecisionHash.bytesOf(d.getSeal().getPreviousHash()))
                .isEqualTo(previous);
            previous = DecisionSeals.carriedHash(d);
            chainHashes.add(previous);
          }
          hashes.put(partition, chainHashes);
        });
    assertThat(byPartition).hasSizeGreaterThan(1);
    return hashes;
  }

  /** Unique topics and the scorer's settings for one test run, sealing with the test key. */
  private static Map<String, Object> config(LocalPlatform platform, String run) {
    Map<String, Object> config = new HashMap<>();
    config.put(ScorerSettings.APPLICATION_ID, "scorer-it-" + run);
    config.put(ScorerSettings.BOOTSTRAP_SERVERS, platform.bootstrapServers());
    config.put(ScorerSettings.REGISTRY_URL, platform.registryUrl());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    config.putAll(SealFixtures.config());
    config.put(ScorerSettings.CHECKPOINT_EVERY, "100");
    for (String t :
        List.of(
            Topics.LOAN_APPLICATIONS,
            Topics.CLIENT_FEATURES,
            Topics.LOAN_DECISIONS,
            Topics.MODEL_RELEASES,
            Topics.DEAD_LETTERS,
            Topics.MODEL_DRIFT,
            Topics.DECISION_CHECKPOINTS)) {
      config.put("topic." + t, t + "-" + run);
    }
    return config;
  }

  /** A run's topics and the version of the model released and activated on them. */
  private record Released(Topics topics, String modelVersion) {}

  /** Creates the run's topics, and releases and activates a model on them. */
  private static Released createTopicsAndReleaseModel(
      LocalPlatform platform, Map<String, Object> config) {
    Topics topics = Topics.create(config);
    platform.createTopic(topics.loanApplications().name(), PARTITIONS);
    platform.createTopic(
        topics.clientFeatures().name(), PARTITIONS, Map.of("cleanup.policy", "compact"));
    platform.createTopic(topics.loanDecisions().name(), PARTITIONS);
    platform.createTopic(topics.deadLetters().name(), 1);
    platform.createTopic(topics.modelReleases().name(), 1, Map.of("cleanup.policy", "compact"));
    platform.createTopic(topics.decisionCheckpoints().name(), 1);

    TestModel model = TestModels.extSource2Model(20);
    try (KafkaProducer<String, ModelRelease> releases =
        producer(
            platform, new StringSerializer(), topics.modelReleases().valueSerde().serializer())) {
      String name = topics.modelReleases().name();
      releases.send(new ProducerRecord<>(name, model.version(), model.release()));
      releases.send(
          new ProducerRecord<>(
              name, ModelReleases.ACTIVE_KEY, TestModels.activation(model.version())));
    }
    return new Released(topics, model.version());
  }

  private static void registerOutputSchemas(Topics topics) {
    Decision sample =
        Decision.newBuilder()
            .setApplicationId("schema")
            .setClientId(0)
            .setProbabilityOfDefault(0)
            .setThreshold(0.5)
            .setOutcome(io.creditstream.avro.Outcome.APPROVED)
            .setReasons(List.of())
            .setModelVersion("")
            .setFeatureSetVersion("")
            .setHistoryAvailable(false)
            .setFeatureValues(List.of())
            .setApplicationTimestamp(java.time.Instant.EPOCH)
            .setDecidedAt(java.time.Instant.EPOCH)
            .setScorerInstance("")
            .build();
    topics
        .loanDecisions()
        .valueSerde()
        .serializer()
        .serialize(topics.loanDecisions().name(), sample);
    DeadLetter letter =
        DeadLetters.of("SCHEMA", "", "", 0, 0, null, null, null, java.time.Instant.EPOCH, "");
    topics.deadLetters().valueSerde().serializer().serialize(topics.deadLetters().name(), letter);
    DecisionCheckpoint checkpoint =
        DecisionCheckpoint.newBuilder()
            .setDecisionsTopic("")
            .setChain(0)
            .setSequence(0)
            .setHeadHash(java.nio.ByteBuffer.allocate(0))
            .setApplicationId("")
            .setCreatedAt(java.time.Instant.EPOCH)
            .setScorerInstance("")
            .setKeyId("")
            .setSignature(java.nio.ByteBuffer.allocate(0))
            .build();
    topics
        .decisionCheckpoints()
        .valueSerde()
        .serializer()
        .serialize(topics.decisionCheckpoints().name(), checkpoint);
  }

  private static ScorerSettings settings(Map<String, Object> config, String instance)
      throws Exception {
    Map<String, Object> c = new HashMap<>(config);
    c.put(ScorerSettings.INSTANCE, instance);
    c.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("scorer-it-").toString());
    return ScorerSettings.of(c);
  }

  private static KafkaStreams start(
      ScorerSettings settings, Topics topics, ModelRegistry models, ScorerMetrics metrics) {
    return start(settings, topics, models, metrics, FeatureObserver.NONE, null);
  }

  /** A scorer's Kafka Streams; with {@code exit}, watched by it as the scorer's runtime does. */
  private static KafkaStreams start(
      ScorerSettings settings,
      Topics topics,
      ModelRegistry models,
      ScorerMetrics metrics,
      FeatureObserver observer,
      ScorerExit exit) {
    StreamsBuilder builder = new StreamsBuilder();
    DecisionTopology.buildTopology(
        builder,
        topics,
        models,
        settings,
        new DecisionTopology.Options(
            Clock.systemUTC(),
            metrics,
            observer,
            FeatureSet.current(),
            ReasonTexts.load(),
            DecisionTopology.partitionsOf(
                settings.clientConfig(), topics.loanApplications().name())));
    Properties props = DecisionTopology.streamsConfig(settings, topics, metrics);
    KafkaStreams streams = new KafkaStreams(builder.build(props), props);
    if (exit != null) {
      exit.watch(streams);
    }
    streams.start();
    return streams;
  }

  private static boolean running(KafkaStreams s) {
    return s.state() == KafkaStreams.State.RUNNING;
  }

  private static void send(
      KafkaProducer<String, LoanApplication> producer,
      Topics topics,
      String run,
      int from,
      int to) {
    for (int i = from; i < to; i++) {
      long client = 200_000 + i;
      producer.send(
          new ProducerRecord<>(
              topics.loanApplications().name(),
              String.valueOf(client),
              Applications.valid("it-" + run + "-" + i, client, (i % 10) / 10.0 + 0.05)));
    }
  }

  private static <K, V> KafkaProducer<K, V> producer(
      LocalPlatform platform, Serializer<K> keys, Serializer<V> values) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(c, keys, values);
  }

  private static <V> KafkaConsumer<String, V> consumer(
      LocalPlatform platform, Deserializer<V> values) {
    return new KafkaConsumer<>(
        consumerConfig(platform),
        new org.apache.kafka.common.serialization.StringDeserializer(),
        values);
  }

  private static <V> KafkaConsumer<byte[], V> consumerBytesKey(
      LocalPlatform platform, Deserializer<V> values) {
    return new KafkaConsumer<>(
        consumerConfig(platform),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        values);
  }

  private static Map<String, Object> consumerConfig(LocalPlatform platform) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "scorer-it-reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return c;
  }

  /**
   * Reads {@code n} records (failing after 60 s), then keeps reading for two more seconds so that
   * duplicates written late would be seen too.
   */
  static <K, V> List<ConsumerRecord<K, V>> drain(
      KafkaConsumer<K, V> consumer, String topic, int n) {
    try (consumer) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<K, V>> out =
          new ArrayList<>(Drain.drain(consumer, n, Duration.ofSeconds(60)));
      out.addAll(Drain.drain(consumer, Integer.MAX_VALUE, Duration.ofSeconds(2)));
      return out;
    }
  }
}
