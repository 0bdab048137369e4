package io.creditstream.scorer.decision;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.deadletter.DeadLetterHandler;
import io.creditstream.scorer.decision.Admission.Route;
import io.creditstream.scorer.drift.FeatureObserver;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelProvider;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntSupplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The decision topology, as a plain function of its inputs.
 *
 * <p>Input: {@code loan-applications} (LoanApplication, keyed by client id by the contract, but
 * read with its key as raw bytes because front offices' clients encode and partition keys
 * differently) and {@code client-features} (ClientFeatures by client id, a KTable). Output: {@code
 * loan-decisions} (Decision by client id, sealed and chained per partition by {@link
 * DecisionChain}), {@code decision-checkpoints} (signed chain heads) and {@code
 * loan-applications-dlq} (DeadLetter).
 *
 * <p>Each application passes one {@link ApplicationDoor}: it is checked against the {@link
 * ApplicationContract} (violations become VALIDATION dead letters naming each field and rule); a
 * valid one not on its client's partition, or not under the canonical key, is re-keyed and moved
 * through a repartition topic ({@link Placement}); its application id is checked for duplicates and
 * conflicts ({@link ApplicationIds}); then it is left-joined with the client's history (no history,
 * or history of another feature-set version, scores with history features missing), judged by the
 * operating policy, scored by the active model and published as a Decision. Unreadable records
 * become DESERIALIZATION dead letters, and applications that fail while being decided SCORING dead
 * letters, through {@link DeadLetterHandler}.
 *
 * <p>Only the graph lives here (its node and store names are those of running deployments' internal
 * topics and stores: {@code DecisionTopologyShapeTest} pins them); the steps are their own classes:
 * {@link ApplicationDoor}, {@link Placement}, {@link ApplicationIds}, {@link DecisionProcessor},
 * {@link DecisionChain}.
 */
public final class DecisionTopology {

  public static final String FEATURES_STORE = "client-features-store";

  /** Remembers each decided application id (see {@link ApplicationIds}). */
  public static final String APPLICATION_IDS_STORE = ApplicationIds.STORE;

  /** The head of each decision chain (see {@link DecisionChain}). */
  public static final String CHAIN_STORE = DecisionChain.STORE;

  private DecisionTopology() {}

  /**
   * What the topology needs besides topics, models and settings.
   *
   * @param clock decision time (tests fix it)
   * @param metrics where decisions, dead letters and timings are counted
   * @param observer sees each scored feature vector (drift)
   * @param featureSet the feature definitions (the product's one, {@link FeatureSet#current()})
   * @param texts reason texts
   * @param partitions the partition count of {@code loan-applications} (and of {@code
   *     client-features}, co-partitioned), which decides where each client's records belong; asked
   *     once, when the first task starts (the scorer reads it from the broker then, {@link
   *     #partitionsOf}, so that it can report "not ready" without a broker); one in {@code
   *     TopologyTestDriver} tests
   */
  public record Options(
      Clock clock,
      ScorerMetrics metrics,
      FeatureObserver observer,
      FeatureSet featureSet,
      ReasonTexts texts,
      IntSupplier partitions) {

    public Options(
        Clock clock,
        ScorerMetrics metrics,
        FeatureObserver observer,
        FeatureSet featureSet,
        ReasonTexts texts,
        int partitions) {
      this(clock, metrics, observer, featureSet, texts, () -> partitions);
    }

    /** Defaults for a one-partition topic (TopologyTestDriver). */
    public static Options defaults() {
      return new Options(
          Clock.systemUTC(),
          new ScorerMetrics(Metrics.globalRegistry),
          FeatureObserver.NONE,
          FeatureSet.current(),
          ReasonTexts.load(),
          1);
    }

    public Options withClock(Clock c) {
      return new Options(c, metrics, observer, featureSet, texts, partitions);
    }

    public Options withMetrics(ScorerMetrics m) {
      return new Options(clock, m, observer, featureSet, texts, partitions);
    }

    public Options withObserver(FeatureObserver o) {
      return new Options(clock, metrics, o, featureSet, texts, partitions);
    }

    public Options withPartitions(IntSupplier n) {
      return new Options(clock, metrics, observer, featureSet, texts, n);
    }
  }

  /**
   * The partition count of a topic, read from the broker once, on first use (a task cannot place
   * records without it, and fails if the broker cannot tell).
   */
  public static IntSupplier partitionsOf(Map<String, Object> clientConfig, String topic) {
    return PartitionCount.of(clientConfig, topic);
  }

  /** The topology with the default options, its partition count read from the broker. */
  public static void buildTopology(
      StreamsBuilder builder, Topics topics, ModelProvider models, ScorerSettings settings) {
    buildTopology(
        builder,
        topics,
        models,
        settings,
        Options.defaults()
            .withPartitions(
                partitionsOf(settings.clientConfig(), topics.loanApplications().name())));
  }

  public static void buildTopology(
      StreamsBuilder builder,
      Topics topics,
      ModelProvider models,
      ScorerSettings settings,
      Options options) {
    Topic<String, LoanApplication> applications = topics.loanApplications();
    Topic<String, ClientFeatures> features = topics.clientFeatures();
    Topic<String, Decision> decisions = topics.loanDecisions();
    Topic<byte[], DeadLetter> deadLetters = topics.deadLetters();
    Topic<String, DecisionCheckpoint> checkpoints = topics.decisionCheckpoints();
    // Read (or refused) before anything is built: a scorer without a signing key does not start.
    SealKeys.Signer signer = settings.sealSigner();
    Serde<LoanApplication> applicationSerde = applications.valueSerde();
    FeatureSet featureSet = options.featureSet();
    ApplicationContract contract = ApplicationContract.current();
    DecisionPolicy policy = DecisionPolicy.from(settings);
    String instance = settings.instance();
    Produced<byte[], DeadLetter> toDeadLetters =
        Produced.with(deadLetters.keySerde(), deadLetters.valueSerde());

    // Keys are compared as the bytes the features' producer wrote (the client id as a UTF-8
    // decimal string): a table keyed by bytes joins the same records as one keyed by String.
    // The values are held as arrays in the feature set's order (ClientHistorySerde): converted
    // once per published history, not once per application joined with it.
    ClientHistorySerde historySerde =
        new ClientHistorySerde(
            features.valueSerde(), featureSet, features.name(), settings.releaseVerification());
    KTable<byte[], ClientHistory> history =
        builder.table(
            features.name(),
            Consumed.with(Serdes.ByteArray(), historySerde).withName("client-features-source"),
            Materialized.<byte[], ClientHistory, KeyValueStore<Bytes, byte[]>>as(FEATURES_STORE)
                .withKeySerde(Serdes.ByteArray())
                .withValueSerde(historySerde));
    // Cached: each id is written to RocksDB and its changelog once per commit, in a batch, instead
    // of one RocksDB write and one changelog send per application (the pipeline benchmark's store
    // share fell from 21 % to 15 % of the stream thread with it; see docs/BENCHMARKS.md §1b).
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(APPLICATION_IDS_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingEnabled());
    // One key per task (its chain's head), rewritten by every decision: held in memory and cached,
    // so the changelog gets the head once per commit, in the same transaction as the decisions,
    // instead of a RocksDB write and a changelog record per decision. Restored from the changelog
    // after a restart or a rebalance, as any store.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CHAIN_STORE), Serdes.Integer(), Serdes.ByteArray())
            .withCachingEnabled());

    // Every application read from the topic passes one door (contract, placement, id): a valid,
    // well-placed, new one, nearly every application, is five nodes from the source to the join.
    Map<String, KStream<byte[], Admission>> admitted =
        builder.stream(
                applications.name(),
                Consumed.with(Serdes.ByteArray(), applicationSerde)
                    .withName("loan-applications-source"))
            .processValues(
                () ->
                    new ApplicationDoor(
                        contract,
                        options.partitions(),
                        applicationSerde.serializer(),
                        options.metrics(),
                        options.clock(),
                        instance),
                Named.as("application-door"),
                APPLICATION_IDS_STORE)
            .split(Named.as("door-"))
            .branch((k, a) -> a.is(Route.DECIDE), Branched.as("decide"))
            .branch((k, a) -> a.is(Route.MOVE), Branched.as("move"))
            .defaultBranch(Branched.as("refuse"));
    admitted
        .get("door-refuse")
        .mapValues(a -> DeadLetterSeals.seal(a.letter(), signer), Named.as("refusal-letter"))
        .to(deadLetters.name(), toDeadLetters.withName("dead-letter-sink"));

    // Not on its client's partition, or not under the canonical key: re-keyed and moved through
    // the repartition topic; after the hop it is judged by the contract again (whatever else was
    // written to that topic must not reach the model unjudged) and its id is checked.
    Map<String, KStream<byte[], Admission>> moved =
        admitted
            .get("door-move")
            .map(
                (k, a) -> KeyValue.pair(Placement.canonicalKey(a.application()), a.application()),
                Named.as("canonical-key"))
            .repartition(
                Repartitioned.with(Serdes.ByteArray(), applicationSerde)
                    .withName("applications-by-client"))
            .processValues(
                () ->
                    ApplicationDoor.afterMove(
                        contract,
                        applicationSerde.serializer(),
                        options.metrics(),
                        options.clock(),
                        instance),
                Named.as("application-ids"),
                APPLICATION_IDS_STORE)
            .split(Named.as("moved-"))
            .branch((k, a) -> a.is(Route.DECIDE), Branched.as("decide"))
            .defaultBranch(Branched.as("refuse"));
    moved
        .get("moved-refuse")
        .mapValues(a -> DeadLetterSeals.seal(a.letter(), signer), Named.as("conflict-letter"))
        .to(deadLetters.name(), toDeadLetters.withName("conflict-sink"));

    admitted
        .get("door-decide")
        .merge(moved.get("moved-decide"), Named.as("at-client-partition"))
        .leftJoin(
            history,
            (Admission a, ClientHistory h) -> new Enriched(a.application(), h),
            // No value serde: the stream is never repartitioned here (the door keeps the key).
            Joined.<byte[], Admission, ClientHistory>with(Serdes.ByteArray(), null, historySerde)
                .withName("join-client-features"))
        .processValues(
            () ->
                new DecisionProcessor(
                    models,
                    new DecisionMaker(
                        featureSet, options.texts(), policy, instance, options.clock()),
                    options.metrics(),
                    options.observer()),
            Named.as("decide"))
        .process(
            () ->
                new DecisionChain.Sealer(
                    signer,
                    decisions.name(),
                    settings.checkpointEvery(),
                    settings.checkpointInterval(),
                    options.clock(),
                    instance),
            Named.as("seal"),
            CHAIN_STORE)
        .split(Named.as("sealed-"))
        .branch(
            (k, v) -> v instanceof Decision,
            Branched.withConsumer(
                s ->
                    s.mapValues(v -> (Decision) v, Named.as("as-decision"))
                        // The key is the canonical client id, the very bytes the String serde of
                        // the decisions topic writes; the partition is the decision's chain.
                        .to(
                            decisions.name(),
                            Produced.with(Serdes.ByteArray(), decisions.valueSerde())
                                .withStreamPartitioner(DecisionChain.partitioner())
                                .withName("decision-sink")),
                "decision"))
        .defaultBranch(
            Branched.withConsumer(
                s ->
                    s.mapValues(v -> (DecisionCheckpoint) v, Named.as("as-checkpoint"))
                        .to(
                            checkpoints.name(),
                            Produced.with(Serdes.ByteArray(), checkpoints.valueSerde())
                                .withName("checkpoint-sink")),
                "checkpoint"));
  }

  /**
   * The Kafka Streams configuration: every pass-through client setting, exactly-once v2 and the
   * dead-letter handler.
   *
   * @param metrics handed to the dead-letter handler (may be null: it then only logs)
   */
  public static Properties streamsConfig(
      ScorerSettings settings, Topics topics, ScorerMetrics metrics) {
    Properties p = new Properties();
    p.putAll(settings.clientConfig());
    // A decision must be published exactly once even when an instance dies mid-batch: the input
    // offsets, the store changelog, the decisions and the dead letters commit in one transaction.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandler.class.getName());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    p.put(DeadLetterHandler.DLQ_TOPIC, topics.deadLetters().name());
    p.put(DeadLetterHandler.INSTANCE, settings.instance());
    p.put(DeadLetterHandler.SIGNER, settings.sealSigner());
    if (metrics != null) {
      p.put(DeadLetterHandler.METRICS, metrics);
    }
    return p;
  }
}
