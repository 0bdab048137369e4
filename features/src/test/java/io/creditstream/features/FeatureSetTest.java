package io.creditstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class FeatureSetTest {
  private final FeatureSet features = FeatureSet.current();

  /** A plausible application: 27 years old, employed 1000 days, 400k credit on 200k income. */
  /** A plausible application's Kaggle columns (also where the contract tests start). */
  public static Map<String, Object> validApplication() {
    Map<String, Object> a = new HashMap<>();
    a.put("SK_ID_CURR", 100002L);
    a.put("NAME_CONTRACT_TYPE", "Cash loans");
    a.put("CODE_GENDER", "F");
    a.put("FLAG_OWN_CAR", "N");
    a.put("FLAG_OWN_REALTY", "Y");
    a.put("CNT_CHILDREN", 0);
    a.put("AMT_INCOME_TOTAL", 200000.0);
    a.put("AMT_CREDIT", 400000.0);
    a.put("AMT_ANNUITY", 20000.0);
    a.put("AMT_GOODS_PRICE", 320000.0);
    a.put("NAME_INCOME_TYPE", "Working");
    a.put("NAME_EDUCATION_TYPE", "Higher education");
    a.put("NAME_FAMILY_STATUS", "Married");
    a.put("NAME_HOUSING_TYPE", "House / apartment");
    a.put("REGION_POPULATION_RELATIVE", 0.018801);
    a.put("DAYS_BIRTH", -10000);
    a.put("DAYS_EMPLOYED", -1000);
    a.put("DAYS_REGISTRATION", -3648.0);
    a.put("DAYS_ID_PUBLISH", -2120);
    a.put("CNT_FAM_MEMBERS", 2.0);
    a.put("EXT_SOURCE_1", 0.2);
    a.put("EXT_SOURCE_2", 0.4);
    a.put("EXT_SOURCE_3", 0.6);
    return a;
  }

  private double value(double[] x, String name) {
    return x[features.names().indexOf(name)];
  }

  @Test
  void computesTheRatiosFromTheApplication() {
    double[] x = features.vector(Row.of(validApplication()), null);

    assertThat(value(x, "CREDIT_INCOME_RATIO")).isCloseTo(2.0, within(1e-12)); // 400000 / 200000
    assertThat(value(x, "ANNUITY_INCOME_RATIO")).isCloseTo(0.1, within(1e-12)); // 20000 / 200000
    assertThat(value(x, "ANNUITY_CREDIT_RATIO")).isCloseTo(0.05, within(1e-12)); // 20000 / 400000
    assertThat(value(x, "EMPLOYED_AGE_RATIO")).isCloseTo(0.1, within(1e-12)); // -1000 / -10000
    assertThat(value(x, "INCOME_PER_PERSON")).isCloseTo(100000.0, within(1e-9)); // 200000 / 2
    assertThat(value(x, "CREDIT_GOODS_RATIO")).isCloseTo(1.25, within(1e-12)); // 400000 / 320000
    assertThat(value(x, "EXT_SOURCES_MEAN")).isCloseTo(0.4, within(1e-12));
    assertThat(value(x, "EXT_SOURCES_PROD")).isCloseTo(0.048, within(1e-12)); // 0.2 * 0.4 * 0.6
    // population std of 0.2, 0.4, 0.6: sqrt((0.04 + 0 + 0.04) / 3)
    assertThat(value(x, "EXT_SOURCES_STD")).isCloseTo(Math.sqrt(0.08 / 3), within(1e-12));
    assertThat(value(x, "EXT_SOURCE_2_X_3")).isCloseTo(0.24, within(1e-12)); // 0.4 * 0.6
    assertThat(value(x, "INCOME_PER_CHILD")).isCloseTo(200000.0, within(1e-9)); // no children
    assertThat(value(x, "CREDIT_MINUS_GOODS")).isCloseTo(80000.0, within(1e-9));
    assertThat(value(x, "REGISTRATION_AGE_RATIO")).isCloseTo(0.3648, within(1e-12)); // -3648/-10000
    assertThat(value(x, "AMT_CREDIT")).isEqualTo(400000.0);
  }

  @Test
  void combinesTheExternalScoresAndHouseholdFigures() {
    double[] x = features.vector(Row.of(validApplication()), null);

    assertThat(value(x, "EXT_SOURCES_NANMEDIAN")).isCloseTo(0.4, within(1e-12)); // 0.2, 0.4, 0.6
    // (2 * 0.2 + 3 * 0.4 + 4 * 0.6) / (2 + 3 + 4)
    assertThat(value(x, "EXT_SOURCES_WEIGHTED")).isCloseTo(4.0 / 9, within(1e-12));
    assertThat(value(x, "ANNUITY_PER_CHILD")).isCloseTo(20000.0, within(1e-9)); // no children
    assertThat(value(x, "CHILDREN_RATIO")).isEqualTo(0.0); // 0 children of 2 members
    assertThat(value(x, "GOODS_INCOME_RATIO")).isCloseTo(1.6, within(1e-12)); // 320000 / 200000
    // 20000 / (200000 / 2)
    assertThat(value(x, "ANNUITY_INCOME_PER_PERSON_RATIO")).isCloseTo(0.2, within(1e-12));
    assertThat(value(x, "BUREAU_ENQUIRIES_TOTAL")).isNaN(); // no enquiry column given
    assertThat(value(x, "SOCIAL_CIRCLE_DEFAULT_RATIO")).isNaN(); // no social circle given
  }

  @Test
  void weighsOnlyThePresentExternalScoresAndCountsMissingColumns() {
    Map<String, Object> a = validApplication();
    a.remove("EXT_SOURCE_1");
    a.put("CNT_CHILDREN", 1);
    a.put("CNT_FAM_MEMBERS", 3.0);
    a.put("AMT_REQ_CREDIT_BUREAU_MON", 2.0);
    a.put("AMT_REQ_CREDIT_BUREAU_YEAR", 3.0);
    a.put("OBS_60_CNT_SOCIAL_CIRCLE", 4.0);
    a.put("DEF_60_CNT_SOCIAL_CIRCLE", 1.0);

    double[] x = features.vector(Row.of(a), null);

    assertThat(value(x, "EXT_SOURCES_NANMEDIAN")).isCloseTo(0.5, within(1e-12)); // 0.4, 0.6
    // (3 * 0.4 + 4 * 0.6) / (3 + 4)
    assertThat(value(x, "EXT_SOURCES_WEIGHTED")).isCloseTo(3.6 / 7, within(1e-12));
    assertThat(value(x, "ANNUITY_PER_CHILD")).isCloseTo(10000.0, within(1e-9)); // 20000 / 2
    assertThat(value(x, "CHILDREN_RATIO")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(value(x, "BUREAU_ENQUIRIES_TOTAL")).isEqualTo(5.0); // 2 + 3, the rest absent
    assertThat(value(x, "SOCIAL_CIRCLE_DEFAULT_RATIO")).isCloseTo(0.25, within(1e-12)); // 1 / 4
    // Of the 16 categorical columns 8 are given; of the 104 numeric ones 13 (EXT_SOURCE_1
    // removed) plus the 4 added here.
    int categorical = features.vocabularies().size();
    int numeric = features.applicationFeatureCount() - categorical - FeatureSet.DERIVED.size();
    assertThat(value(x, "MISSING_COUNT")).isEqualTo((categorical - 8) + (numeric - 17.0));
  }

  @Test
  void infersTheTermAndRateOfACashLoanButNotOfARevolvingOne() {
    Map<String, Object> a = validApplication();
    // 24 months at 41 % a year: monthly rate 1.41^(1/12) - 1, factor (1 - (1 + r)^-24) / r
    double monthly = Math.pow(1.41, 1.0 / 12) - 1;
    double factor = (1 - Math.pow(1 + monthly, -24)) / monthly;
    a.put("AMT_ANNUITY", 400000.0 / factor);

    double[] cash = features.vector(Row.of(a), null);
    a.put("NAME_CONTRACT_TYPE", "Revolving loans");
    double[] revolving = features.vector(Row.of(a), null);

    assertThat(value(cash, "INFERRED_TERM_MONTHS")).isEqualTo(24.0);
    assertThat(value(cash, "INFERRED_MONTHLY_RATE")).isCloseTo(monthly, within(1e-9));
    assertThat(value(revolving, "INFERRED_TERM_MONTHS")).isNaN();
    assertThat(value(revolving, "INFERRED_MONTHLY_RATE")).isNaN();
  }

  @Test
  void givesARateOfZeroWhenTheAnnuitiesRepayNoMoreThanTheCredit() {
    // 20 payments' worth of credit repaid in 24 payments: about 1.5 % a month
    assertThat(LoanTerms.monthlyRate(400000, 20000, 24)).isCloseTo(0.0151, within(1e-3));
    assertThat(LoanTerms.monthlyRate(240000, 10000, 24)).isEqualTo(0.0); // exactly 24 payments
    assertThat(LoanTerms.monthlyRate(400000, 20000, Double.NaN)).isNaN();
    assertThat(LoanTerms.term(400000, Double.NaN)).isNaN();
  }

  @Test
  void encodesCategoriesWithMissingAndUnseenAsTheirOwnCodes() {
    Map<String, Object> a = validApplication();
    a.put("CODE_GENDER", "M"); // second value of F, M, XNA
    a.remove("NAME_TYPE_SUITE"); // missing
    a.put("NAME_HOUSING_TYPE", "Boat"); // not in the vocabulary

    double[] x = features.vector(Row.of(a), null);

    assertThat(value(x, "CODE_GENDER")).isEqualTo(2.0);
    assertThat(value(x, "NAME_TYPE_SUITE")).isEqualTo(0.0);
    int housingValues = features.vocabularies().get("NAME_HOUSING_TYPE").size();
    assertThat(value(x, "NAME_HOUSING_TYPE")).isEqualTo(housingValues + 1.0);
  }

  @Test
  void treatsTheDaysEmployedPlaceholderAsMissing() {
    Map<String, Object> a = validApplication();
    a.put("DAYS_EMPLOYED", 365243);

    double[] x = features.vector(Row.of(a), null);

    assertThat(value(x, "DAYS_EMPLOYED")).isNaN();
    assertThat(value(x, "EMPLOYED_AGE_RATIO")).isNaN();
  }

  @Test
  void fillsHistoryFromTheMapAndMissingHistoryAsNaN() {
    String first = features.historyFeatureNames().get(0);
    String second = features.historyFeatureNames().get(1);
    Map<String, Double> history = new HashMap<>();
    history.put(first, 3.0);
    history.put(second, null);

    double[] with = features.vector(Row.of(validApplication()), history);
    double[] without = features.vector(Row.of(validApplication()), null);

    assertThat(with).hasSize(features.names().size());
    assertThat(value(with, first)).isEqualTo(3.0);
    assertThat(value(with, second)).isNaN();
    assertThat(value(without, first)).isNaN();
    assertThat(
            features.names().subList(features.applicationFeatureCount(), features.names().size()))
        .isEqualTo(features.historyFeatureNames());
  }

  @Test
  void hasAVersionOfSixteenHexCharactersAndUniqueNames() {
    assertThat(features.version()).matches("[0-9a-f]{16}");
    assertThat(features.names()).doesNotHaveDuplicates();
    assertThat(features.names().size()).isLessThan(500);
  }

  @Test
  void attributesEveryFeatureToASource() {
    assertThat(features.sourceOf("EXT_SOURCE_2")).isEqualTo("EXT_SOURCE_2");
    assertThat(features.sourceOf("EXT_SOURCES_MEAN")).isEqualTo("EXT_SOURCE");
    assertThat(features.sourceOf("APARTMENTS_AVG")).isEqualTo("building");
    assertThat(features.sourceOf("INSTAL_DPD_MAX")).isEqualTo("installments_payments");
    assertThat(features.sourceOf("BURO_MONTHS_BALANCE_SIZE_MEAN")).isEqualTo("bureau_balance");
    for (String name : features.names()) {
      assertThat(features.sourceOf(name)).as(name).isNotBlank();
    }
  }
}
