package io.creditstream.scorer.replay;

import io.creditstream.avro.CounterOffer;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReviewBand;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.model.Explainer;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.Decisions;
import io.creditstream.scorer.decision.AvroRow;
import io.creditstream.scorer.decision.CounterOfferSearch;
import io.creditstream.scorer.decision.DecisionHash;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-decides one recorded {@link Decision} with the scorer's own {@link DecisionMaker}: the
 * recorded feature vector, the recorded model version, the recorded decision time, and compares the
 * result field by field (doubles by their raw bits). Also recomputes the application-derived
 * features from the original application and checks the history features against the client's
 * {@code client-features} records, and verifies the content hash.
 *
 * <p>The counter-offer is searched again from the original application and the recorded vector and
 * compared like any other field. It is left out of the comparison when the record has none (an
 * approval, or a record written before the field existed: those replay as before) and when the
 * original application was not found (the search scales the application's amounts, which the record
 * alone does not hold in full).
 *
 * <p>Not thread-safe (the decision maker reuses its buffers).
 */
final class Reproducer {

  /** Where recorded model versions come from. */
  interface Models {
    Optional<ScoringModel> byVersion(String version);

    String whyMissing(String version);
  }

  private final FeatureSet featureSet;
  private final Models models;
  private final DecisionMaker maker;
  private final int applicationFeatures;
  private final AvroRow row = new AvroRow();

  Reproducer(FeatureSet featureSet, ReasonTexts texts, DecisionPolicy policy, Models models) {
    this.featureSet = featureSet;
    this.models = models;
    // The decision time is passed in for each decision; the clock is never read.
    this.maker =
        new DecisionMaker(
            featureSet,
            texts,
            policy,
            "replay",
            Clock.fixed(java.time.Instant.EPOCH, ZoneOffset.UTC));
    this.applicationFeatures = featureSet.applicationFeatureCount();
  }

  /**
   * Checks one decision.
   *
   * @param application the original application, or null when it was not found
   * @param history the client's versions on {@code client-features} as [record time, {@link
   *     HistoryDigest}] pairs in publication order, or null when the history check is off
   */
  Verdict check(
      Decision d, int partition, long offset, LoanApplication application, long[] history) {
    boolean tampered = !DecisionHash.verify(d);
    String problem = unusable(d);
    double[] x = problem == null ? vector(d) : null;

    Verdict.Check appCheck = Verdict.Check.NOT_CHECKED;
    Verdict.Check historyCheck = Verdict.Check.NOT_CHECKED;
    List<String> featureDiffs = new ArrayList<>();
    if (x != null) {
      if (application != null) {
        appCheck = checkApplicationFeatures(application, x, featureDiffs);
      }
      if (history != null) {
        historyCheck = checkHistory(d, x, history, featureDiffs);
      }
    }

    if (problem != null) {
      return verdict(
          d,
          partition,
          offset,
          Verdict.Status.NOT_REPRODUCIBLE,
          tampered,
          List.of(problem),
          appCheck,
          historyCheck,
          featureDiffs,
          Double.NaN,
          null);
    }
    Optional<ScoringModel> model = models.byVersion(d.getModelVersion());
    if (model.isEmpty()) {
      return verdict(
          d,
          partition,
          offset,
          Verdict.Status.NOT_REPRODUCIBLE,
          tampered,
          List.of(models.whyMissing(d.getModelVersion())),
          appCheck,
          historyCheck,
          featureDiffs,
          Double.NaN,
          null);
    }
    boolean appMatches =
        application != null && application.getApplicationId().equals(d.getApplicationId());
    Decision replayed = decide(d, x, appMatches ? application : null, model.get(), explainerOf(d));
    List<String> diffs = compare(d, replayed, appMatches);
    return verdict(
        d,
        partition,
        offset,
        diffs.isEmpty() ? Verdict.Status.IDENTICAL : Verdict.Status.DIFFERENT,
        tampered,
        diffs,
        appCheck,
        historyCheck,
        featureDiffs,
        replayed.getProbabilityOfDefault(),
        replayed.getOutcome());
  }

  /**
   * The decision another model would have made on the same recorded features (what-if), or empty
   * when the record's features cannot be used.
   */
  Optional<Decision> decideWith(Decision d, ScoringModel model, LoanApplication application) {
    if (unusable(d) != null) {
      return Optional.empty();
    }
    boolean appMatches =
        application != null && application.getApplicationId().equals(d.getApplicationId());
    return Optional.of(decide(d, vector(d), appMatches ? application : null, model));
  }

  private Decision decide(Decision d, double[] x, LoanApplication application, ScoringModel model) {
    return decide(d, x, application, model, Explainer.DEFAULT);
  }

  private Decision decide(
      Decision d,
      double[] x,
      LoanApplication application,
      ScoringModel model,
      Explainer explainer) {
    LoanApplication app = application != null ? application : envelope(d);
    return maker.decide(app, x, d.getHistoryAvailable(), model, d.getDecidedAt(), explainer);
  }

  /**
   * The explainer the decision was made with: v1 records carry none, and were all explained by the
   * quadrature walk (the only explainer before schema v2).
   */
  static Explainer explainerOf(Decision d) {
    return d.getExplainer() == null ? Explainer.QUADRATURE : Explainer.of(d.getExplainer());
  }

  /**
   * Without the original application, the decision maker still needs the envelope it copies (ids,
   * submission time); the reasons' displayed values of application columns then come out empty, and
   * are left out of the comparison.
   */
  private static LoanApplication envelope(Decision d) {
    LoanApplication app = new LoanApplication();
    app.setApplicationId(d.getApplicationId());
    app.setSKIDCURR(d.getClientId());
    app.setSubmittedAt(d.getApplicationTimestamp());
    return app;
  }

  /** Why the recorded vector cannot be used with this feature set (or explainer), or null. */
  private String unusable(Decision d) {
    try {
      explainerOf(d);
    } catch (IllegalArgumentException e) {
      return "the reasons were computed by an explainer this replay does not have: "
          + e.getMessage();
    }
    if (!featureSet.version().equals(d.getFeatureSetVersion())) {
      return "decided with feature set "
          + d.getFeatureSetVersion()
          + "; this replay computes feature set "
          + featureSet.version();
    }
    List<String> names = featureSet.names();
    // v2 records carry a bare vector in the feature set's order (its version was checked above);
    // v1 records name every value, and each name must be the feature set's at that position.
    List<String> recorded = Decisions.featureNames(d, names);
    int count = Decisions.hasCompactVector(d) ? d.getFeatureVector().size() : recorded.size();
    if (recorded == null || count != names.size()) {
      return "the record holds " + count + " feature values, the feature set has " + names.size();
    }
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).equals(recorded.get(i))) {
        return "recorded feature "
            + i
            + " is '"
            + recorded.get(i)
            + "', expected '"
            + names.get(i)
            + "'";
      }
    }
    return null;
  }

  private static double[] vector(Decision d) {
    return Decisions.featureVector(d);
  }

  private Verdict.Check checkApplicationFeatures(
      LoanApplication application, double[] recorded, List<String> diffs) {
    double[] recomputed;
    try {
      recomputed = featureSet.vector(row.reset(application), null);
    } catch (IllegalArgumentException e) {
      diffs.add("the application's features cannot be computed: " + e.getMessage());
      return Verdict.Check.DIFFERENT;
    }
    int before = diffs.size();
    for (int i = 0; i < applicationFeatures; i++) {
      if (!sameBits(recorded[i], recomputed[i])) {
        diffs.add(
            featureSet.names().get(i)
                + ": recorded "
                + show(recorded[i])
                + ", recomputed "
                + show(recomputed[i]));
      }
    }
    return diffs.size() == before ? Verdict.Check.IDENTICAL : Verdict.Check.DIFFERENT;
  }

  private Verdict.Check checkHistory(
      Decision d, double[] recorded, long[] history, List<String> diffs) {
    List<String> names = featureSet.names();
    if (!d.getHistoryAvailable()) {
      for (int i = applicationFeatures; i < recorded.length; i++) {
        if (!Double.isNaN(recorded[i])) {
          diffs.add(
              names.get(i)
                  + ": recorded "
                  + show(recorded[i])
                  + " although the decision says the client had no history");
          return Verdict.Check.DIFFERENT;
        }
      }
      return Verdict.Check.NOT_USED;
    }
    long decidedAt = d.getDecidedAt().toEpochMilli();
    long digest = HistoryDigest.of(recorded, applicationFeatures, recorded.length);
    long latest = Long.MIN_VALUE;
    // Which version the scorer's table held at that moment cannot be known exactly from the
    // topic, so the recorded values pass when they equal any version published up to the
    // decision.
    for (int k = 0; k + 1 < history.length; k += 2) {
      if (history[k] > decidedAt) {
        continue;
      }
      if (history[k + 1] == digest) {
        return Verdict.Check.IDENTICAL;
      }
      latest = Math.max(latest, history[k]);
    }
    if (latest == Long.MIN_VALUE) {
      return Verdict.Check.NOT_CHECKED;
    }
    diffs.add(
        "history features: the recorded values equal no client-features version published up to"
            + " the decision (latest at "
            + java.time.Instant.ofEpochMilli(latest)
            + ")");
    return Verdict.Check.DIFFERENT;
  }

  private static List<String> compare(Decision rec, Decision rep, boolean compareValues) {
    List<String> diffs = new ArrayList<>();
    doubleField(
        diffs,
        "probabilityOfDefault",
        rec.getProbabilityOfDefault(),
        rep.getProbabilityOfDefault());
    doubleField(diffs, "threshold", rec.getThreshold(), rep.getThreshold());
    if (rec.getOutcome() != rep.getOutcome()) {
      diffs.add("outcome: recorded " + rec.getOutcome() + ", replayed " + rep.getOutcome());
    }
    if (!Objects.equals(rec.getPolicy(), rep.getPolicy())) {
      diffs.add("policy: recorded " + rec.getPolicy() + ", replayed " + rep.getPolicy());
    }
    ReviewBand a = rec.getReviewBand();
    ReviewBand b = rep.getReviewBand();
    if ((a == null) != (b == null)
        || (a != null
            && (!sameBits(a.getLower(), b.getLower()) || !sameBits(a.getUpper(), b.getUpper())))) {
      diffs.add("reviewBand: recorded " + band(a) + ", replayed " + band(b));
    }
    List<Reason> ra = rec.getReasons();
    List<Reason> rb = rep.getReasons();
    if (ra.size() != rb.size()) {
      diffs.add("reasons: recorded " + ra.size() + ", replayed " + rb.size());
    }
    for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
      Reason x = ra.get(i);
      Reason y = rb.get(i);
      String p = "reasons[" + i + "].";
      if (!x.getFeature().equals(y.getFeature())) {
        diffs.add(p + "feature: recorded " + x.getFeature() + ", replayed " + y.getFeature());
        continue;
      }
      doubleField(diffs, p + "contribution", x.getContribution(), y.getContribution());
      if (!x.getText().equals(y.getText())) {
        diffs.add(p + "text: recorded '" + x.getText() + "', replayed '" + y.getText() + "'");
      }
      if (compareValues && !Objects.equals(x.getValue(), y.getValue())) {
        diffs.add(p + "value: recorded " + x.getValue() + ", replayed " + y.getValue());
      }
    }
    if (compareValues) {
      counterOffer(diffs, rec.getCounterOffer(), rep.getCounterOffer());
    }
    return diffs;
  }

  /** The recorded counter-offer against the one searched again (nothing recorded: not compared). */
  private static void counterOffer(List<String> diffs, CounterOffer rec, CounterOffer rep) {
    if (rec == null) {
      return;
    }
    if (!CounterOfferSearch.ID.equals(rec.getSearch())) {
      diffs.add(
          "counterOffer: searched by "
              + rec.getSearch()
              + ", which this replay does not have ("
              + CounterOfferSearch.ID
              + ")");
      return;
    }
    if (rep == null) {
      diffs.add("counterOffer: recorded " + offer(rec) + ", replayed none (not searched)");
      return;
    }
    nullableDouble(diffs, "counterOffer.amount", rec.getAmount(), rep.getAmount());
    nullableDouble(diffs, "counterOffer.annuity", rec.getAnnuity(), rep.getAnnuity());
    nullableDouble(diffs, "counterOffer.goodsPrice", rec.getGoodsPrice(), rep.getGoodsPrice());
    nullableDouble(
        diffs,
        "counterOffer.probabilityOfDefault",
        rec.getProbabilityOfDefault(),
        rep.getProbabilityOfDefault());
  }

  private static String offer(CounterOffer o) {
    return o.getAmount() == null ? "none found" : "amount " + o.getAmount();
  }

  private static void nullableDouble(List<String> diffs, String name, Double recorded, Double got) {
    if (recorded == null || got == null) {
      if (recorded != got) {
        diffs.add(
            name
                + ": recorded "
                + (recorded == null ? "none" : show(recorded))
                + ", replayed "
                + (got == null ? "none" : show(got)));
      }
      return;
    }
    doubleField(diffs, name, recorded, got);
  }

  private static void doubleField(List<String> diffs, String name, double recorded, double got) {
    if (!sameBits(recorded, got)) {
      diffs.add(name + ": recorded " + show(recorded) + ", replayed " + show(got));
    }
  }

  /**
   * Bit equality; every NaN counts as one value because the record keeps a missing feature as null.
   */
  static boolean sameBits(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
  }

  private static String show(double v) {
    if (Double.isNaN(v)) {
      return "missing";
    }
    return v + " (0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + ")";
  }

  private static String band(ReviewBand b) {
    return b == null ? "none" : "[" + b.getLower() + ", " + b.getUpper() + ")";
  }

  private static Verdict verdict(
      Decision d,
      int partition,
      long offset,
      Verdict.Status status,
      boolean tampered,
      List<String> diffs,
      Verdict.Check app,
      Verdict.Check history,
      List<String> featureDiffs,
      double replayedP,
      io.creditstream.avro.Outcome replayedOutcome) {
    return new Verdict(
        d.getApplicationId(),
        d.getClientId(),
        partition,
        offset,
        d.getModelVersion(),
        status,
        tampered,
        List.copyOf(diffs),
        app,
        history,
        List.copyOf(featureDiffs),
        d.getProbabilityOfDefault(),
        replayedP,
        d.getOutcome(),
        replayedOutcome);
  }
}
