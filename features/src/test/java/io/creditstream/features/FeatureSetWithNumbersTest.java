package io.creditstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.testkit.HomeCreditData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureSet#withNumbers} gives, bit for bit, the vector {@link FeatureSet#vector} gives the
 * changed application: on real applications, with the amounts the counter-offer varies and with the
 * not-employed marker.
 */
class FeatureSetWithNumbersTest {

  private final FeatureSet features = FeatureSet.current();
  private static final List<String> AMOUNTS =
      List.of("AMT_CREDIT", "AMT_ANNUITY", "AMT_GOODS_PRICE");

  @Test
  void changedAmountsGiveTheVectorOfTheChangedApplication() throws Exception {
    // given 300 real applications (cash and revolving loans, with and without goods price)
    List<Map<String, Object>> rows = realApplications(300);
    int compared = 0;
    for (Map<String, Object> row : rows) {
      double[] template = features.vector(Row.of(row), null);
      for (double ratio : new double[] {0.95, 0.5, 0.1, 1.7}) {
        // when the three amounts are scaled, incrementally and as a new application
        Map<String, Object> changed = new HashMap<>(row);
        double[] values = new double[3];
        for (int c = 0; c < 3; c++) {
          Object v = row.get(AMOUNTS.get(c));
          values[c] =
              v == null || v.toString().isBlank()
                  ? Double.NaN
                  : Math.round(Double.parseDouble(v.toString()) * ratio * 100) / 100.0;
          changed.put(AMOUNTS.get(c), Double.isNaN(values[c]) ? null : values[c]);
        }
        double[] incremental = features.withNumbers(template, AMOUNTS, values);
        double[] whole = features.vector(Row.of(changed), null);

        // then the two vectors are the same, NaNs included, bit for bit
        assertThat(incremental)
            .as("row %s ratio %s", row.get("SK_ID_CURR"), ratio)
            .isEqualTo(whole);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(1200);
  }

  @Test
  void theNotEmployedMarkerIsMissingAsInAWholeVector() {
    Map<String, Object> app = FeatureSetTest.validApplication();
    double[] template = features.vector(Row.of(app), null);
    app.put("DAYS_EMPLOYED", 365243.0);
    assertThat(features.withNumbers(template, List.of("DAYS_EMPLOYED"), new double[] {365243.0}))
        .isEqualTo(features.vector(Row.of(app), null));
  }

  @Test
  void refusesAColumnThatIsNotANumericApplicationColumn() {
    double[] template = features.vector(Row.of(FeatureSetTest.validApplication()), null);
    assertThatThrownBy(
            () -> features.withNumbers(template, List.of("CODE_GENDER"), new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CODE_GENDER");
  }

  private static List<Map<String, Object>> realApplications(int n) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (TableReader reader =
        TableReader.open(HomeCreditData.trainSample(), HomeCreditTable.APPLICATION_TRAIN)) {
      reader.forEachWhile(
          row -> {
            Map<String, Object> copy = new HashMap<>();
            for (String c : reader.header()) {
              copy.put(c, row.get(c));
            }
            rows.add(copy);
            return rows.size() < n;
          },
          problem -> {});
    }
    return rows;
  }
}
