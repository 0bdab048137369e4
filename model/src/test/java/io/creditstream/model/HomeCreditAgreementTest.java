package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The evaluator against XGBoost4J on real Home Credit applications (numeric columns only). */
class HomeCreditAgreementTest {
  private static final Logger LOG = LoggerFactory.getLogger(HomeCreditAgreementTest.class);

  @Test
  void matchesXgboostOnRealApplications() throws Exception {
    // given 4,000 real applications, their numeric columns as they are (NaN where empty)
    XgbFixtures.Data data = XgbFixtures.homeCredit(4000);
    assertThat(data.rows().length).isEqualTo(4000);
    assertThat(data.numFeatures()).isGreaterThan(50);
    // and a model of 100 trees trained on them
    Booster booster = XgbFixtures.train(data, Map.of("max_depth", 5, "eta", 0.05), 100);

    for (String format : new String[] {"json", "ubj"}) {
      // when our evaluator reads the saved model and scores every row
      TreeEnsemble ensemble = TreeEnsemble.fromXgboost(booster.toByteArray(format));
      for (Explainer explainer : Explainer.values()) {
        Agreement a = Agreement.measure(ensemble, booster, data.rows(), explainer);
        LOG.info(
            "home-credit [{}, {}]: {} rows x {} numeric features, 100 trees: max |margin diff| {},"
                + " max |probability diff| {}, max |SHAP diff| {}, max |sum(SHAP) - margin| {}"
                + " (XGBoost's own: {}), bit-identical margins {}/{}",
            format,
            explainer.id(),
            a.rows(),
            data.numFeatures(),
            a.maxMarginDiff(),
            a.maxProbabilityDiff(),
            a.maxContributionDiff(),
            a.maxSumToMarginDiff(),
            a.xgboostMaxSumToMarginDiff(),
            a.bitIdenticalMargins(),
            a.rows());

        // then probabilities and contributions agree on every row, whichever explainer
        assertThat(a.maxMarginDiff()).isLessThanOrEqualTo(1e-6);
        assertThat(a.maxProbabilityDiff()).isLessThanOrEqualTo(1e-6);
        assertThat(a.maxContributionDiff()).as(explainer.id()).isLessThanOrEqualTo(1e-6);
        assertThat(a.maxSumToMarginDiff())
            .as(explainer.id())
            .isLessThanOrEqualTo(TreeEnsembleAgreementTest.SUM_TOLERANCE);
      }
      // and the table explainer follows the quadrature one to a float32 ulp or so
      ExplainerAgreement e = ExplainerAgreement.compare(ensemble, data.rows());
      LOG.info(
          "home-credit [{}]: table vs quadrature: {} ({} of {} trees from tables, {} bytes)",
          format,
          e,
          ensemble.treesWithTables(),
          ensemble.numTrees(),
          ensemble.explanationTableBytes());
      assertThat(ensemble.treesWithTables()).isEqualTo(ensemble.numTrees());
      assertThat(e.maxDiff()).isLessThanOrEqualTo(TreeEnsembleAgreementTest.EXPLAINER_TOLERANCE);
      assertThat(e.bitIdentical()).isGreaterThanOrEqualTo(e.values() - e.values() / 1000);
      assertThat(e.marginsIdentical()).isEqualTo(e.rows());
    }
    booster.dispose();
  }
}
