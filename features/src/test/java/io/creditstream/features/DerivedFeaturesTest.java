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

  @Test
  void externalScoreStatisticsAreWhatDoubleStreamsGave() {
    // given the three external scores drawn at random, each missing a third of the time, with
    // signed zeros and equal values among them (min/max and their ties)
    int e1 = ApplicationColumns.NUMERIC.indexOf("EXT_SOURCE_1");
    java.util.List<String> names = DerivedFeatures.DEFINITIONS.stream().map(d -> d[0]).toList();
    int mean = names.indexOf("EXT_SOURCES_MEAN");
    java.util.Random random = new java.util.Random(7);
    double[] pool = {0.0, -0.0, 0.5, 0.5, 1e-300};
    for (int trial = 0; trial < 20_000; trial++) {
      double[] raw = new double[ApplicationColumns.NUMERIC.size()];
      Arrays.fill(raw, Double.NaN);
      for (int k = 0; k < 3; k++) {
        int pick = random.nextInt(3);
        raw[e1 + k] =
            pick == 0
                ? Double.NaN
                : pick == 1 ? pool[random.nextInt(pool.length)] : random.nextDouble();
      }
      double[] x = new double[names.size()];

      DerivedFeatures.compute(raw, 0, false, x, 0);

      // then mean, min and max are, bit for bit, those of the streams the code used before
      double[] present =
          Arrays.stream(Arrays.copyOfRange(raw, e1, e1 + 3))
              .filter(v -> !Double.isNaN(v))
              .toArray();
      double[] expected =
          present.length == 0
              ? new double[] {Double.NaN, Double.NaN, Double.NaN}
              : new double[] {
                Arrays.stream(present).sum() / present.length,
                Arrays.stream(present).min().getAsDouble(),
                Arrays.stream(present).max().getAsDouble()
              };
      for (int k = 0; k < 3; k++) {
        assertThat(Double.doubleToRawLongBits(x[mean + k]))
            .as("trial %d, %s of %s", trial, names.get(mean + k), Arrays.toString(present))
            .isEqualTo(Double.doubleToRawLongBits(expected[k]));
      }
    }
  }
}
