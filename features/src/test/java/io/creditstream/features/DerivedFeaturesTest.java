package io.creditstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DerivedFeaturesTest {

  @Test
  void everyDefinitionDeclaresTheApplicationColumnsItReads() {
    for (String[] d : DerivedFeatures.DEFINITIONS) {
      assertThat(DerivedFeatures.INPUTS.get(d[0])).as(d[0]).isNotEmpty();
      for (String column : DerivedFeatures.INPUTS.get(d[0])) {
        assertThat(FeatureSet.current().applicationColumns()).as(d[0]).contains(column);
      }
    }
    assertThat(DerivedFeatures.INPUTS).hasSameSizeAs(DerivedFeatures.DEFINITIONS);
  }

  @Test
  void writesOneValuePerDefinitionAfterStart() {
    double[] raw = new double[ApplicationColumns.NUMERIC.size()];
    Arrays.fill(raw, Double.NaN);
    raw[ApplicationColumns.NUMERIC.indexOf("AMT_CREDIT")] = 400000;
    raw[ApplicationColumns.NUMERIC.indexOf("AMT_INCOME_TOTAL")] = 200000;
    double[] x = new double[3 + DerivedFeatures.DEFINITIONS.size() + 2];
    Arrays.fill(x, -1);

    int end = DerivedFeatures.compute(raw, 2, false, x, 3);

    assertThat(end).isEqualTo(3 + DerivedFeatures.DEFINITIONS.size());
    assertThat(x[0]).isEqualTo(-1); // before start: untouched
    assertThat(x[end]).isEqualTo(-1); // after the last: untouched
    assertThat(x[3]).isEqualTo(2.0); // CREDIT_INCOME_RATIO
    // MISSING_COUNT: the 2 missing categories plus every numeric column but the two given.
    int missingCount =
        3
            + DerivedFeatures.DEFINITIONS.stream()
                .map(d -> d[0])
                .toList()
                .indexOf(DerivedFeatures.PRESENCE_COUNT);
    assertThat(x[missingCount]).isEqualTo(2 + raw.length - 2);
    // Not a cash loan: no inferred term.
    assertThat(x[end - 2]).isNaN();
  }
}
