package io.creditstream.scorer.decision;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.deadletter.ApplicationCarrier;
import io.creditstream.scorer.deadletter.DeadLetterHandler;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.drift.FeatureObserver;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelProvider;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
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
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision topology, as a plain function of its inputs.
 *
 * <p>Input: {@code loan-applications} (LoanApplication by client id) and {@code client-features}
 * (ClientFeatures by client id, a KTable). Output: {@code loan-decisions} (Decision by client id)
 * and {@code loan-applications-dlq} (DeadLetter, key as received).
 *
 * <p>Each application is validated ({@link FeatureSet#validate}; failures become VALIDATION dead
 * letters), left-joined with the client's history (no history, or history of another feature-set
 * version, scores with history features missing), scored by the active model and published as a
 * Decision. Unreadable records become DESERIALIZATION dead letters, and applications that fail
 * while being decided SCORING dead letters, through {@link DeadLetterHandler}.
 */
public final class DecisionTopology {

  public static final String FEATURES_STORE = "client-features-store";

  private static final Logger log = LoggerFactory.getLogger(DecisionTopology.class);

  private DecisionTopology() {}

  /**
   * What the topology needs besides topics, models and settings.
   *
   * @param clock decision time (tests fix it)
   * @param metrics where decisions, dead letters and timings are counted
   * @param observer sees each scored feature vector (drift)
   * @param featureSet the feature definitions (the product's one, {@link FeatureSet#current()})
   * @param texts reason texts
   */
  public record Options(
      Clock clock,
      ScorerMetrics metrics,
      FeatureObserver observer,
      FeatureSet featureSet,
      ReasonTexts texts) {

    public static Options defaults() {
      return new Options(
          Clock.systemUTC(),
          new ScorerMetrics(Metrics.globalRegistry),
          FeatureObserver.NONE,
          FeatureSet.current(),
          ReasonTexts.load());
    }

    public Options withClock(Clock c) {
      return new Options(c, metrics, observer, featureSet, texts);
    }

    public Options withMetrics(ScorerMetrics m) {
      return new Options(clock, m, observer, featureSet, texts);
    }

    public Options withObserver(FeatureObserver o) {
      return new Options(clock, metrics, o, featureSet, texts);
    }
  }

  public static void buildTopology(
      StreamsBuilder builder, Topics topics, ModelProvider models, ScorerSettings settings) {
    buildTopology(builder, topics, models, settings, Options.defaults());
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
    FeatureSet featureSet = options.featureSet();
    DecisionPolicy policy = DecisionPolicy.from(settings);
    String instance = settings.instance();

    KTable<String, ClientFeatures> history =
        builder.table(
            features.name(),
            Consumed.with(features.keySerde(), features.valueSerde())
                .withName("client-features-source"),
            Materialized.<String, ClientFeatures, KeyValueStore<Bytes, byte[]>>as(FEATURES_STORE)
                .withKeySerde(features.keySerde())
                .withValueSerde(features.valueSerde()));

    Map<String, KStream<String, Checked>> checked =
        builder.stream(
                applications.name(),
                Consumed.with(applications.keySerde(), applications.valueSerde())
                    .withName("loan-applications-source"))
            .mapValues(
                app -> new Checked(app, featureSet.validate(new AvroRow(app))),
                Named.as("validate"))
            .split(Named.as("application-"))
            .branch((k, c) -> c.problems().isEmpty(), Branched.as("valid"))
            .defaultBranch(Branched.as("invalid"));

    checked
        .get("application-invalid")
        .process(
            () ->
                new InvalidApplicationProcessor(
                    applications.valueSerde().serializer(),
                    options.metrics(),
                    options.clock(),
                    instance),
            Named.as("invalid-to-dead-letter"))
        .to(
            deadLetters.name(),
            Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                .withName("dead-letter-sink"));

    checked
        .get("application-valid")
        .mapValues(Checked::application, Named.as("valid-application"))
        .leftJoin(
            history,
            Enriched::new,
            Joined.with(applications.keySerde(), applications.valueSerde(), features.valueSerde())
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
        .to(
            decisions.name(),
            Produced.with(decisions.keySerde(), decisions.valueSerde()).withName("decision-sink"));
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
    if (metrics != null) {
      p.put(DeadLetterHandler.METRICS, metrics);
    }
    return p;
  }

  /** An application with its validation problems (empty when valid). */
  record Checked(LoanApplication application, List<String> problems)
      implements ApplicationCarrier {}

  /** A valid application and the client's history features (null when the client has none). */
  record Enriched(LoanApplication application, ClientFeatures features)
      implements ApplicationCarrier {}

  /** Turns an invalid application into a VALIDATION dead letter with where it came from. */
  static final class InvalidApplicationProcessor
      implements Processor<String, Checked, byte[], DeadLetter> {
    private final Serializer<LoanApplication> serializer;
    private final ScorerMetrics metrics;
    private final Clock clock;
    private final String instance;
    private ProcessorContext<byte[], DeadLetter> context;

    InvalidApplicationProcessor(
        Serializer<LoanApplication> serializer,
        ScorerMetrics metrics,
        Clock clock,
        String instance) {
      this.serializer = serializer;
      this.metrics = metrics;
      this.clock = clock;
      this.instance = instance;
    }

    @Override
    public void init(ProcessorContext<byte[], DeadLetter> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Checked> record) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      String topic = meta == null ? "" : meta.topic();
      int partition = meta == null ? -1 : meta.partition();
      long offset = meta == null ? -1 : meta.offset();
      LoanApplication app = record.value().application();
      String reason = "invalid application: " + String.join("; ", record.value().problems());
      log.warn(
          "Application {} at {}-{}@{} sent to the dead-letter topic: {}",
          app.getApplicationId(),
          topic,
          partition,
          offset,
          reason);
      byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
      // The record was read into an object, so its original bytes are gone: the dead letter keeps
      // it re-encoded in the same wire format, which decodes to the same application.
      byte[] value = serializer.serialize(topic, app);
      DeadLetter letter =
          DeadLetters.of(
              DeadLetters.VALIDATION,
              reason,
              topic,
              partition,
              offset,
              key,
              value,
              app.getApplicationId(),
              clock.instant(),
              instance);
      metrics.deadLetter(DeadLetters.VALIDATION);
      context.forward(record.withKey(key).withValue(letter));
    }
  }

  /** Scores an enriched application with the active model and emits its Decision. */
  static final class DecisionProcessor implements FixedKeyProcessor<String, Enriched, Decision> {
    private final ModelProvider models;
    private final DecisionMaker maker;
    private final ScorerMetrics metrics;
    private final FeatureObserver observer;
    private FixedKeyProcessorContext<String, Decision> context;

    DecisionProcessor(
        ModelProvider models,
        DecisionMaker maker,
        ScorerMetrics metrics,
        FeatureObserver observer) {
      this.models = models;
      this.maker = maker;
      this.metrics = metrics;
      this.observer = observer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decision> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Enriched> record) {
      LoanApplication app = record.value().application();
      ClientFeatures features = record.value().features();
      // One read of the reference: the whole record is scored by this one model.
      ScoringModel model = models.current();
      long start = System.nanoTime();
      Decision decision = maker.decide(app, features, model);
      long scoringNanos = System.nanoTime() - start;
      if (maker.lastIgnoredFeatures()) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        log.warn(
            "Application {} at {}: client features of feature set '{}' ignored (model {} needs"
                + " '{}'); scored without history",
            app.getApplicationId(),
            meta == null ? "?" : meta.topic() + "-" + meta.partition() + "@" + meta.offset(),
            features.getFeatureSetVersion(),
            model.version(),
            maker.featureSetVersion());
        metrics.clientFeaturesIgnored();
      }
      metrics.decision(
          decision.getOutcome(),
          decision.getDecidedAt().toEpochMilli() - app.getSubmittedAt().toEpochMilli(),
          scoringNanos);
      observer.observe(model, maker.lastVector());
      if (log.isDebugEnabled()) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        log.debug(
            "Application {} at {} decided {} (p={}, model {})",
            app.getApplicationId(),
            meta == null ? "?" : meta.topic() + "-" + meta.partition() + "@" + meta.offset(),
            decision.getOutcome(),
            decision.getProbabilityOfDefault(),
            model.version());
      }
      context.forward(record.withValue(decision));
    }
  }
}
