package io.creditstream.datagen.synth;

import java.util.random.RandomGenerator;

/**
 * Standard normal draws by Marsaglia's polar method with StrictMath: the JDK's own {@code
 * nextGaussian} may use platform intrinsics, and the generated files must be byte-identical
 * everywhere.
 */
final class Normal {

  private Normal() {}

  static double next(RandomGenerator rng) {
    while (true) {
      double u = 2 * rng.nextDouble() - 1;
      double v = 2 * rng.nextDouble() - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * Math.sqrt(-2 * StrictMath.log(s) / s);
      }
    }
  }
}
