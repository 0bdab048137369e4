package io.creditstream.model;

/**
 * How closely the {@link Explainer#TABLE} contributions follow the {@link Explainer#QUADRATURE}
 * ones over a set of rows: both round each tree's double attribution to float32, so they differ
 * only where the two double computations round a tree's value to different floats.
 */
record ExplainerAgreement(
    int values, int bitIdentical, double maxDiff, int maxUlps, int marginsIdentical, int rows) {

  static ExplainerAgreement compare(TreeEnsemble ensemble, double[][] rows) {
    int values = 0;
    int identical = 0;
    double maxDiff = 0;
    int maxUlps = 0;
    int margins = 0;
    for (double[] x : rows) {
      double[] table = new double[ensemble.numFeatures() + 1];
      double margin = ensemble.marginAndContributions(x, Explainer.TABLE, table);
      double[] quadrature = ensemble.contributions(x, Explainer.QUADRATURE);
      if (Double.doubleToRawLongBits(margin) == Double.doubleToRawLongBits(ensemble.margin(x))) {
        margins++;
      }
      for (int j = 0; j < table.length; j++) {
        values++;
        if (Double.doubleToRawLongBits(table[j]) == Double.doubleToRawLongBits(quadrature[j])) {
          identical++;
        }
        maxDiff = Math.max(maxDiff, Math.abs(table[j] - quadrature[j]));
        maxUlps = Math.max(maxUlps, ulps((float) table[j], (float) quadrature[j]));
      }
    }
    return new ExplainerAgreement(values, identical, maxDiff, maxUlps, margins, rows.length);
  }

  /** Distance in float32 steps (both values are float32 sums). */
  static int ulps(float a, float b) {
    int ia = Float.floatToRawIntBits(a);
    int ib = Float.floatToRawIntBits(b);
    ia = ia < 0 ? Integer.MIN_VALUE - ia : ia;
    ib = ib < 0 ? Integer.MIN_VALUE - ib : ib;
    return (int) Math.min(Integer.MAX_VALUE, Math.abs((long) ia - ib));
  }

  @Override
  public String toString() {
    return String.format(
        "%d/%d contributions bit-identical (%.4f%%), max |diff| %s, max %d float32 ulps;"
            + " %d/%d margins bit-identical to margin(x)",
        bitIdentical,
        values,
        100.0 * bitIdentical / values,
        maxDiff,
        maxUlps,
        marginsIdentical,
        rows);
  }
}
