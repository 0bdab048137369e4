package io.creditstream.features.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.features.Row;
import io.creditstream.features.table.HomeCreditTable;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryAggregatorTest {
  private static final double EPS = 1e-9;

  private static Row row(Object... keyValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return Row.of(map);
  }

  private static HistoryAggregator bureauOfClientOne() {
    HistoryAggregator agg = new HistoryAggregator();
    // credit 10: four months, one of each status kind
    agg.accept(
        HomeCreditTable.BUREAU_BALANCE,
        row("SK_ID_BUREAU", 10L, "MONTHS_BALANCE", -1.0, "STATUS", "0"));
    agg.accept(
        HomeCreditTable.BUREAU_BALANCE,
        row("SK_ID_BUREAU", 10L, "MONTHS_BALANCE", -2.0, "STATUS", "1"));
    agg.accept(
        HomeCreditTable.BUREAU_BALANCE,
        row("SK_ID_BUREAU", 10L, "MONTHS_BALANCE", -3.0, "STATUS", "C"));
    agg.accept(
        HomeCreditTable.BUREAU_BALANCE,
        row("SK_ID_BUREAU", 10L, "MONTHS_BALANCE", -4.0, "STATUS", "X"));
    // credit 11: two closed months
    agg.accept(
        HomeCreditTable.BUREAU_BALANCE,
        row("SK_ID_BUREAU", 11L, "MONTHS_BALANCE", -1.0, "STATUS", "C"));
    agg.accept(
        HomeCreditTable.BUREAU_BALANCE,
        row("SK_ID_BUREAU", 11L, "MONTHS_BALANCE", -2.0, "STATUS", "C"));
    // an active consumer credit with monthly history
    agg.accept(
        HomeCreditTable.BUREAU,
        row(
            "SK_ID_CURR",
            1L,
            "SK_ID_BUREAU",
            10L,
            "CREDIT_ACTIVE",
            "Active",
            "CREDIT_TYPE",
            "Consumer credit",
            "DAYS_CREDIT",
            -100.0,
            "AMT_CREDIT_SUM",
            1000.0,
            "AMT_CREDIT_SUM_DEBT",
            500.0));
    // a closed credit card with monthly history
    agg.accept(
        HomeCreditTable.BUREAU,
        row(
            "SK_ID_CURR",
            1L,
            "SK_ID_BUREAU",
            11L,
            "CREDIT_ACTIVE",
            "Closed",
            "CREDIT_TYPE",
            "Credit card",
            "DAYS_CREDIT",
            -300.0,
            "AMT_CREDIT_SUM",
            3000.0));
    // a closed mortgage without monthly history and without an amount
    agg.accept(
        HomeCreditTable.BUREAU,
        row(
            "SK_ID_CURR",
            1L,
            "SK_ID_BUREAU",
            12L,
            "CREDIT_ACTIVE",
            "Closed",
            "CREDIT_TYPE",
            "Mortgage",
            "DAYS_CREDIT",
            -500.0));
    return agg;
  }

  @Test
  void aggregatesBureauCreditsOverAllActiveAndClosed() {
    // given three bureau credits of client 1, when aggregated
    Map<String, Double> h = bureauOfClientOne().history(1L);

    // then every statistic matches the arithmetic by hand
    assertThat(h.get("BURO_COUNT")).isEqualTo(3.0);
    assertThat(h.get("BURO_DAYS_CREDIT_MIN")).isEqualTo(-500.0);
    assertThat(h.get("BURO_DAYS_CREDIT_MAX")).isEqualTo(-100.0);
    assertThat(h.get("BURO_DAYS_CREDIT_MEAN")).isCloseTo(-300.0, within(EPS));
    // deviations 200, 0, -200: (40000 + 0 + 40000) / (3 - 1)
    assertThat(h.get("BURO_DAYS_CREDIT_VAR")).isCloseTo(40000.0, within(EPS));
    // two amounts present: 1000 and 3000
    assertThat(h.get("BURO_AMT_CREDIT_SUM_SUM")).isEqualTo(4000.0);
    assertThat(h.get("BURO_AMT_CREDIT_SUM_MEAN")).isCloseTo(2000.0, within(EPS));
    assertThat(h.get("BURO_AMT_CREDIT_SUM_MAX")).isEqualTo(3000.0);
    assertThat(h.get("BURO_AMT_CREDIT_SUM_DEBT_SUM")).isEqualTo(500.0);
    assertThat(h.get("BURO_CREDIT_ACTIVE_ACTIVE_MEAN")).isCloseTo(1.0 / 3, within(EPS));
    assertThat(h.get("BURO_CREDIT_TYPE_CREDIT_CARD_MEAN")).isCloseTo(1.0 / 3, within(EPS));
    assertThat(h.get("ACTIVE_COUNT")).isEqualTo(1.0);
    assertThat(h.get("ACTIVE_DAYS_CREDIT_MEAN")).isCloseTo(-100.0, within(EPS));
    assertThat(h.get("ACTIVE_DAYS_CREDIT_VAR")).as("variance of one value").isNull();
    assertThat(h.get("CLOSED_COUNT")).isEqualTo(2.0);
    assertThat(h.get("CLOSED_DAYS_CREDIT_MEAN")).isCloseTo(-400.0, within(EPS));
    // (100^2 + 100^2) / (2 - 1)
    assertThat(h.get("CLOSED_DAYS_CREDIT_VAR")).isCloseTo(20000.0, within(EPS));
  }

  @Test
  void rollsUpBureauBalancePerCreditBeforeAggregatingPerClient() {
    // given credit 10 with 4 months (one each of 0, 1, C, X) and credit 11 with 2 months of C
    Map<String, Double> h = bureauOfClientOne().history(1L);

    // then months and status shares are averaged over the credits that have monthly history
    assertThat(h.get("BURO_MONTHS_BALANCE_MIN_MIN")).isEqualTo(-4.0);
    assertThat(h.get("BURO_MONTHS_BALANCE_MAX_MAX")).isEqualTo(-1.0);
    assertThat(h.get("BURO_MONTHS_BALANCE_SIZE_MEAN")).isCloseTo(3.0, within(EPS)); // (4 + 2) / 2
    assertThat(h.get("BURO_MONTHS_BALANCE_SIZE_SUM")).isEqualTo(6.0);
    assertThat(h.get("BURO_STATUS_C_SHARE_MEAN")).isCloseTo(0.625, within(EPS)); // (1/4 + 1) / 2
    assertThat(h.get("BURO_STATUS_DPD_SHARE_MEAN")).isCloseTo(0.125, within(EPS)); // (1/4 + 0) / 2
    assertThat(h.get("BURO_STATUS_X_SHARE_MEAN")).isCloseTo(0.125, within(EPS));
    assertThat(h.get("CLOSED_MONTHS_BALANCE_SIZE_MEAN"))
        .isCloseTo(2.0, within(EPS)); // only credit 11
    assertThat(h.get("ACTIVE_MONTHS_BALANCE_SIZE_MEAN")).isCloseTo(4.0, within(EPS));
  }

  @Test
  void derivesInstalmentLatenessAndPaymentShares() {
    HistoryAggregator agg = new HistoryAggregator();
    // paid 10 days late, 800 of 1000
    agg.accept(
        HomeCreditTable.INSTALLMENTS_PAYMENTS,
        row(
            "SK_ID_CURR",
            2L,
            "DAYS_INSTALMENT",
            -100.0,
            "DAYS_ENTRY_PAYMENT",
            -90.0,
            "AMT_INSTALMENT",
            1000.0,
            "AMT_PAYMENT",
            800.0));
    // paid 5 days early, in full
    agg.accept(
        HomeCreditTable.INSTALLMENTS_PAYMENTS,
        row(
            "SK_ID_CURR",
            2L,
            "DAYS_INSTALMENT",
            -70.0,
            "DAYS_ENTRY_PAYMENT",
            -75.0,
            "AMT_INSTALMENT",
            1000.0,
            "AMT_PAYMENT",
            1000.0));

    Map<String, Double> h = agg.history(2L);

    assertThat(h.get("INSTAL_COUNT")).isEqualTo(2.0);
    assertThat(h.get("INSTAL_DPD_MAX")).isEqualTo(10.0);
    assertThat(h.get("INSTAL_DPD_MEAN")).isCloseTo(5.0, within(EPS));
    assertThat(h.get("INSTAL_DBD_SUM")).isEqualTo(5.0);
    assertThat(h.get("INSTAL_PAYMENT_PERC_MEAN")).isCloseTo(0.9, within(EPS));
    // (0.1^2 + 0.1^2) / 1
    assertThat(h.get("INSTAL_PAYMENT_PERC_VAR")).isCloseTo(0.02, within(EPS));
    assertThat(h.get("INSTAL_PAYMENT_DIFF_SUM")).isEqualTo(200.0);
    assertThat(h.get("INSTAL_PAYMENT_DIFF_VAR")).isCloseTo(20000.0, within(EPS));
    assertThat(h.get("INSTAL_AMT_PAYMENT_MIN")).isEqualTo(800.0);
    assertThat(h.get("BURO_COUNT")).as("no bureau rows").isNull();
    assertThat(agg.sourcesOf(2L)).containsExactly("installments_payments");
  }

  @Test
  void splitsPreviousApplicationsIntoApprovedAndRefused() {
    HistoryAggregator agg = new HistoryAggregator();
    // approved, asked 900 got 1000, termination date unknown (365243)
    agg.accept(
        HomeCreditTable.PREVIOUS_APPLICATION,
        row(
            "SK_ID_CURR",
            3L,
            "NAME_CONTRACT_STATUS",
            "Approved",
            "AMT_APPLICATION",
            900.0,
            "AMT_CREDIT",
            1000.0,
            "DAYS_TERMINATION",
            365243.0));
    // refused, asked 500 of 1000
    agg.accept(
        HomeCreditTable.PREVIOUS_APPLICATION,
        row(
            "SK_ID_CURR",
            3L,
            "NAME_CONTRACT_STATUS",
            "Refused",
            "AMT_APPLICATION",
            500.0,
            "AMT_CREDIT",
            1000.0,
            "DAYS_TERMINATION",
            -10.0));

    Map<String, Double> h = agg.history(3L);

    assertThat(h.get("PREV_COUNT")).isEqualTo(2.0);
    assertThat(h.get("PREV_APP_CREDIT_PERC_MEAN")).isCloseTo(0.7, within(EPS));
    assertThat(h.get("PREV_APP_CREDIT_PERC_VAR")).isCloseTo(0.08, within(EPS)); // (0.2^2 * 2) / 1
    assertThat(h.get("PREV_DAYS_TERMINATION_MAX")).as("365243 is no date").isEqualTo(-10.0);
    assertThat(h.get("PREV_NAME_CONTRACT_STATUS_APPROVED_MEAN")).isCloseTo(0.5, within(EPS));
    assertThat(h.get("APPROVED_COUNT")).isEqualTo(1.0);
    assertThat(h.get("APPROVED_APP_CREDIT_PERC_MEAN")).isCloseTo(0.9, within(EPS));
    assertThat(h.get("REFUSED_COUNT")).isEqualTo(1.0);
    assertThat(h.get("REFUSED_AMT_APPLICATION_MAX")).isEqualTo(500.0);
  }

  @Test
  void returnsNoHistoryForAnUnknownClient() {
    assertThat(bureauOfClientOne().history(99L)).isNull();
  }

  @Test
  void refusesBureauBalanceAfterBureau() {
    HistoryAggregator agg = bureauOfClientOne();
    assertThatThrownBy(
            () ->
                agg.accept(
                    HomeCreditTable.BUREAU_BALANCE,
                    row("SK_ID_BUREAU", 13L, "MONTHS_BALANCE", -1.0, "STATUS", "0")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before bureau");
  }

  @Test
  void refusesARowWithoutClientId() {
    HistoryAggregator agg = new HistoryAggregator();
    assertThatThrownBy(() -> agg.accept(HomeCreditTable.POS_CASH_BALANCE, row("SK_DPD", 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SK_ID_CURR");
  }

  @Test
  void keepsTheFeatureCountSensibleAndNamesUnique() {
    HistoryFeatures features = HistoryFeatures.standard();
    assertThat(features.names()).doesNotHaveDuplicates().hasSizeBetween(100, 300);
    assertThat(features.specs()).hasSameSizeAs(features.names());
  }
}
