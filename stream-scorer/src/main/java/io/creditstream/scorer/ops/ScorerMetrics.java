package io.creditstream.scorer.ops;

import io.creditstream.avro.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scorer's own meters (Prometheus names in brackets): decisions by outcome
 * [creditstream_decisions_total{outcome}], end-to-end latency from submission to decision
 * [creditstream_decision_latency_seconds], scoring time [creditstream_scoring_seconds], dead
 * letters by reason [creditstream_dead_letters_total{reason}], the active model
 * [creditstream_model_active{version}], refused releases [creditstream_model_refusals_total],
 * client features ignored for a feature-set mismatch [creditstream_client_features_ignored_total],
 * and PSI per feature [creditstream_feature_psi].
 *
 * <p>Counters are resolved once and cached so the hot path does no meter lookups.
 */
public final class ScorerMetrics {

  private final MeterRegistry registry;
  private final Map<Outcome, Counter> decisions = new EnumMap<>(Outcome.class);
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final Map<String, double[]> psi = new ConcurrentHashMap<>();
  private final Map<String, Gauge> activeGauges = new ConcurrentHashMap<>();
  private final AtomicReference<String> activeVersion = new AtomicReference<>("");
  private final Timer latency;
  private final Timer scoring;
  private final Counter refusals;
  private final Counter featuresIgnored;
  private final Map<String, Counter> moved = new ConcurrentHashMap<>();
  private final Counter duplicates;
  private final Map<String, Counter> policy = new ConcurrentHashMap<>();

  public ScorerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome o : Outcome.values()) {
      decisions.put(
          o,
          Counter.builder("creditstream.decisions")
              .description("Decisions published, by outcome")
              .tag("outcome", o.name())
              .register(registry));
    }
    latency =
        Timer.builder("creditstream.decision.latency")
            .description("From the application's submittedAt to its decision")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    scoring =
        Timer.builder("creditstream.scoring")
            .description("Feature vector, model and reasons for one application")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(1_000))
            .maximumExpectedValue(Duration.ofMillis(100))
            .register(registry);
    refusals =
        Counter.builder("creditstream.model.refusals")
            .description("Model releases or activations refused as corrupt or incompatible")
            .register(registry);
    featuresIgnored =
        Counter.builder("creditstream.client.features.ignored")
            .description(
                "Client features ignored because their feature-set version is not the model's")
            .register(registry);
    duplicates =
        Counter.builder("creditstream.applications.duplicates")
            .description("Applications dropped because the same application was already decided")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void decision(Outcome outcome, long latencyMillis, long scoringNanos) {
    decisions.get(outcome).increment();
    if (latencyMillis >= 0) {
      latency.record(latencyMillis, TimeUnit.MILLISECONDS);
    }
    scoring.record(scoringNanos, TimeUnit.NANOSECONDS);
  }

  public void deadLetter(String reasonCode) {
    deadLetters
        .computeIfAbsent(
            reasonCode,
            r ->
                Counter.builder("creditstream.dead.letters")
                    .description("Records sent to the dead-letter topic, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /**
   * An application that had to be moved to its client's partition before the join, by reason:
   * key_missing, key_differs (another client id or another key encoding), wrong_partition (another
   * partitioner).
   */
  public void applicationMoved(String reason) {
    moved
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("creditstream.applications.moved")
                    .description(
                        "Applications re-keyed and moved to their client's partition before the"
                            + " join, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  public void duplicateApplication() {
    duplicates.increment();
  }

  /** A decision whose outcome an operating-policy rule set instead of the model. */
  public void policyDecision(String rule) {
    policy
        .computeIfAbsent(
            rule,
            r ->
                Counter.builder("creditstream.decisions.policy")
                    .description("Decisions made by an operating-policy rule, by rule")
                    .tag("rule", r)
                    .register(registry))
        .increment();
  }

  public void modelRefused() {
    refusals.increment();
  }

  public void clientFeaturesIgnored() {
    featuresIgnored.increment();
  }

  /** Marks {@code version} as the active model: its gauge reads 1, every other version's 0. */
  public void activeModel(String version) {
    activeVersion.set(version);
    activeGauges.computeIfAbsent(
        version,
        v ->
            Gauge.builder(
                    "creditstream.model.active", activeVersion, a -> v.equals(a.get()) ? 1 : 0)
                .description("1 for the model version in use")
                .tag("version", v)
                .register(registry));
  }

  public void psi(String feature, double value) {
    psi.computeIfAbsent(
                feature,
                f -> {
                  double[] holder = {Double.NaN};
                  Gauge.builder("creditstream.feature.psi", holder, h -> h[0])
                      .description("Population stability index of a feature against the reference")
                      .tag("feature", f)
                      .register(registry);
                  return holder;
                })[0] =
        value;
  }

  public double count(Outcome outcome) {
    return decisions.get(outcome).count();
  }

  public double deadLetters(String reasonCode) {
    Counter c = deadLetters.get(reasonCode);
    return c == null ? 0 : c.count();
  }

  public double refusalCount() {
    return refusals.count();
  }

  public double clientFeaturesIgnoredCount() {
    return featuresIgnored.count();
  }

  public double movedCount(String reason) {
    Counter c = moved.get(reason);
    return c == null ? 0 : c.count();
  }

  public double duplicatesCount() {
    return duplicates.count();
  }

  public double policyCount(String rule) {
    Counter c = policy.get(rule);
    return c == null ? 0 : c.count();
  }
}
