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
 * bisection to trust. The candidates are the requested amount times 19/20, 18/20, ... 2/20 (95 %
 * down to 10 % in steps of 5 %), each rounded down to a multiple of {@link #UNIT} (a candidate
 * equal to the one before it, or not above 0, is skipped); the first one, from the top, that would
 * have been approved is the counter-offer. The annuity and goods price are the requested ones times
 * {@code amount / requested}, rounded to the cent. At most {@value #STEPS} - 2 = 18 candidates:
 * each costs one feature vector and a policy check, and those the policy lets through one pass over
 * the trees (no explanation); the contract is checked only on a candidate the model approves.
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

  /** Fractions of the requested amount are k / STEPS. */
  static final int STEPS = 20;

  /** The smallest fraction tried is LOWEST / STEPS (10 %). */
  static final int LOWEST = 2;

  /** Amounts are offered in whole multiples of this many currency units. */
  static final double UNIT = 1000;

  private static final String CREDIT = "AMT_CREDIT";
  private static final String ANNUITY = "AMT_ANNUITY";
  private static final String GOODS = "AMT_GOODS_PRICE";

  private final FeatureSet featureSet;
  private final ApplicationContract contract;
  private final int applicationFeatures;
  private final Scaled scaled = new Scaled();

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
    scaled.base = application;
    double previous = Double.NaN;
    for (int k = STEPS - 1; k >= LOWEST; k--) {
      double amount = Math.floor(credit * k / STEPS / UNIT) * UNIT;
      if (!(amount > 0) || amount == previous) {
        continue;
      }
      previous = amount;
      scaled.credit = amount;
      scaled.annuity = cents(annuity * amount / credit);
      scaled.goods = Double.isNaN(goods) ? null : cents(goods * amount / credit);
      double[] candidate = vector(x);
      if (policy.check(candidate) != null) {
        continue;
      }
      double p = model.probability(candidate);
      if (DecisionPolicy.outcome(p, threshold, band) != Outcome.APPROVED) {
        continue;
      }
      if (!contract.check(scaled).isEmpty()) {
        continue;
      }
      return new CounterOffer(ID, amount, scaled.annuity, scaled.goods, p);
    }
    return none;
  }

  /** The candidate's vector: its application features, then the decision's history features. */
  private double[] vector(double[] x) {
    double[] candidate = featureSet.vector(scaled, null);
    System.arraycopy(
        x, applicationFeatures, candidate, applicationFeatures, x.length - applicationFeatures);
    return candidate;
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
