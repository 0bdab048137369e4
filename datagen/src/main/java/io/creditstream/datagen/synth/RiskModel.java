package io.creditstream.datagen.synth;

import java.util.random.RandomGenerator;

/**
 * The default mechanism: a client's latent risk and the probability that they default.
 *
 * <p>Each client has a general risk factor {@code q ~ N(0,1)}. Eight latent scores load on it,
 * {@code z_k = rho_k q + sqrt(1 - rho_k^2) e_k}, and each drives observable columns through a
 * monotone map (Gaussian copula, so every column keeps its real marginal): low EXT_SOURCE_1/2/3,
 * youth, short employment, a credit large for the income, a poor history (bureau overdue days, late
 * and short instalment payments, refused previous applications, days past due), and categories that
 * default more often in the real rows (gender, education, income type, occupation, ...). The
 * default probability is {@code sigmoid(a + sum_k w_k z_k + sigma e)}; {@code e} is noise no column
 * reveals, which keeps the achievable AUC realistic, and the intercept {@code a} is solved so that
 * the mean default rate equals the real one.
 */
public final class RiskModel {

  /** Indices of the latent scores. */
  static final int EXT1 = 0;

  static final int EXT2 = 1;
  static final int EXT3 = 2;
  static final int AGE = 3;
  static final int EMPLOYMENT = 4;
  static final int BURDEN = 5;
  static final int HISTORY = 6;
  static final int CATEGORIES = 7;

  /** Loadings on the common factor: they make the EXT sources correlate as the real ones do. */
  private static final double[] RHO = {0.5, 0.5, 0.5, 0.3, 0.3, 0.2, 0.5, 0.3};

  /** Weights in the logit; EXT_SOURCE_2/3 dominate, as in every model of the real data. */
  private static final double[] WEIGHT = {0.35, 0.5, 0.5, 0.2, 0.15, 0.2, 0.4, 0.25};

  /** Noise no column reveals: caps the achievable AUC near 0.78. */
  private static final double NOISE = 0.9;

  private final double intercept;
  private final double targetRate;

  /** A model whose mean default probability is {@code targetRate}. */
  public RiskModel(double targetRate) {
    if (!(targetRate > 0 && targetRate < 1)) {
      throw new IllegalArgumentException("target rate must be in (0, 1), got " + targetRate);
    }
    this.targetRate = targetRate;
    this.intercept = calibrate(targetRate, Math.sqrt(logitVariance()));
  }

  public double targetRate() {
    return targetRate;
  }

  double intercept() {
    return intercept;
  }

  /** Variance of {@code sum_k w_k z_k + sigma e}, which is normal with mean 0. */
  static double logitVariance() {
    double v = NOISE * NOISE;
    for (int i = 0; i < RHO.length; i++) {
      for (int j = 0; j < RHO.length; j++) {
        v += WEIGHT[i] * WEIGHT[j] * (i == j ? 1.0 : RHO[i] * RHO[j]);
      }
    }
    return v;
  }

  /** Solves {@code E[sigmoid(a + s Z)] = rate} for {@code a} by bisection and quadrature. */
  static double calibrate(double rate, double s) {
    double lo = -30;
    double hi = 30;
    for (int iter = 0; iter < 200; iter++) {
      double mid = (lo + hi) / 2;
      if (meanProbability(mid, s) > rate) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static double meanProbability(double a, double s) {
    int steps = 4000;
    double from = -8;
    double step = 16.0 / steps;
    double sum = 0;
    for (int i = 0; i <= steps; i++) {
      double z = from + i * step;
      double w = (i == 0 || i == steps) ? 0.5 : 1.0;
      sum += w * Gaussian.sigmoid(a + s * z) * StrictMath.exp(-z * z / 2);
    }
    return sum * step / Math.sqrt(2 * Math.PI);
  }

  /** Draws the latent scores of one client into {@code z} (length {@link #scores()}). */
  void drawScores(RandomGenerator rng, double[] z) {
    double q = Normal.next(rng);
    for (int k = 0; k < RHO.length; k++) {
      z[k] = RHO[k] * q + Math.sqrt(1 - RHO[k] * RHO[k]) * Normal.next(rng);
    }
  }

  /** The client's default probability given their scores, with fresh unobservable noise. */
  double probability(double[] z, RandomGenerator rng) {
    double logit = intercept + NOISE * Normal.next(rng);
    for (int k = 0; k < WEIGHT.length; k++) {
      logit += WEIGHT[k] * z[k];
    }
    return Gaussian.sigmoid(logit);
  }

  static int scores() {
    return RHO.length;
  }
}
