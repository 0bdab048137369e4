package io.creditstream.features.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policy before the model: a valid application that the model cannot judge is not scored as if it
 * were normal. A tree model is flat outside the range it was trained on, so an application for 1e12
 * would be scored like the largest credit it ever saw and could be approved; here it goes to a
 * person instead (REVIEW), and an application whose repayments exceed the income is declined by an
 * explicit rule.
 *
 * <p>The ranges are the training data's minimum and maximum of each checked feature, recorded in
 * the model card beside the model, so a replay with the same model version reaches the same
 * verdict. The verdict reads only the feature vector the model read (which the decision records),
 * never the raw application, for the same reason.
 */
public final class OperatingPolicy {

  /** What the policy decides instead of the model. */
  public enum Action {
    REVIEW,
    DECLINE
  }

  /**
   * The policy's verdict.
   *
   * @param rule {@link #OUTSIDE_TRAINING_RANGE} or {@link #REPAYMENT_EXCEEDS_INCOME}
   * @param feature the feature that triggered it
   * @param text what the client reads
   */
  public record Verdict(String rule, Action action, String feature, String text) {}

  public static final String OUTSIDE_TRAINING_RANGE = "outside_training_range";
  public static final String REPAYMENT_EXCEEDS_INCOME = "repayment_exceeds_income";

  /**
   * The features whose training range is enforced, in the order they are reported (the amounts,
   * ages and durations a credit officer reads first, and the ratios between them), each with the
   * words a client reads for it.
   */
  private static final Map<String, String> WORDS =
      inOrder(
          "AMT_CREDIT", "the amount of credit requested",
          "AMT_INCOME_TOTAL", "your income",
          "AMT_ANNUITY", "the repayment amount",
          "AMT_GOODS_PRICE", "the price of the goods",
          "CREDIT_INCOME_RATIO", "the amount of credit compared with your income",
          "ANNUITY_INCOME_RATIO", "the repayments compared with your income",
          "CREDIT_GOODS_RATIO", "the amount of credit compared with the price of the goods",
          "ANNUITY_CREDIT_RATIO", "the repayments compared with the amount of credit",
          "DAYS_BIRTH", "your age",
          "DAYS_EMPLOYED", "how long you have been employed",
          "DAYS_REGISTRATION", "how long ago your registration changed",
          "DAYS_ID_PUBLISH", "how long ago your identity document was issued",
          "CNT_CHILDREN", "the number of children",
          "CNT_FAM_MEMBERS", "the size of your family",
          "OWN_CAR_AGE", "the age of your car");

  /** The features whose training range is enforced, in the order they are reported. */
  public static final List<String> CHECKED = List.copyOf(WORDS.keySet());

  private static final OperatingPolicy NONE =
      new OperatingPolicy(new int[0], new String[0], null, null, -1, -1);

  private final int[] index;
  private final String[] names;
  private final double[] min;
  private final double[] max;
  private final int income;
  private final int annuity;

  private OperatingPolicy(
      int[] index, String[] names, double[] min, double[] max, int income, int annuity) {
    this.index = index;
    this.names = names;
    this.min = min;
    this.max = max;
    this.income = income;
    this.annuity = annuity;
  }

  /**
   * The policy for one model.
   *
   * @param featureNames the model's input order
   * @param ranges per feature, {min, max} over the training rows; a model card from before the
   *     policy existed has none: its decisions were made without the policy, so a replay of them
   *     must be too, and the policy is then {@link #none()}
   */
  public static OperatingPolicy of(List<String> featureNames, Map<String, double[]> ranges) {
    if (ranges.isEmpty()) {
      return NONE;
    }
    List<Integer> idx = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    List<double[]> bounds = new ArrayList<>();
    for (String name : CHECKED) {
      int i = featureNames.indexOf(name);
      double[] r = ranges.get(name);
      if (i >= 0 && r != null && r.length == 2 && r[0] <= r[1]) {
        idx.add(i);
        checked.add(name);
        bounds.add(r);
      }
    }
    int n = idx.size();
    int[] index = new int[n];
    double[] min = new double[n];
    double[] max = new double[n];
    for (int k = 0; k < n; k++) {
      index[k] = idx.get(k);
      min[k] = bounds.get(k)[0];
      max[k] = bounds.get(k)[1];
    }
    return new OperatingPolicy(
        index,
        checked.toArray(String[]::new),
        min,
        max,
        featureNames.indexOf("AMT_INCOME_TOTAL"),
        featureNames.indexOf("AMT_ANNUITY"));
  }

  /** A policy that never overrides the model (no feature known). */
  public static OperatingPolicy none() {
    return NONE;
  }

  /** The features whose range this policy enforces. */
  public List<String> checkedFeatures() {
    return List.of(names);
  }

  /**
   * The verdict on one feature vector, or null when the model may decide. The explicit rule comes
   * first: an application it declines is declined whatever its ranges.
   */
  public Verdict check(double[] x) {
    if (this == NONE) {
      return null;
    }
    if (income >= 0 && annuity >= 0 && x[annuity] > x[income]) {
      return new Verdict(
          REPAYMENT_EXCEEDS_INCOME,
          Action.DECLINE,
          "AMT_ANNUITY",
          "The repayments of this credit would be more than your income.");
    }
    for (int k = 0; k < index.length; k++) {
      double v = x[index[k]];
      // NaN (missing) is something the model knows how to handle: it is not out of range.
      if (v < min[k] || v > max[k]) {
        return new Verdict(
            OUTSIDE_TRAINING_RANGE,
            Action.REVIEW,
            names[k],
            "Your application has a value we cannot assess automatically ("
                + WORDS.getOrDefault(names[k], "one of its details")
                + " is "
                + (v < min[k] ? "lower" : "higher")
                + " than in any application we learnt from): a credit officer will review it.");
      }
    }
    return null;
  }

  /** Name, words, name, words, ...: a map that keeps their order. */
  private static Map<String, String> inOrder(String... namesAndWords) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndWords.length; i += 2) {
      map.put(namesAndWords[i], namesAndWords[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
