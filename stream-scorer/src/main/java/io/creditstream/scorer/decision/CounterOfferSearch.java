package io.creditstream.scorer.decision;

import io.creditstream.avro.CounterOffer;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.ReviewBand;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.features.Values;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.OperatingPolicy;
import io.creditstream.model.ScoringModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counter-offer of a DECLINED or REVIEW decision: the largest amount of credit, on the same
 * terms, that would have been APPROVED.
 *
 * <p><b>Same terms</b>: the same loan length and rate. The repayment of an annuity loan is
 * proportional to its amount at a given length and rate, so {@code AMT_CREDIT}, {@code AMT_ANNUITY}
 * and {@code AMT_GOODS_PRICE} (when present) are scaled together, by the same ratio; every other
 * column of the application, and the client's history, stay as they are. Without an annuity the
 * terms are unknown and nothing is searched.
 *
 * <p><b>Would have been approved</b>: the scaled application passes the {@link
 * ApplicationContract}, the model's {@link OperatingPolicy} says nothing (policy before the model,
 * as for the decision), and the model's probability of default gives {@link Outcome#APPROVED} under
 * the decision's own threshold and review band: a candidate that would land in the review band is
 * not an approval.
 *
 * <p><b>The search ({@link #ID})</b>: the model is not monotone in the amount, so there is no
 * bisection to trust; the search is a fixed grid, walked from the top. Amounts are the requested
 * amount times a fraction, rounded down to a multiple of {@link #UNIT} (an amount not above 0, or
 * equal to the one tried before it, is skipped):
 *
 * <ol>
 *   <li>90 %, 80 %, ... 10 % of the request (fractions k / {@value #STEPS}, k = 18, 16, ... 2),
 *       until one would have been approved;
 *   <li>then the half step above it (k + 1: 95 % above 90 %, 85 % above 80 %, ...): offered instead
 *       if it would have been approved too.
 * </ol>
 *
 * The offer is thus the largest approved amount of the 10 % grid, refined to 5 %. A finer grid
 * would find larger offers at the cost of more passes over the trees: this one scores at most 10
 * candidates (9 when none is found), each one feature vector, a policy check and, when the policy
 * lets it through, one pass over the trees without explanation; the contract is checked only on a
 * candidate the model approves. When the operating policy refused the application itself for a
 * value the amounts do not change (an age outside the training range), every candidate would be
 * refused alike and none is tried. The annuity and goods price are the requested ones times {@code
 * amount / requested}, rounded to the cent.
 *
 * <p><b>Deterministic</b>: the same double operations in the same order for the scorer and the
 * replay; the history features come from the decision's own vector, so a replay that has the
 * recorded vector and the original application rebuilds every candidate bit for bit.
 *
 * <p>Not thread-safe (it reuses one row view): one instance per {@link DecisionMaker}.
 */
public final class CounterOfferSearch {

  /** Names this search in the record; a replay runs the search the decision names. */
  public static final String ID = "counter-offer-grid-v1";

  /**
   * Fractions of the requested amount are k / STEPS: even k the 10 % grid, odd k its half steps.
   */
  static final int STEPS = 20;

  /** The smallest fraction tried is LOWEST / STEPS (10 %). */
  static final int LOWEST = 2;

  /** Amounts are offered in whole multiples of this many currency units. */
  static final double UNIT = 1000;

  private static final String CREDIT = "AMT_CREDIT";
  private static final String ANNUITY = "AMT_ANNUITY";
  private static final String GOODS = "AMT_GOODS_PRICE";
  private static final List<String> AMOUNTS = List.of(CREDIT, ANNUITY, GOODS);

  private double[] template; // the searched application's vector, amounts as requested
  private final FeatureSet featureSet;
  private final ApplicationContract contract;
  private final int applicationFeatures;
  private final Scaled scaled = new Scaled();
  private final Map<String, Boolean> followsAmounts = new HashMap<>();

  /** Candidates built and candidates scored by the model since creation (for the benchmark). */
  long candidates;

  long scored;

  public CounterOfferSearch(FeatureSet featureSet, ApplicationContract contract) {
    this.featureSet = featureSet;
    this.contract = contract;
    this.applicationFeatures = featureSet.applicationFeatureCount();
  }

  /**
   * Searches for the counter-offer of one application.
   *
   * @param application the application as decided
   * @param x the feature vector the decision was made with (its history part is reused as is)
   * @return the search's result: the offer, or the search with no amount when none was found
   */
  public CounterOffer find(
      Row application,
      double[] x,
      ScoringModel model,
      OperatingPolicy policy,
      double threshold,
      ReviewBand band) {
    CounterOffer none = new CounterOffer(ID, null, null, null, null);
    double credit;
    double annuity;
    double goods;
    try {
      credit = Values.number(application, CREDIT);
      annuity = Values.number(application, ANNUITY);
      goods = Values.number(application, GOODS);
    } catch (IllegalArgumentException e) {
      return none; // not an application the contract accepts: nothing to offer
    }
    if (!(credit > 0) || !(annuity > 0) || Double.isInfinite(credit)) {
      return none; // no terms to keep (or no amount to lower)
    }
    OperatingPolicy.Verdict verdict = policy.check(x);
    if (verdict != null && !followsTheAmounts(verdict.feature())) {
      // The policy refused the application for a value the amounts do not change (an age outside
      // the training range, say): it refuses every candidate for the same reason.
      return none;
    }
    scaled.base = application;
    template = vector(application, x);
    double previous = Double.NaN;
    for (int k = STEPS - 2; k >= LOWEST; k -= 2) {
      double amount = amount(credit, k);
      if (!(amount > 0) || amount == previous) {
        continue;
      }
      previous = amount;
      double p = approvedAt(amount, credit, annuity, goods, x, model, policy, threshold, band);
      if (Double.isNaN(p)) {
        continue;
      }
      double finer = amount(credit, k + 1);
      if (finer > amount) {
        double q = approvedAt(finer, credit, annuity, goods, x, model, policy, threshold, band);
        if (!Double.isNaN(q)) {
          return offer(finer, credit, annuity, goods, q);
        }
      }
      return offer(amount, credit, annuity, goods, p);
    }
    return none;
  }

  /** The grid's amount k / STEPS of the request, rounded down to the unit. */
  static double amount(double credit, int k) {
    return Math.floor(credit * k / STEPS / UNIT) * UNIT;
  }

  /**
   * The model's probability of default for the application at this amount when it would have been
   * approved (contract, policy, model), else NaN.
   */
  private double approvedAt(
      double amount,
      double credit,
      double annuity,
      double goods,
      double[] x,
      ScoringModel model,
      OperatingPolicy policy,
      double threshold,
      ReviewBand band) {
    scaled.credit = amount;
    scaled.annuity = cents(annuity * amount / credit);
    scaled.goods = Double.isNaN(goods) ? null : cents(goods * amount / credit);
    candidates++;
    double[] candidate =
        featureSet.withNumbers(
            template,
            AMOUNTS,
            new double[] {
              scaled.credit, scaled.annuity, scaled.goods == null ? Double.NaN : scaled.goods
            });
    if (policy.check(candidate) != null) {
      return Double.NaN;
    }
    scored++;
    double p = model.probability(candidate);
    if (DecisionPolicy.outcome(p, threshold, band) != Outcome.APPROVED) {
      return Double.NaN;
    }
    return contract.check(scaled).isEmpty() ? p : Double.NaN;
  }

  /** The offer at this amount, its annuity and goods price scaled as {@link #approvedAt} did. */
  private static CounterOffer offer(
      double amount, double credit, double annuity, double goods, double p) {
    return new CounterOffer(
        ID,
        amount,
        cents(annuity * amount / credit),
        Double.isNaN(goods) ? null : cents(goods * amount / credit),
        p);
  }

  /** True when the feature's value changes with the amounts (or when that is not known). */
  private boolean followsTheAmounts(String feature) {
    return followsAmounts.computeIfAbsent(
        feature,
        f -> {
          try {
            List<String> inputs = featureSet.inputsOf(f);
            return inputs.contains(CREDIT) || inputs.contains(ANNUITY) || inputs.contains(GOODS);
          } catch (IllegalArgumentException e) {
            return true; // unknown to this feature set: search rather than guess
          }
        });
  }

  /**
   * The application's vector: its application features, then the decision's history features. Each
   * candidate is this with the amounts changed ({@link FeatureSet#withNumbers}: only the derived
   * features are computed again, the same values as a whole new vector).
   */
  private double[] vector(Row application, double[] x) {
    double[] v = featureSet.vector(application, null);
    System.arraycopy(
        x, applicationFeatures, v, applicationFeatures, x.length - applicationFeatures);
    return v;
  }

  /** Rounded to the cent (half up), as an amount of money is stated. */
  static double cents(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The application with the three amounts replaced; everything else read through. */
  private static final class Scaled implements Row {
    Row base;
    double credit;
    double annuity;
    Double goods;

    @Override
    public Object get(String column) {
      return switch (column) {
        case CREDIT -> credit;
        case ANNUITY -> annuity;
        case GOODS -> goods;
        default -> base.get(column);
      };
    }
  }
}
