package io.creditstream.portal;

import io.creditstream.avro.CounterOffer;
import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decision records built by hand, for the few tests that need what the current scorer never writes.
 * Every other portal test takes the scorer's own decisions from {@link ScorerDecisions}.
 *
 * <p>What is left here, and why: records of the older schemas the portal must still show (a v2
 * record with its bare vector, {@link #compactDecision}; v1 named values, {@link #decision}) and
 * inputs for the client page's wording that need reasons, figures and a card chosen for the text
 * they exercise ({@link #groupedDecision}: history tables and the external scores by their group
 * names, 20.7 % against 8.1 %, an age of -9,000 days; the gauge's arithmetic). They are sealed with
 * the tests' key so that nothing but their content is special, but they are not what the scorer
 * would decide: never use them where a test stands for the scorer.
 */
public final class Decisions {

  public static final String MODEL_VERSION = "0123456789abcdef";
  private static final String SEAL_KEY_ID = "test-seal";

  private static final SealKeys.Signer SIGNER = signer();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private static SealKeys.Signer signer() {
    try {
      return new SealKeys.Signer(
          SEAL_KEY_ID,
          SealKeys.readPrivateKey(
              Path.of(Decisions.class.getResource("/seal/test-seal.key").toURI())));
    } catch (Exception e) {
      throw new IllegalStateException("the tests' seal key cannot be read", e);
    }
  }

  private Decisions() {}

  public static Decision decision(String applicationId, long clientId, double probability) {
    return seal(unsealed(applicationId, clientId, probability));
  }

  /** The decision before the scorer's chain seals it (what a v2 scorer, or a forger, writes). */
  private static Decision unsealed(String applicationId, long clientId, double probability) {
    Outcome outcome = probability >= 0.5 ? Outcome.DECLINED : Outcome.APPROVED;
    Decision d =
        Decision.newBuilder()
            .setApplicationId(applicationId)
            .setClientId(clientId)
            .setProbabilityOfDefault(probability)
            .setThreshold(0.5)
            .setReviewBand(null)
            .setOutcome(outcome)
            .setReasons(
                List.of(
                    reason(
                        "EXT_SOURCE_3",
                        "0.159",
                        0.42,
                        "Your external credit score weighed against your application."),
                    reason(
                        "EXT_SOURCE_2",
                        "0.789",
                        -0.31,
                        "Your second external credit score weighed in favour of your application."),
                    reason(
                        "AMT_CREDIT",
                        "568800",
                        0.12,
                        "The amount of credit weighed against your application.")))
            .setModelVersion(MODEL_VERSION)
            .setFeatureSetVersion("fs00112233445566")
            .setHistoryAvailable(true)
            .setFeatureValues(
                List.of(
                    new FeatureValue("EXT_SOURCE_2", 0.789),
                    new FeatureValue("EXT_SOURCE_3", 0.159),
                    new FeatureValue("AMT_CREDIT", 568800.0),
                    new FeatureValue("OWN_CAR_AGE", null)))
            .setApplicationTimestamp(Instant.parse("2026-11-25T09:59:00Z"))
            .setDecidedAt(Instant.parse("2026-11-25T10:00:01Z"))
            .setScorerInstance("scorer-test-1")
            .setContentHash("")
            .build();
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  /**
   * Seals a decision as the scorer does, with the tests' key ({@code seal/test-seal.key}, whose
   * public half the test profile configures under {@link #SEAL_KEY_ID}); the portal checks seals,
   * not chains, so each decision is sealed as the next one of chain 0.
   */
  private static Decision seal(Decision d) {
    DecisionSeals.seal(d, SIGNER, 0, SEQUENCE.getAndIncrement(), DecisionSeals.GENESIS);
    return d;
  }

  /**
   * The same decision as a schema v2 scorer writes it: the bare vector in the card's featureNames
   * order (NaN missing), no names, and the explainer that computed the contributions.
   */
  public static Decision compactDecision(String applicationId, long clientId, double probability) {
    Decision d = decision(applicationId, clientId, probability);
    d.setFeatureValues(List.of());
    d.setFeatureVector(List.of(0.789, 0.159, 568800.0, Double.NaN));
    d.setExplainer("treeshap-table-v1");
    return seal(d);
  }

  /**
   * The same decision as a current scorer writes it (compact, schema v4): the float32 values the
   * model read, missing ones left out, in the card's featureNames order; no double vector.
   */
  public static Decision float32Decision(String applicationId, long clientId, double probability) {
    Decision d = decision(applicationId, clientId, probability);
    d.setFeatureValues(List.of());
    d.setFeatures(
        io.creditstream.records.Decisions.pack(new double[] {0.789, 0.159, 568800.0, Double.NaN}));
    d.setExplainer("treeshap-table-v1");
    return seal(d);
  }

  private static Reason reason(String feature, String value, double contribution, String text) {
    return Reason.newBuilder()
        .setFeature(feature)
        .setValue(value)
        .setContribution(contribution)
        .setText(text)
        .build();
  }

  /**
   * The counter-offer the scorer records on {@link #groupedDecision}: for the 568,800 asked
   * (annuity 28,440, goods 511,920), 85 % of it, rounded down to the thousand, on the same terms,
   * at a probability of default of 7.4 % (below the threshold of 8.1 %).
   */
  public static CounterOffer counterOffer() {
    return new CounterOffer("counter-offer-grid-v1", 483_000.0, 24_150.0, 434_700.0, 0.074);
  }

  /**
   * A declined decision whose reasons are the groups a client must never see by their internal
   * names (history tables, the external scores together) beside an age: 20.7 % against a threshold
   * of 8.1 %, as in the issue that asked for a readable page; with the {@link #counterOffer()} the
   * scorer found.
   */
  public static Decision groupedDecision(String applicationId, long clientId) {
    // Changed after sealing, so sealed again (as the scorer seals what it publishes).
    return seal(
        Decision.newBuilder(decision(applicationId, clientId, 0.207))
            .setThreshold(0.081)
            .setOutcome(Outcome.DECLINED)
            .setModelVersion(GROUPED_MODEL_VERSION)
            .setReasons(
                List.of(
                    reason(
                        "DAYS_BIRTH", "-9000", 0.35, "Your age weighed against your application."),
                    reason(
                        "bureau",
                        "3",
                        0.30,
                        "Your loans with other lenders, as reported by the credit bureau weighed"
                            + " against your application."),
                    reason(
                        "EXT_SOURCE",
                        "0.41",
                        0.2,
                        "Your external credit scores taken together weighed against your"
                            + " application."),
                    reason(
                        "previous_application",
                        "2",
                        -0.15,
                        "Your previous applications with us weighed in favour of your application."),
                    reason(
                        "POS_CASH_balance",
                        "0",
                        -0.05,
                        "Your repayment record on previous shop and cash loans with us weighed in"
                            + " favour of your application.")))
            .setFeatureValues(
                List.of(
                    new FeatureValue("DAYS_BIRTH", -9000.0),
                    new FeatureValue("EXT_SOURCES_MEAN", 0.41),
                    new FeatureValue("EXT_SOURCE_2", 0.5),
                    new FeatureValue("AMT_CREDIT", 568800.0)))
            .setCounterOffer(counterOffer())
            .build());
  }

  public static final String GROUPED_MODEL_VERSION = "fedcba9876543210";

  /**
   * The card of {@link #groupedDecision}'s model: reference statistics for the age (day counts
   * before the application, negative), the external scores' mean and the amount of credit.
   */
  public static ModelRelease groupedRelease() {
    String card =
        """
        {"version":"%s","threshold":0.081,
         "featureNames":["DAYS_BIRTH","EXT_SOURCES_MEAN","EXT_SOURCE_2","AMT_CREDIT"],
         "globalImportance":{"EXT_SOURCES_MEAN":0.5,"EXT_SOURCE_2":0.3,"DAYS_BIRTH":0.2,
                             "AMT_CREDIT":0.1},
         "referenceStats":{
           "DAYS_BIRTH":{"edges":[-20000,-15000,-12000,-10000],
                         "goodCounts":[90,200,260,240,150],"badCounts":[5,12,20,25,20]},
           "EXT_SOURCES_MEAN":{"edges":[0.3,0.5,0.7],"goodCounts":[100,300,350,250],
                               "badCounts":[40,30,15,5]},
           "EXT_SOURCE_2":{"edges":[0.3,0.5,0.7],"goodCounts":[100,300,350,250],
                           "badCounts":[40,30,15,5]},
           "AMT_CREDIT":{"edges":[200000,500000,1000000],"goodCounts":[300,400,250,50],
                         "badCounts":[20,30,25,5]}}}
        """
            .formatted(GROUPED_MODEL_VERSION);
    return ModelRelease.newBuilder(release())
        .setVersion(GROUPED_MODEL_VERSION)
        .setModelCard(card)
        .build();
  }

  /** A release whose card carries reference statistics for the two external scores. */
  public static ModelRelease release() {
    String card =
        """
        {"version":"%s","threshold":0.5,
         "featureNames":["EXT_SOURCE_2","EXT_SOURCE_3","AMT_CREDIT","OWN_CAR_AGE"],
         "globalImportance":{"EXT_SOURCE_3":0.5,"EXT_SOURCE_2":0.4,"AMT_CREDIT":0.1},
         "referenceStats":{
           "EXT_SOURCE_2":{"edges":[0.2,0.4,0.6,0.8],"goodCounts":[80,150,220,260,190],
                           "badCounts":[30,25,20,12,6],"missingGood":3,"missingBad":1},
           "EXT_SOURCE_3":{"edges":[0.2,0.4,0.6,0.8],"goodCounts":[70,160,230,250,200],
                           "badCounts":[40,28,18,10,5],"missingGood":9,"missingBad":4}}}
        """
            .formatted(MODEL_VERSION);
    return ModelRelease.newBuilder()
        .setVersion(MODEL_VERSION)
        .setKind(ReleaseKind.MODEL)
        .setFormat("xgboost-json")
        .setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setModelCard(card)
        .setFeatureSetVersion("fs00112233445566")
        .setReleasedAt(Instant.parse("2026-11-24T08:00:00Z"))
        .setReleasedBy("trainer-test")
        .build();
  }
}
