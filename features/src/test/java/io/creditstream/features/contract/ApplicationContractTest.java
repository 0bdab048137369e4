package io.creditstream.features.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.FeatureSetTest;
import io.creditstream.features.Row;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationContractTest {

  private final ApplicationContract contract = ApplicationContract.current();

  /** A plausible application, every rule satisfied: the feature tests' one, with its envelope. */
  static Map<String, Object> validApplication() {
    Map<String, Object> a = FeatureSetTest.validApplication();
    a.put("applicationId", "app-1");
    a.put("channel", "WEB");
    return a;
  }

  private List<Violation> check(Map<String, Object> a) {
    return contract.check(Row.of(a));
  }

  @Test
  void acceptsAPlausibleApplication() {
    assertThat(check(validApplication())).isEmpty();
  }

  @Test
  void acceptsThePlaceholderForNotEmployed() {
    Map<String, Object> a = validApplication();
    a.put("DAYS_EMPLOYED", 365243);
    assertThat(check(a)).isEmpty();
  }

  @Test
  void reportsEachProblemOfAnImpossibleApplicationOnceNamingFieldAndRule() {
    Map<String, Object> a = validApplication();
    a.put("AMT_CREDIT", 0.0); // non-positive credit
    a.put("AMT_INCOME_TOTAL", -5.0); // non-positive income
    a.put("AMT_ANNUITY", 0.0); // an annuity of 0 (the portal used to accept it)
    a.put("DAYS_BIRTH", -3000); // about 8 years old
    a.put("DAYS_EMPLOYED", 200); // starts in the future
    a.put("CODE_GENDER", "Q"); // unknown category
    a.remove("NAME_HOUSING_TYPE"); // required column missing

    assertThat(check(a))
        .extracting(v -> v.field() + "/" + v.rule())
        .containsExactlyInAnyOrder(
            "AMT_CREDIT/out_of_range",
            "AMT_INCOME_TOTAL/out_of_range",
            "AMT_ANNUITY/out_of_range",
            "DAYS_BIRTH/out_of_range",
            "DAYS_EMPLOYED/out_of_range",
            "CODE_GENDER/invalid_value",
            "NAME_HOUSING_TYPE/missing");
  }

  @Test
  void eachRangeKindAcceptsItsBoundsAndNamesThemWhenRefusing() {
    // closed interval, both ends in, just outside refused with both ends named
    assertThat(ApplicationContract.range("CNT_CHILDREN", 0)).isNull();
    assertThat(ApplicationContract.range("CNT_CHILDREN", 30)).isNull();
    assertThat(ApplicationContract.range("CNT_CHILDREN", 31)).isEqualTo("must be between 0 and 30");
    assertThat(ApplicationContract.range("EXT_SOURCE_2", 1.0000001))
        .isEqualTo("must be between 0 and 1");
    // open at 0: amounts
    assertThat(ApplicationContract.range("AMT_ANNUITY", Double.MIN_VALUE)).isNull();
    assertThat(ApplicationContract.range("AMT_ANNUITY", 0)).isEqualTo("must be greater than 0");
    // closed at 0, no upper bound: goods price, enquiry counts
    assertThat(ApplicationContract.range("AMT_GOODS_PRICE", 0)).isNull();
    assertThat(ApplicationContract.range("AMT_REQ_CREDIT_BUREAU_YEAR", -1))
        .isEqualTo("must be 0 or more");
    // days before the application, and the not-employed placeholder besides
    assertThat(ApplicationContract.range("DAYS_ID_PUBLISH", 0)).isNull();
    assertThat(ApplicationContract.range("DAYS_ID_PUBLISH", 1))
        .isEqualTo("must be 0 or less (days before the application)");
    assertThat(ApplicationContract.range("DAYS_EMPLOYED", 365243)).isNull();
    assertThat(ApplicationContract.range("DAYS_EMPLOYED", 365242)).contains("365243");
    // flags: exactly 0 or 1
    assertThat(ApplicationContract.range("FLAG_MOBIL", 1)).isNull();
    assertThat(ApplicationContract.range("FLAG_MOBIL", 0.5)).isEqualTo("must be 0 or 1");
    // ages 18 to 100 exactly
    assertThat(ApplicationContract.range("DAYS_BIRTH", -18 * 365.25)).isNull();
    assertThat(ApplicationContract.range("DAYS_BIRTH", -100 * 365.25)).isNull();
    assertThat(ApplicationContract.range("DAYS_BIRTH", -100 * 365.25 - 1))
        .startsWith("means an age of 100.0 years");
    // a column without a rule accepts any finite number
    assertThat(ApplicationContract.range("AMT_SOMETHING_NEW", -1e300)).isNull();
  }

  @Test
  void noMessageContainsTheSeparatorOfADeadLettersReason() {
    // A dead letter's reason joins violations with "; ": a message with ';' in it would be split.
    Map<String, Object> a = validApplication();
    a.put("DAYS_BIRTH", -39812);
    a.put("ORGANIZATION_TYPE", "Space agency");
    a.put("AMT_ANNUITY", 500000.0);
    a.put("CNT_CHILDREN", 3);
    List<Violation> all = check(a);
    a = validApplication();
    a.put("DAYS_EMPLOYED", -1e9);
    all.addAll(check(a));

    assertThat(all).hasSizeGreaterThanOrEqualTo(5);
    assertThat(all).allSatisfy(v -> assertThat(v.message()).doesNotContain(";"));
  }

  @Test
  void refusesAnAgeOf109WithTheAgeInTheMessage() {
    Map<String, Object> a = validApplication();
    a.put("DAYS_BIRTH", -39812); // 109 years

    assertThat(check(a))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("DAYS_BIRTH");
              assertThat(v.message()).contains("109.0 years").contains("18 to 100");
            });
  }

  @Test
  void refusesAnUnknownOrganisationTypeListingTheKnownOnes() {
    Map<String, Object> a = validApplication();
    a.put("ORGANIZATION_TYPE", "Space agency");

    assertThat(check(a))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo(Violation.INVALID_VALUE);
              assertThat(v.message()).contains("'Space agency'").contains("Business Entity Type 3");
            });
  }

  @Test
  void refusesTextNaNAndInfinityInNumericColumns() {
    Map<String, Object> a = validApplication();
    a.put("AMT_GOODS_PRICE", "lots"); // text
    a.put("EXT_SOURCE_2", Double.NaN); // NaN sent as a value is not "missing"
    a.put("AMT_CREDIT", Double.POSITIVE_INFINITY); // not a finite amount

    assertThat(check(a))
        .extracting(v -> v.field() + "/" + v.rule())
        .containsExactlyInAnyOrder(
            "AMT_GOODS_PRICE/wrong_type", "EXT_SOURCE_2/wrong_type", "AMT_CREDIT/out_of_range");
  }

  @Test
  void refusesEmploymentLongerThanAWorkingLife() {
    Map<String, Object> a = validApplication();
    a.put("DAYS_EMPLOYED", -1e9); // "employed" for 2.7 million years: it lowered the risk before

    assertThat(check(a))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("DAYS_EMPLOYED");
              assertThat(v.rule()).isEqualTo(Violation.INCONSISTENT);
            });
  }

  @Test
  void refusesFieldsThatContradictEachOther() {
    Map<String, Object> a = validApplication();
    a.put("AMT_ANNUITY", 500000.0); // more than the 400,000 credit
    a.put("CNT_CHILDREN", 3); // three children in a family of two
    a.put("DAYS_REGISTRATION", -20000.0); // registered before birth (DAYS_BIRTH -10000)

    assertThat(check(a))
        .extracting(v -> v.field() + "/" + v.rule())
        .containsExactlyInAnyOrder(
            "AMT_ANNUITY/inconsistent",
            "CNT_FAM_MEMBERS/inconsistent",
            "DAYS_REGISTRATION/inconsistent");
  }

  @Test
  void acceptsACarAgeWithoutACarAsImputedDataSetsHaveIt() {
    // The linked Kaggle sample imputed OWN_CAR_AGE for every client, car or not: a data set's
    // imputation is not the front office's contradiction, and the model reads the value as is.
    Map<String, Object> a = validApplication();
    a.put("OWN_CAR_AGE", 21.0);
    assertThat(check(a)).isEmpty();
  }

  @Test
  void checksTheEnvelopeOnlyForWholeApplications() {
    Map<String, Object> a = validApplication();
    a.put("applicationId", "has spaces and é");
    a.put("channel", "");

    assertThat(check(a))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("applicationId", "channel");
    assertThat(contract.checkColumns(Row.of(a))).isEmpty();
    a.remove("applicationId");
    assertThat(check(a)).extracting(Violation::rule).contains(Violation.MISSING);
  }

  @Test
  void acceptsAlmostEveryRealApplication() throws Exception {
    Path dir = Paths.get(System.getProperty("home-credit.dir", "../../shared/data/home-credit"));
    Path file = dir.resolve("application_train.sample.csv.gz");
    assertThat(Files.exists(file))
        .as("the real Home Credit rows are needed at %s (-Dhome-credit.dir)", file)
        .isTrue();
    List<String> refused = new ArrayList<>();
    long[] rows = {0};
    try (TableReader reader = TableReader.open(file, HomeCreditTable.APPLICATION_TRAIN)) {
      reader.forEach(
          row -> {
            rows[0]++;
            List<Violation> v = contract.checkColumns(row);
            if (!v.isEmpty()) {
              refused.add(row.get("SK_ID_CURR") + " " + v);
            }
          },
          p -> {});
    }
    // Kaggle's own rows are real applications: the contract must not refuse them (the 4 clients
    // with CODE_GENDER XNA and the 1 without an annuity are accepted).
    assertThat(rows[0]).isEqualTo(38_874);
    assertThat(refused).isEmpty();
  }
}
