package io.creditstream.portal;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.features.ReasonTexts;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ReferenceStats;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.LoanApplications;
import io.creditstream.runtime.Drain;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.decision.AvroRow;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
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
 * <p>The model is trained here, once per JVM, with XGBoost4J on the product's {@code
 * FeatureSet.vector} of 3,000 applications built around {@link Applications#valid}: their risk
 * rises as the two external scores fall, for the young, with the credit-to-income ratio and, for
 * the three clients in four who have a history, with their loans elsewhere and late payments, and
 * falls with their previous applications with us; so that {@link Applications#valid} is approved
 * and {@link Applications#risky} declined, each with several reasons. Its card carries what the
 * trainer's does for the portal: reference statistics (the population tables) and the global
 * importance of the features, and the protected attributes.
 */
public final class ScorerDecisions {

  public static final String SEAL_KEY_ID = "test-seal";
  public static final String INSTANCE = "scorer-test-1";

  private static final FeatureSet FEATURES = FeatureSet.current();
  private static final List<String> REFERENCED =
      List.of(
          "EXT_SOURCE_2",
          "EXT_SOURCE_3",
          "EXT_SOURCES_MEAN",
          "DAYS_BIRTH",
          "AMT_CREDIT",
          "AMT_INCOME_TOTAL",
          "BURO_COUNT",
          "PREV_COUNT");
  private static final SealKeys.Signer SIGNER = signer();
  private static final SettableClock CLOCK = new SettableClock();
  private static Trained trained;
  private static DecisionMaker maker;
  private static long sequence;
  private static byte[] head = DecisionSeals.GENESIS;

  private ScorerDecisions() {}

  /** The test model: its bytes, release record and the loaded scoring model. */
  private record Trained(ModelRelease release, ScoringModel model) {}

  /** The model's release as the trainer publishes it on {@code model-releases}. */
  public static ModelRelease release() {
    return trained().release();
  }

  /** The model's version (the content hash of its bytes). */
  public static String modelVersion() {
    return trained().release().getVersion();
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
    Decision d = maker.decide(application, features, trained().model());
    head = DecisionSeals.seal(d, SIGNER, 0, sequence++, head);
    return d;
  }

  /** The scorer's decision, now, on an application body (the API's columns) under this id. */
  public static Decision decide(Map<String, Object> body, String applicationId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return decide(application(body, applicationId, now), now);
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

  /** A decline, now: the scorer's decision on {@link Applications#risky}. */
  public static Decision declined(String applicationId, long clientId) {
    return expect(decide(Applications.risky(clientId), applicationId), Outcome.DECLINED);
  }

  /** An approval, now: the scorer's decision on {@link Applications#valid}. */
  public static Decision approved(String applicationId, long clientId) {
    return expect(decide(Applications.valid(clientId), applicationId), Outcome.APPROVED);
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
            application(Applications.risky(clientId), applicationId, now),
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
            application(Applications.risky(clientId), applicationId, decidedAt.minusSeconds(61)),
            decidedAt),
        Outcome.DECLINED);
  }

  /** An approval made at {@code decidedAt}, submitted 61 s before. */
  public static Decision approvedAt(String applicationId, long clientId, Instant decidedAt) {
    return expect(
        decide(
            application(Applications.valid(clientId), applicationId, decidedAt.minusSeconds(61)),
            decidedAt),
        Outcome.APPROVED);
  }

  /** The record the portal publishes for this body (the product's conversion). */
  public static LoanApplication application(
      Map<String, Object> body, String applicationId, Instant submittedAt) {
    return LoanApplications.fromColumns(body::get, applicationId, "branch", submittedAt);
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

  private static synchronized Trained trained() {
    if (trained == null) {
      try {
        trained = train();
      } catch (Exception e) {
        throw new IllegalStateException("could not train the portal tests' model: " + e, e);
      }
    }
    return trained;
  }

  private static Trained train() throws Exception {
    int n = 3_000;
    List<String> names = FEATURES.names();
    int width = names.size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    double[][] referenced = new double[REFERENCED.size()][n];
    boolean[] bad = new boolean[n];
    Random random = new Random(7);
    AvroRow row = new AvroRow();
    for (int i = 0; i < n; i++) {
      double es2 = 0.05 + 0.9 * random.nextDouble();
      double es3 = 0.05 + 0.9 * random.nextDouble();
      double years = 21 + 44 * random.nextDouble();
      double income = 60_000 + 340_000 * random.nextDouble();
      double credit = 100_000 + 1_400_000 * random.nextDouble();
      Map<String, Object> body = Applications.valid(i);
      body.put("EXT_SOURCE_2", es2);
      body.put("EXT_SOURCE_3", es3);
      body.put("DAYS_BIRTH", (int) -Math.round(years * 365.25));
      body.put("AMT_INCOME_TOTAL", income);
      body.put("AMT_CREDIT", credit);
      body.put("AMT_GOODS_PRICE", Math.round(credit * 0.9));
      body.put("AMT_ANNUITY", Math.round(Math.min(credit / 28, income * 0.3)));
      // Three clients in four have a history: loans with other lenders, previous applications
      // with us, and the worst delay on shop and cash loans.
      Map<String, Double> history = null;
      double historyLogit = 0.3; // no history at all: a little riskier
      if (random.nextDouble() < 0.75) {
        double buro = random.nextInt(11);
        double prev = random.nextInt(7);
        double dpd = random.nextDouble() < 0.7 ? 0 : 5 + random.nextInt(56);
        history = Map.of("BURO_COUNT", buro, "PREV_COUNT", prev, "POS_SK_DPD_MAX", dpd);
        historyLogit = 0.3 * (buro - 3) - 0.5 * (prev - 1) + (dpd > 0 ? 1.2 : 0);
      }
      double[] x =
          FEATURES.vector(row.reset(application(body, "train-" + i, Instant.EPOCH)), history);
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (float) x[j];
      }
      for (int k = 0; k < REFERENCED.size(); k++) {
        referenced[k][i] = x[names.indexOf(REFERENCED.get(k))];
      }
      double logit =
          -1
              + 4 * (0.5 - es2)
              + 3 * (0.5 - es3)
              + 0.04 * (35 - years)
              + 0.5 * (credit / income - 3)
              + historyLogit;
      bad[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit));
      labels[i] = bad[i] ? 1f : 0f;
    }
    DMatrix train = new DMatrix(data, n, width, Float.NaN);
    train.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("max_depth", 3);
    params.put("eta", 0.3);
    params.put("nthread", 1);
    params.put("seed", 7);
    Booster booster = XGBoost.train(train, params, 30, Map.of(), null, null);
    byte[] bytes = booster.toByteArray("json");
    Map<String, Double> importance = new LinkedHashMap<>();
    // Gain, as the trainer reports it.
    importance.putAll(booster.getScore(names.toArray(String[]::new), "gain"));
    booster.dispose();
    train.dispose();
    Map<String, ModelCard.FeatureReference> refs = new LinkedHashMap<>();
    for (int k = 0; k < REFERENCED.size(); k++) {
      refs.put(REFERENCED.get(k), ReferenceStats.reference(referenced[k], bad, 10));
    }
    String version = ModelVersion.of(bytes);
    String card =
        new ModelCard(
                version,
                "2026-11-25T00:00:00Z",
                FEATURES.version(),
                names,
                0.5,
                null,
                null,
                null,
                Map.of(),
                "portal-tests",
                Map.of(),
                0,
                importance,
                refs)
            .withProtected(
                ProtectedAttributes.DEFAULT,
                ProtectedAttributes.of(FEATURES, ProtectedAttributes.DEFAULT).featuresIn(names))
            .toJson();
    ModelRelease release =
        ModelRelease.newBuilder()
            .setVersion(version)
            .setKind(ReleaseKind.MODEL)
            .setFormat("xgboost-json")
            .setModelBytes(ByteBuffer.wrap(bytes))
            .setModelCard(card)
            .setFeatureSetVersion(FEATURES.version())
            .setReleasedAt(Instant.parse("2026-11-25T00:00:00Z"))
            .setReleasedBy("portal-tests")
            .build();
    return new Trained(release, ScoringModel.load(bytes, card));
  }
}
