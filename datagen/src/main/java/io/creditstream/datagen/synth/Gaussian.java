package io.creditstream.datagen.synth;

/** The standard normal distribution, with StrictMath so that generated files match on every JVM. */
final class Gaussian {

  private Gaussian() {}

  /** Standard normal CDF (erfc rational approximation, absolute error below 1.2e-7). */
  static double cdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2.0);
    double t = 1.0 / (1.0 + 0.5 * z);
    double erfc =
        t
            * StrictMath.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    double p = 0.5 * erfc;
    return x >= 0 ? 1.0 - p : p;
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + StrictMath.exp(-x));
  }

  static double logit(double p) {
    return StrictMath.log(p / (1.0 - p));
  }
}
