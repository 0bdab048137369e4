package io.creditstream.scorer.decision;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.drift.FeatureObserver;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelProvider;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scores an enriched application with the active model and emits its Decision. */
final class DecisionProcessor implements FixedKeyProcessor<byte[], Enriched, Decision> {
  // Logged under the topology's name, as before this class was split out of it: operators'
  // log settings and alerts select these lines by that logger.
  private static final Logger log = LoggerFactory.getLogger(DecisionTopology.class);

  private final ModelProvider models;
  private final DecisionMaker maker;
  private final ScorerMetrics metrics;
  private final FeatureObserver observer;
  private FixedKeyProcessorContext<byte[], Decision> context;

  DecisionProcessor(
      ModelProvider models, DecisionMaker maker, ScorerMetrics metrics, FeatureObserver observer) {
    this.models = models;
    this.maker = maker;
    this.metrics = metrics;
    this.observer = observer;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], Decision> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<byte[], Enriched> record) {
    LoanApplication app = record.value().application();
    ClientHistory features = record.value().features();
    // One read of the reference: the whole record is scored by this one model.
    ScoringModel model = models.current();
    long start = System.nanoTime();
    Decision decision = maker.decideWithHistory(app, features, model);
    long scoringNanos = System.nanoTime() - start;
    if (maker.lastIgnoredFeatures()) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      log.warn(
          "Application {} at {}: client features of feature set '{}' ignored (model {} needs"
              + " '{}'); scored without history",
          app.getApplicationId(),
          meta == null ? "?" : meta.topic() + "-" + meta.partition() + "@" + meta.offset(),
          features.featureSetVersion(),
          model.version(),
          maker.featureSetVersion());
      metrics.clientFeaturesIgnored();
    }
    metrics.decision(
        decision.getOutcome(),
        decision.getDecidedAt().toEpochMilli() - app.getSubmittedAt().toEpochMilli(),
        scoringNanos);
    if (decision.getPolicy() != null) {
      metrics.policyDecision(decision.getPolicy().getRule());
    }
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
