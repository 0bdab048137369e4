package io.creditstream.features;

/**
 * Infers the length and interest rate of a cash loan from its amount and monthly annuity. The
 * application does not state either, but the ratio credit/annuity is the present-value factor
 * {@code (1 - (1 + r)^-n) / r} of an n-month loan at monthly rate r, and the lender uses few terms
 * and few rates. The rate it charged reflects its own risk assessment (risk-based pricing), which
 * is why the inferred rate is worth a feature of its own: a tree cannot recover the saw-tooth
 * function of credit/annuity it is.
 *
 * <p>The constants are fixed, not fitted on the training labels: {@link #TERMS} are the common
 * {@code CNT_PAYMENT} values of cash loans in Kaggle's {@code previous_application} and {@link
 * #ANNUAL_RATES} the clusters of the effective annual rates implied by {@code AMT_CREDIT}, {@code
 * AMT_ANNUITY} and {@code CNT_PAYMENT} there (1,313 real cash-loan rows of {@code
 * child-tables/previous_application.csv.gz}; no label involved). On those rows the nearest (term,
 * rate) pair finds the stated term for 77 % of the loans (the smallest term above credit/annuity
 * for 25 %).
 */
final class LoanTerms {
  /** Loan lengths in months. */
  static final int[] TERMS = {6, 12, 18, 24, 30, 36, 42, 48, 54, 60};

  /** Effective annual interest rates. */
  static final double[] ANNUAL_RATES = {0.24, 0.28, 0.34, 0.41, 0.48, 0.56, 0.64, 0.72, 0.99};

  /** Spec text hashed into the feature-set version. */
  static final String SPEC =
      "terms "
          + java.util.Arrays.toString(TERMS)
          + " annual rates "
          + java.util.Arrays.toString(ANNUAL_RATES);

  private static final double[][] LOG_FACTORS = new double[TERMS.length][ANNUAL_RATES.length];

  static {
    for (int t = 0; t < TERMS.length; t++) {
      for (int r = 0; r < ANNUAL_RATES.length; r++) {
        LOG_FACTORS[t][r] = Math.log(factor(monthly(ANNUAL_RATES[r]), TERMS[t]));
      }
    }
  }

  private LoanTerms() {}

  /**
   * The term in months of the (term, rate) pair whose present-value factor is closest to {@code
   * credit / annuity} (in log scale); NaN when either amount is missing or not positive.
   */
  static double term(double credit, double annuity) {
    if (!(credit > 0) || !(annuity > 0)) {
      return Double.NaN;
    }
    double logRatio = Math.log(credit / annuity);
    int bestTerm = -1;
    double bestError = Double.POSITIVE_INFINITY;
    for (int t = 0; t < TERMS.length; t++) {
      for (int r = 0; r < ANNUAL_RATES.length; r++) {
        double error = Math.abs(LOG_FACTORS[t][r] - logRatio);
        if (error < bestError) {
          bestError = error;
          bestTerm = t;
        }
      }
    }
    return TERMS[bestTerm];
  }

  /**
   * The monthly interest rate that makes an n-month loan of {@code credit} cost {@code annuity} a
   * month (bisection on [0, 100 %]); 0 when the annuity does not even repay the credit without
   * interest ({@code credit / annuity >= n}); NaN when an input is missing.
   */
  static double monthlyRate(double credit, double annuity, double months) {
    if (!(credit > 0) || !(annuity > 0) || Double.isNaN(months)) {
      return Double.NaN;
    }
    double ratio = credit / annuity;
    if (ratio >= months) {
      return 0;
    }
    double low = 0;
    double high = 1;
    for (int k = 0; k < 50; k++) {
      double mid = (low + high) / 2;
      if (factor(mid, (int) months) > ratio) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  /** Present value of 1 a month for n months at monthly rate r. */
  static double factor(double rate, int months) {
    return rate == 0 ? months : (1 - Math.pow(1 + rate, -months)) / rate;
  }

  private static double monthly(double annual) {
    return Math.pow(1 + annual, 1.0 / 12) - 1;
  }
}
