package io.creditstream.scorer.decision;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.CounterOffer;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.PolicyRule;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReviewBand;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonGuard;
import io.creditstream.features.ReasonTexts;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.OperatingPolicy;
import io.creditstream.model.Explainer;
import io.creditstream.model.Score;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.Decisions;
import io.creditstream.scorer.release.ModelFacts;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one application (plus the client's history features, or none) and a model into a {@link
 * Decision}: feature vector, probability and SHAP contributions, outcome, top reasons, the exact
 * features used, the counter-offer of a decision that is not an approval ({@link
 * CounterOfferSearch}) and the content hash.
 *
 * <p>The scorer decides on the features rounded to float32 ({@link Decisions.Form#FLOAT32}): that
 * is what the model reads anyway (XGBoost compares float32 values with float32 splits), so the
 * probability and the contributions do not change, and the operating policy and the reasons'
 * displayed values then depend only on what the compact record carries. Replay passes the form of
 * the record it re-decides, so decisions written with double vectors (v1 to v3) are re-decided on
 * their doubles, as they were made.
 *
 * <p>Not thread-safe: it reuses its buffers, so each stream task holds its own instance. Replay
 * uses the same class with the decision's recorded clock, so a replayed decision is built by the
 * very same code.
 */
public final class DecisionMaker {

  private final FeatureSet featureSet;
  private final ReasonTexts texts;
  private final DecisionPolicy policy;
  private final String instance;
  private final Clock clock;

  private final List<String> names;
  private final int[] groupOf; // feature index -> reason group index
  private final String[] groups; // reason group index -> source name
  private final boolean[] groupIsColumn; // the source is a column of the application itself
  private final double[] groupSum;
  private final int[] groupTop; // feature with the largest |contribution| in the group
  private final int[] order;
  // Reason sentences per group, [raises, lowers], built on first use (MessageFormat is not cheap).
  private final String[][] textCache;
  private final AvroRow row = new AvroRow();
  private final CounterOfferSearch counterOffers;

  /** What the last {@link #decide} found out, for the caller's logs, metrics and drift. */
  private boolean lastIgnoredFeatures;

  private double[] lastVector;

  private ScoringModel policyModel;
  private OperatingPolicy policyFor = OperatingPolicy.none();

  public DecisionMaker(
      FeatureSet featureSet,
      ReasonTexts texts,
      DecisionPolicy policy,
      String instance,
      Clock clock) {
    this.featureSet = featureSet;
    this.texts = texts;
    this.policy = policy;
    this.instance = instance;
    this.clock = clock;
    this.names = List.copyOf(featureSet.names());
    Map<String, Integer> index = new HashMap<>();
    List<String> groupNames = new ArrayList<>();
    groupOf = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String source = featureSet.sourceOf(names.get(i));
      groupOf[i] =
          index.computeIfAbsent(
              source,
              s -> {
                groupNames.add(s);
                return groupNames.size() - 1;
              });
    }
    groups = groupNames.toArray(String[]::new);
    groupIsColumn = new boolean[groups.length];
    for (int g = 0; g < groups.length; g++) {
      groupIsColumn[g] = LoanApplication.getClassSchema().getField(groups[g]) != null;
    }
    groupSum = new double[groups.length];
    groupTop = new int[groups.length];
    order = new int[groups.length];
    textCache = new String[groups.length][2];
    counterOffers = new CounterOfferSearch(featureSet, ApplicationContract.current());
  }

  /** The feature-set version that client features must carry to be used. */
  public String featureSetVersion() {
    return featureSet.version();
  }

  /** True if the last decision ignored the client's features (feature-set version mismatch). */
  public boolean lastIgnoredFeatures() {
    return lastIgnoredFeatures;
  }

  /** The feature vector of the last decision (owned by this maker: read, do not keep). */
  public double[] lastVector() {
    return lastVector;
  }

  /**
   * Decides one application.
   *
   * @param features the client's history, or null when the client has none
   */
  public Decision decide(LoanApplication app, ClientFeatures features, ScoringModel model) {
    return decideWithHistory(
        app, features == null ? null : ClientHistory.of(features, featureSet), model);
  }

  /**
   * Decides one application with the client's history as the scorer's table holds it.
   *
   * @param features the client's history, or null when the client has none
   */
  public Decision decideWithHistory(
      LoanApplication app, ClientHistory features, ScoringModel model) {
    double[] history = null;
    lastIgnoredFeatures = false;
    if (features != null) {
      if (featureSet.version().equals(features.featureSetVersion())) {
        history = features.values();
      } else {
        lastIgnoredFeatures = true;
      }
    }
    row.reset(app);
    double[] x = featureSet.vectorWithHistory(row, history);
    return decide(
        app, x, history != null, model, clock.instant(), Explainer.DEFAULT, Decisions.Form.FLOAT32);
  }

  /**
   * Decides from an already built feature vector (replay feeds the recorded vector and the
   * explainer the decision records, so the reasons come out bit for bit) at a given time, in the
   * given form: {@link Decisions.Form#FLOAT32} rounds x to float32 in place, decides on that and
   * writes the compact {@code features}; the older forms (replay of a v1 to v3 record) decide on
   * the doubles and write them as {@code featureVector}, as the scorers of those versions did.
   */
  public Decision decide(
      LoanApplication app,
      double[] x,
      boolean historyAvailable,
      ScoringModel model,
      Instant decidedAt,
      Explainer explainer,
      Decisions.Form form) {
    boolean float32 = form.float32();
    if (float32) {
      Decisions.roundToFloat32(x);
    }
    row.reset(app);
    lastVector = x;
    Score score = model.score(x, explainer);
    double p = score.probability();
    double threshold = policy.threshold(ModelFacts.threshold(model));
    ReviewBand band = policy.band(threshold, ModelFacts.reviewBand(model));
    Outcome outcome = DecisionPolicy.outcome(p, threshold, band);
    // Policy before the model: what the model never saw goes to a person, whatever it says.
    OperatingPolicy.Verdict verdict = operatingPolicy(model).check(x);
    PolicyRule rule = null;
    if (verdict != null) {
      outcome =
          verdict.action() == OperatingPolicy.Action.DECLINE ? Outcome.DECLINED : Outcome.REVIEW;
      rule = new PolicyRule(verdict.rule(), verdict.feature(), verdict.text());
    }
    CounterOffer offer =
        outcome == Outcome.APPROVED
            ? null
            : counterOffers.find(row, x, model, operatingPolicy(model), threshold, band);

    Decision d =
        new Decision(
            app.getApplicationId(),
            app.getSKIDCURR(),
            p,
            threshold,
            band,
            outcome,
            reasons(
                ReasonGuard.of(model.card().protectedAttributes()).silence(score.contributions()),
                x,
                float32),
            model.version(),
            featureSet.version(),
            historyAvailable,
            // The vector in the model's feature order, unnamed: the names live once in the model
            // card, not 400 times in every record. Compact (v4): float32, missing ones left out;
            // older forms: doubles (x is not changed after this).
            List.of(),
            float32 ? null : Decisions.asList(x),
            float32 ? Decisions.pack(x) : null,
            explainer.id(),
            app.getSubmittedAt(),
            // Avro keeps milliseconds; hashing finer time would not survive the round trip.
            decidedAt.truncatedTo(ChronoUnit.MILLIS),
            instance,
            "",
            rule,
            // Sealed by the topology's chain (DecisionChain), which knows the decision's place.
            null,
            offer);
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  /** The operating policy of a model, built once per model (its ranges live in its card). */
  private OperatingPolicy operatingPolicy(ScoringModel model) {
    if (model != policyModel) {
      policyFor = OperatingPolicies.of(model);
      policyModel = model;
    }
    return policyFor;
  }

  private List<Reason> reasons(double[] contributions, double[] x, boolean float32) {
    Arrays.fill(groupSum, 0.0);
    Arrays.fill(groupTop, -1);
    for (int i = 0; i < groupOf.length; i++) {
      int g = groupOf[i];
      groupSum[g] += contributions[i];
      if (groupTop[g] < 0 || Math.abs(contributions[i]) > Math.abs(contributions[groupTop[g]])) {
        groupTop[g] = i;
      }
    }
    // Partial selection sort: N is small (default 4) and groups are a few dozen.
    for (int g = 0; g < order.length; g++) {
      order[g] = g;
    }
    int n = Math.min(policy.reasonsCount(), order.length);
    List<Reason> reasons = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int best = k;
      for (int j = k + 1; j < order.length; j++) {
        if (ranksBefore(order[j], order[best])) {
          best = j;
        }
      }
      int tmp = order[k];
      order[k] = order[best];
      order[best] = tmp;
      int g = order[k];
      if (groupSum[g] == 0.0) {
        break; // no more features moved the score
      }
      boolean raises = groupSum[g] > 0;
      reasons.add(new Reason(groups[g], renderValue(g, x, float32), groupSum[g], text(g, raises)));
    }
    return reasons;
  }

  private String text(int g, boolean raises) {
    int k = raises ? 0 : 1;
    String t = textCache[g][k];
    if (t == null) {
      t = texts.text(groups[g], raises, Locale.ENGLISH);
      textCache[g][k] = t;
    }
    return t;
  }

  private boolean ranksBefore(int a, int b) {
    double da = Math.abs(groupSum[a]);
    double db = Math.abs(groupSum[b]);
    if (da != db) {
      return da > db;
    }
    return groups[a].compareTo(groups[b]) < 0; // deterministic order for ties
  }

  private String renderValue(int g, double[] x, boolean float32) {
    if (groupIsColumn[g]) {
      return render(row.get(groups[g]));
    }
    int top = groupTop[g];
    if (top < 0 || Double.isNaN(x[top])) {
      return null;
    }
    // A float32 value is shown with the digits that identify it as a float ("0.1234567"), not as
    // the double it widens to ("0.12345670163631439").
    return float32 ? renderFloat(x[top]) : render(x[top]);
  }

  static String renderFloat(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Float.toString((float) v);
  }

  static String render(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return null;
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString(d.longValue());
      }
      return d.toString();
    }
    return v.toString();
  }
}
