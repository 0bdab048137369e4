package io.creditstream.datagen.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.datagen.profile.ColumnProfile.Kind;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnSamplerTest {

  private static final List<Double> LEVELS = List.of(0.0, 0.5, 1.0);

  @Test
  void interpolatesLinearlyBetweenQuantiles() {
    // given a float column with quantiles 0 / 10 / 30 at 0 / 0.5 / 1
    var profile =
        new ColumnProfile(
            Kind.FLOAT, 0, 3, null, List.of(0.0, 10.0, 30.0), null, null, null, null, null, null);
    var sampler = new ColumnSampler("X", profile, LEVELS);

    // then the inverse CDF goes through the quantiles and is linear between them
    assertThat(sampler.at(0.0)).isEqualTo(0.0);
    assertThat(sampler.at(0.25)).isEqualTo(5.0);
    assertThat(sampler.at(0.5)).isEqualTo(10.0);
    assertThat(sampler.at(0.75)).isEqualTo(20.0);
    assertThat(sampler.at(1.0)).isEqualTo(30.0);
  }

  @Test
  void integerColumnsStayIntegers() {
    var profile =
        new ColumnProfile(
            Kind.INT, 0, null, null, List.of(0.0, 1.0, 2.0), null, null, null, null, null, null);
    var sampler = new ColumnSampler("N", profile, LEVELS);

    assertThat(sampler.at(0.3)).isEqualTo(1.0); // 0.6 rounds to 1
    assertThat(sampler.at(0.2)).isEqualTo(0.0); // 0.4 rounds to 0
  }

  @Test
  void roundsToTheRealGrid() {
    // given incomes that lie on Kaggle's 4500 grid
    var profile =
        new ColumnProfile(
            Kind.FLOAT,
            0,
            1,
            4500.0,
            List.of(45000.0, 90000.0, 450000.0),
            null,
            null,
            null,
            null,
            null,
            null);
    var sampler = new ColumnSampler("AMT_INCOME_TOTAL", profile, LEVELS);

    // then every draw is a multiple of 4500
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      double v = sampler.at(rng.nextDouble());
      assertThat(v % 4500).isZero();
    }
  }

  @Test
  void drawsMissingSentinelAndCategoriesAtTheirRates() {
    // given a column 20% empty, with 30% of the rest at 365243
    var days =
        new ColumnProfile(
            Kind.INT,
            0.2,
            null,
            null,
            List.of(-1000.0, -500.0, 0.0),
            null,
            null,
            null,
            365243.0,
            0.3,
            null);
    var sampler = new ColumnSampler("DAYS", days, LEVELS);
    var colours =
        new ColumnSampler(
            "C",
            new ColumnProfile(
                Kind.CATEGORY,
                0,
                null,
                null,
                null,
                null,
                List.of("a", "b"),
                List.of(0.75, 0.25),
                null,
                null,
                null),
            LEVELS);
    SplittableRandom rng = new SplittableRandom(5);
    int n = 100_000;
    int missing = 0;
    int sentinel = 0;
    int a = 0;

    // when many values are drawn
    for (int i = 0; i < n; i++) {
      double v = sampler.sample(rng);
      if (Double.isNaN(v)) {
        missing++;
      } else if (v == 365243) {
        sentinel++;
      } else {
        assertThat(v).isBetween(-1000.0, 0.0);
      }
      if (colours.sampleCategory(rng).equals("a")) {
        a++;
      }
    }

    // then the rates are the profile's
    assertThat(missing / (double) n).isCloseTo(0.2, within(0.01));
    assertThat(sentinel / (double) n).isCloseTo(0.8 * 0.3, within(0.01));
    assertThat(a / (double) n).isCloseTo(0.75, within(0.01));
  }

  @Test
  void ordersCategoriesByTheirRealDefaultRateAtUnchangedFrequencies() {
    // given three categories, the most frequent with the middle default rate
    var profile =
        new ColumnProfile(
            Kind.CATEGORY,
            0,
            null,
            null,
            null,
            null,
            List.of("mid", "safe", "risky"),
            List.of(0.5, 0.3, 0.2),
            null,
            null,
            List.of(0.08, 0.04, 0.15));
    var sampler = new ColumnSampler("C", profile, LEVELS);
    SplittableRandom rng = new SplittableRandom(9);
    int n = 100_000;
    int mid = 0;

    // then low probabilities give the safest category, high ones the riskiest
    assertThat(sampler.hasRiskOrder()).isTrue();
    assertThat(sampler.categoryByRisk(0.1)).isEqualTo("safe");
    assertThat(sampler.categoryByRisk(0.5)).isEqualTo("mid");
    assertThat(sampler.categoryByRisk(0.95)).isEqualTo("risky");
    // and a uniform draw keeps the real frequencies
    for (int i = 0; i < n; i++) {
      if (sampler.categoryByRisk(rng.nextDouble()).equals("mid")) {
        mid++;
      }
    }
    assertThat(mid / (double) n).isCloseTo(0.5, within(0.01));
  }

  @Test
  void categoryExcludingNeverReturnsTheExcludedOne() {
    var sampler =
        new ColumnSampler(
            "R",
            new ColumnProfile(
                Kind.CATEGORY,
                0,
                null,
                null,
                null,
                null,
                List.of("XAP", "HC"),
                List.of(0.9, 0.1),
                null,
                null,
                null),
            LEVELS);
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < 1000; i++) {
      assertThat(sampler.categoryExcluding(rng, "XAP")).isEqualTo("HC");
    }
  }
}
