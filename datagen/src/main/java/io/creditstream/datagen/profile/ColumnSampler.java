package io.creditstream.datagen.profile;

import io.creditstream.datagen.profile.ColumnProfile.Kind;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws values of one column from its {@link ColumnProfile}: missing at the real rate, then the
 * sentinel at its rate, then by inverse CDF (linear between stored quantiles, exact for columns
 * with few values). Taking the uniform as an argument lets callers correlate columns (Gaussian
 * copula) without distorting any column's marginal.
 */
public final class ColumnSampler {

  private final String name;
  private final Kind kind;
  private final double missing;
  private final double sentinel;
  private final double sentinelRate;
  private final double step;
  private final double[] levels;
  private final double[] quantiles;
  private final double[] values;
  private final String[] categories;
  private final double[] cumulative;
  private final String[] byRisk;
  private final double[] byRiskCumulative;

  /**
   * Compiles the profile of column {@code name}; {@code levels} are the profile's quantile levels.
   */
  public ColumnSampler(String name, ColumnProfile profile, List<Double> levels) {
    this.name = name;
    this.kind = profile.kind();
    this.missing = profile.missing();
    this.sentinel = profile.sentinel() == null ? Double.NaN : profile.sentinel();
    this.sentinelRate = profile.sentinelRate() == null ? 0.0 : profile.sentinelRate();
    this.step = profile.step() == null ? 0 : profile.step();
    this.levels = levels.stream().mapToDouble(Double::doubleValue).toArray();
    this.quantiles =
        profile.quantiles() == null || profile.quantiles().isEmpty()
            ? null
            : profile.quantiles().stream().mapToDouble(Double::doubleValue).toArray();
    this.values =
        profile.values() == null
            ? null
            : profile.values().stream().mapToDouble(Double::doubleValue).toArray();
    this.categories =
        profile.categories() == null ? null : profile.categories().toArray(new String[0]);
    this.cumulative = profile.weights() == null ? null : cumulative(profile.weights());
    if (categories != null && profile.defaultRates() != null) {
      Integer[] order = new Integer[categories.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      List<Double> rates = profile.defaultRates();
      java.util.Arrays.sort(order, (a, b) -> Double.compare(rates.get(a), rates.get(b)));
      this.byRisk = new String[order.length];
      java.util.List<Double> weights = new java.util.ArrayList<>();
      for (int i = 0; i < order.length; i++) {
        byRisk[i] = categories[order[i]];
        weights.add(profile.weights().get(order[i]));
      }
      this.byRiskCumulative = cumulative(weights);
    } else {
      this.byRisk = null;
      this.byRiskCumulative = null;
    }
    if (quantiles != null && quantiles.length != this.levels.length) {
      throw new IllegalArgumentException(
          "column "
              + name
              + " has "
              + quantiles.length
              + " quantiles for "
              + levels.size()
              + " levels");
    }
  }

  private static double[] cumulative(List<Double> weights) {
    double[] c = new double[weights.size()];
    double sum = 0;
    for (int i = 0; i < c.length; i++) {
      sum += weights.get(i);
      c[i] = sum;
    }
    for (int i = 0; i < c.length; i++) {
      c[i] /= sum; // the stored weights are rounded: renormalise so the last bucket ends at 1
    }
    return c;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** Share of empty cells in the real column. */
  public double missingRate() {
    return missing;
  }

  /** True when the real column has no value at all (then every draw is missing). */
  public boolean alwaysMissing() {
    return quantiles == null && values == null && categories == null && sentinelRate == 0;
  }

  /** True when the column has non-missing values to draw from. */
  public boolean hasValues() {
    return quantiles != null || values != null || categories != null;
  }

  /** A numeric draw: NaN when missing. */
  public double sample(RandomGenerator rng) {
    if (rng.nextDouble() < missing || alwaysMissing()) {
      return Double.NaN;
    }
    return sampleNonMissing(rng);
  }

  /** A numeric draw that is never missing (the sentinel still occurs at its rate). */
  public double sampleNonMissing(RandomGenerator rng) {
    if (sentinelRate > 0 && rng.nextDouble() < sentinelRate) {
      return sentinel;
    }
    return at(rng.nextDouble());
  }

  /**
   * The value at probability {@code u} of the column's non-missing, non-sentinel distribution.
   * Integer columns stay integers.
   */
  public double at(double u) {
    double v;
    if (values != null) {
      v = values[index(u)];
    } else if (quantiles != null) {
      v = interpolate(u);
      if (step > 0) {
        v = Math.rint(v / step) * step;
      }
    } else {
      throw new IllegalStateException("column " + name + " has no numeric distribution");
    }
    return kind == Kind.INT ? Math.rint(v) : v;
  }

  private double interpolate(double u) {
    if (u <= 0) {
      return quantiles[0];
    }
    if (u >= 1) {
      return quantiles[quantiles.length - 1];
    }
    int i = 0;
    while (i < levels.length - 2 && u >= levels[i + 1]) {
      i++;
    }
    double t = (u - levels[i]) / (levels[i + 1] - levels[i]);
    return quantiles[i] + t * (quantiles[i + 1] - quantiles[i]);
  }

  /** True when the categories can be ordered by their real default rate. */
  public boolean hasRiskOrder() {
    return byRisk != null;
  }

  /**
   * The category at probability {@code u} with categories ordered from the lowest real default rate
   * to the highest: a higher {@code u} gives a riskier category, at the real frequencies.
   */
  public String categoryByRisk(double u) {
    if (byRisk == null) {
      return category(u);
    }
    return byRisk[index(byRiskCumulative, u)];
  }

  private int index(double u) {
    return index(cumulative, u);
  }

  private static int index(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (u < cumulative[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** A categorical draw: null when missing. */
  public String sampleCategory(RandomGenerator rng) {
    if (rng.nextDouble() < missing || categories == null) {
      return null;
    }
    return category(rng.nextDouble());
  }

  /** The category at probability {@code u}. */
  public String category(double u) {
    if (categories == null) {
      throw new IllegalStateException("column " + name + " is not categorical");
    }
    return categories[index(u)];
  }

  /**
   * A category other than {@code excluded}, drawn with the real frequencies of the others; {@code
   * excluded} itself if it is the only one.
   */
  public String categoryExcluding(RandomGenerator rng, String excluded) {
    for (int attempt = 0; attempt < 64; attempt++) {
      String c = category(rng.nextDouble());
      if (!c.equals(excluded)) {
        return c;
      }
    }
    for (String c : categories) {
      if (!c.equals(excluded)) {
        return c;
      }
    }
    return excluded;
  }
}
