package io.creditstream.model;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** The largest differences between our evaluator and XGBoost4J over a set of rows. */
record Agreement(
    int rows,
    double maxMarginDiff,
    double maxProbabilityDiff,
    double maxContributionDiff,
    double maxSumToMarginDiff,
    double xgboostMaxSumToMarginDiff,
    int bitIdenticalMargins) {

  static Agreement measure(TreeEnsemble ensemble, Booster booster, double[][] rows)
      throws XGBoostError {
    return measure(ensemble, booster, rows, Explainer.DEFAULT);
  }

  /** As {@link #measure(TreeEnsemble, Booster, double[][])}, contributions by {@code explainer}. */
  static Agreement measure(
      TreeEnsemble ensemble, Booster booster, double[][] rows, Explainer explainer)
      throws XGBoostError {
    DMatrix m = XgbFixtures.matrix(rows, null);
    try {
      float[][] margins = booster.predict(m, true);
      float[][] probabilities = booster.predict(m);
      float[][] contribs = booster.predictContrib(m, 0);
      double maxMargin = 0;
      double maxProbability = 0;
      double maxContribution = 0;
      double maxSum = 0;
      double xgbMaxSum = 0;
      int identical = 0;
      for (int i = 0; i < rows.length; i++) {
        double margin = ensemble.margin(rows[i]);
        maxMargin = Math.max(maxMargin, Math.abs(margin - margins[i][0]));
        if ((float) margin == margins[i][0]) {
          identical++;
        }
        maxProbability =
            Math.max(maxProbability, Math.abs(ensemble.probability(rows[i]) - probabilities[i][0]));
        double[] phi = ensemble.contributions(rows[i], explainer);
        if (phi.length != contribs[i].length) {
          throw new AssertionError(
              "contributions have " + phi.length + " values, XGBoost " + contribs[i].length);
        }
        double sum = 0;
        for (int j = 0; j < phi.length; j++) {
          maxContribution = Math.max(maxContribution, Math.abs(phi[j] - contribs[i][j]));
          sum += phi[j];
        }
        maxSum = Math.max(maxSum, Math.abs(sum - margin));
        double xgbSum = 0;
        for (float c : contribs[i]) {
          xgbSum += c;
        }
        xgbMaxSum = Math.max(xgbMaxSum, Math.abs(xgbSum - margins[i][0]));
      }
      return new Agreement(
          rows.length, maxMargin, maxProbability, maxContribution, maxSum, xgbMaxSum, identical);
    } finally {
      m.dispose();
    }
  }
}
