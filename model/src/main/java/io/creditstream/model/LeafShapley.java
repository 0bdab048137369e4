package io.creditstream.model;

/**
 * The exact per-leaf values the {@link ShapTables} are made of. For a leaf with value v and d
 * distinct features on its root-to-leaf path, let q_j be the product of the cover fractions of
 * feature j's splits on the path and p_j = 1 when x satisfies all of them, else 0. The leaf gives
 * feature i
 *
 * <pre>
 *   v (p_i - q_i) * sum over S subset of {j != i : p_j = 1} of |S|! (d-|S|-1)! / d! * prod_{j != i, j not in S} q_j
 * </pre>
 *
 * which depends on x only through the d bits p: so the d values are computed once per leaf and per
 * bit pattern, at load, in double, by summing those positive terms (no cancellation).
 */
final class LeafShapley {
  private LeafShapley() {}

  /**
   * Fills one leaf's 2^d x d entries at {@code at}: entry [pattern * d + i] is the leaf's
   * attribution to its i-th path feature when x's bits are {@code pattern} (bit j = p_j).
   */
  static void fill(double[] table, int at, double v, double[] q) {
    int d = q.length;
    if (d == 0) {
      return;
    }
    int full = (1 << d) - 1;
    // prodQ[mask] = product of q_j over the bits of mask.
    double[] prodQ = new double[1 << d];
    prodQ[0] = 1.0;
    for (int mask = 1; mask <= full; mask++) {
      prodQ[mask] = prodQ[mask & (mask - 1)] * q[Integer.numberOfTrailingZeros(mask)];
    }
    // Shapley weight of a coalition of k of the other d-1 features: k! (d-k-1)! / d!.
    double[] weight = new double[d];
    double binomial = 1; // C(d-1, k)
    for (int k = 0; k < d; k++) {
      weight[k] = 1.0 / (d * binomial);
      binomial = binomial * (d - 1 - k) / (k + 1);
    }
    for (int i = 0; i < d; i++) {
      int bit = 1 << i;
      int others = full & ~bit;
      // Every pattern of the other features: the sum does not depend on p_i itself.
      for (int ones = others; ; ones = (ones - 1) & others) {
        double sum = 0;
        for (int s = ones; ; s = (s - 1) & ones) {
          sum += weight[Integer.bitCount(s)] * prodQ[others & ~s];
          if (s == 0) {
            break;
          }
        }
        table[at + (ones | bit) * d + i] = v * (1.0 - q[i]) * sum;
        table[at + ones * d + i] = v * -q[i] * sum;
        if (ones == 0) {
          break;
        }
      }
    }
  }
}
