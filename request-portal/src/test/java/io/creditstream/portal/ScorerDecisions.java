package io.creditstream.portal;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.runtime.Drain;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.deadletter.DeadLetters;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Decisions made the way the scorer makes them, for the portal's tests: the scorer's own {@link
 * DecisionMaker} (with the scorer's default policy) decides a {@link LoanApplication} with a real
 * XGBoost model, and the decision is sealed with {@link DecisionSeals} as the scorer's chain seals
 * it (one chain, sequence and previous hash carried from one decision to the next), with the tests'
 * key ({@code seal/test-seal.key}, whose public half the test profile configures under {@link
 * #SEAL_KEY_ID}). Nothing of the decision is written by hand: when the decision's format changes in
 * the scorer, these fixtures change with it.
 *
 * <p>The model is {@link PortalTestModel}: a small one trained in the test in a few seconds, on
 * risks made up to give clear approvals and declines (the trainer's models take minutes).
 */
public final class ScorerDecisions {

  public static final String SEAL_KEY_ID = "test-seal";
  public static final String INSTANCE = "scorer-test-1";

  private static final FeatureSet FEATURES = FeatureSet.current();
  private static final SealKeys.Signer SIGNER = signer();
  private static final SettableClock CLOCK = new SettableClock();
  private static DecisionMaker maker;
  private static long sequence;
  private static byte[] head = DecisionSeals.GENESIS;

  private ScorerDecisions() {}

  /** The model's release as the trainer publishes it on {@code model-releases}. */
  /**
   * The model's release, signed by the tests' release key ({@code seal/test-release.key}, whose
   * public half {@link PortalRunner} gives the portal under {@link #RELEASE_KEY_ID}), as the
   * release pipeline publishes it.
   */
  public static ModelRelease release() {
    try {
      return ReleaseSignatures.sign(
          PortalTestModel.get().release(),
          new SealKeys.Signer(
              RELEASE_KEY_ID,
              SealKeys.readPrivateKey(
                  Path.of(ScorerDecisions.class.getResource("/seal/test-release.key").toURI()))));
    } catch (Exception e) {
      throw new IllegalStateException("the tests' release key cannot be read", e);
    }
  }

  /** The id of the tests' release key. */
  public static final String RELEASE_KEY_ID = "test-release";

  /** The model's version (the content hash of its bytes). */
  public static String modelVersion() {
    return PortalTestModel.get().release().getVersion();
  }

  /** The scorer's decision on this application now, sealed as the next decision of the chain. */
  public static Decision decide(LoanApplication application) {
    return decide(application, Instant.now());
  }

  /**
   * The scorer's decision on this application as if made at {@code decidedAt} (the scorer reads the
   * time from its clock: here a clock set to that instant), sealed as the next decision of the
   * chain.
   */
  public static Decision decide(LoanApplication application, Instant decidedAt) {
    return decide(application, null, decidedAt);
  }

  /**
   * The scorer's decision on this application with the client's history aggregates ({@code
   * client-features} as the scorer's table holds them; null: a client without history), as if made
   * at {@code decidedAt}, sealed as the next decision of the chain.
   */
  public static synchronized Decision decide(
      LoanApplication application, Map<String, Double> history, Instant decidedAt) {
    if (maker == null) {
      maker =
          new DecisionMaker(
              FEATURES,
              ReasonTexts.load(),
              DecisionPolicy.from(ScorerSettings.of(Map.of())),
              INSTANCE,
              CLOCK);
    }
    CLOCK.now = decidedAt;
    ClientFeatures features =
        history == null
            ? null
            : ClientFeatures.newBuilder()
                .setClientId(application.getSKIDCURR())
                .setAsOf(decidedAt.minus(Duration.ofDays(1)))
                .setFeatureSetVersion(FEATURES.version())
                .setSources(List.of("bureau", "previous_application", "POS_CASH_balance"))
                .setValues(new HashMap<>(history))
                .build();
    Decision d = maker.decide(application, features, PortalTestModel.get().model());
    head = DecisionSeals.seal(d, SIGNER, 0, sequence++, head);
    return d;
  }

  /** The scorer's decision, now, on an application body (the API's columns) under this id. */
  public static Decision decide(Map<String, Object> body, String applicationId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return decide(ApplicationBodies.record(body, applicationId, now), now);
  }

  /**
   * Plays the scorer for an application submitted through the portal: reads the very record the
   * portal published on {@code loan-applications} and decides it now.
   */
  public static Decision decidePublished(
      LocalPlatform platform, Topics topics, String applicationId) {
    try (KafkaConsumer<String, LoanApplication> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topics.loanApplications().keySerde().deserializer(),
            topics.loanApplications().valueSerde().deserializer())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, LoanApplication> r :
            Drain.readAll(consumer, topics.loanApplications().name(), Duration.ofSeconds(20))) {
          if (applicationId.equals(r.value().getApplicationId())) {
            return decide(r.value());
          }
        }
      }
    }
    throw new AssertionError("application " + applicationId + " is not on loan-applications");
  }

  /** A decline, now: the scorer's decision on {@link ApplicationBodies#risky}. */
  public static Decision declined(String applicationId, long clientId) {
    return expect(decide(ApplicationBodies.risky(clientId), applicationId), Outcome.DECLINED);
  }

  /** An approval, now: the scorer's decision on {@link ApplicationBodies#valid}. */
  public static Decision approved(String applicationId, long clientId) {
    return expect(decide(ApplicationBodies.valid(clientId), applicationId), Outcome.APPROVED);
  }

  /**
   * A decline, now, of a client with a history: many loans with other lenders (9, as the credit
   * bureau reports them), 3 previous applications with us and no payment late on shop and cash
   * loans. The model reads those too, so history tables are among its reasons.
   */
  public static Decision declinedWithHistory(String applicationId, long clientId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return expect(
        decide(
            ApplicationBodies.record(ApplicationBodies.risky(clientId), applicationId, now),
            Map.of("BURO_COUNT", 9.0, "PREV_COUNT", 3.0, "POS_SK_DPD_MAX", 0.0),
            now),
        Outcome.DECLINED);
  }

  /**
   * A decline made at {@code decidedAt} of an application submitted 61 s before (for tests that
   * search by time).
   */
  public static Decision declinedAt(String applicationId, long clientId, Instant decidedAt) {
    return expect(
        decide(
            ApplicationBodies.record(
                ApplicationBodies.risky(clientId), applicationId, decidedAt.minusSeconds(61)),
            decidedAt),
        Outcome.DECLINED);
  }

  /** An approval made at {@code decidedAt}, submitted 61 s before. */
  public static Decision approvedAt(String applicationId, long clientId, Instant decidedAt) {
    return expect(
        decide(
            ApplicationBodies.record(
                ApplicationBodies.valid(clientId), applicationId, decidedAt.minusSeconds(61)),
            decidedAt),
        Outcome.APPROVED);
  }

  /** The scorer's clock, set to each decision's instant. */
  private static final class SettableClock extends Clock {
    volatile Instant now = Instant.EPOCH;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static Decision expect(Decision d, Outcome wanted) {
    if (d.getOutcome() != wanted) {
      throw new IllegalStateException(
          "The test model decided "
              + d.getOutcome()
              + " (p="
              + d.getProbabilityOfDefault()
              + ") where the fixture promises "
              + wanted);
    }
    return d;
  }

  /**
   * A dead letter as the scorer writes it (its {@code DeadLetters} and seal): for an application
   * refused for the given reason, keyed by the client id, without the record's bytes.
   */
  public static DeadLetter refused(
      String applicationId, long clientId, String reasonCode, String reason) {
    return DeadLetterSeals.seal(
        DeadLetters.of(
            reasonCode,
            reason,
            "loan-applications",
            0,
            clientId,
            Long.toString(clientId).getBytes(java.nio.charset.StandardCharsets.UTF_8),
            null,
            applicationId,
            Instant.parse("2026-12-07T10:00:00Z"),
            INSTANCE),
        SIGNER);
  }

  /** A drift report as the scorer publishes it: sealed with its key. */
  public static io.creditstream.avro.DriftReport sealed(io.creditstream.avro.DriftReport report) {
    return io.creditstream.seal.DriftReportSeals.seal(report, SIGNER);
  }

  private static SealKeys.Signer signer() {
    try {
      return new SealKeys.Signer(
          SEAL_KEY_ID,
          SealKeys.readPrivateKey(
              Path.of(ScorerDecisions.class.getResource("/seal/test-seal.key").toURI())));
    } catch (Exception e) {
      throw new IllegalStateException("the tests' seal key cannot be read", e);
    }
  }
}
