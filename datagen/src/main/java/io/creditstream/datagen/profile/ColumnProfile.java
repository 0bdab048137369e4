package io.creditstream.datagen.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Aggregate statistics of one column of one real table: never rows.
 *
 * @param kind {@link Kind#ID} (a key, generated, not sampled), {@link Kind#INT} or {@link
 *     Kind#FLOAT} (numeric; how the real file writes it), or {@link Kind#CATEGORY}
 * @param missing share of empty cells
 * @param decimals for floats, the most significant digits after the point seen in the real file
 *     (capped; 0 for whole numbers written as {@code 3648.0})
 * @param step for continuous numeric columns, the grid on which at least 90% of the real values lie
 *     (e.g. 4500 for incomes, 0.5 for annuities), or null
 * @param quantiles for continuous numeric columns, the values at {@link Profile#quantileLevels()}
 * @param values for numeric columns with few distinct values, the values (ascending)
 * @param categories for categorical columns, the categories (most frequent first)
 * @param weights the frequency of each entry of {@code values} or {@code categories}, summing to 1
 * @param sentinel a special value Kaggle uses for "not applicable" (365243 days), kept apart from
 *     the quantiles, or null
 * @param sentinelRate share of non-empty cells holding the sentinel
 * @param defaultRates for categorical columns of the labelled applications, the real share of
 *     {@code TARGET = 1} per category (aligned with {@code categories}), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(
    Kind kind,
    double missing,
    Integer decimals,
    Double step,
    List<Double> quantiles,
    List<Double> values,
    List<String> categories,
    List<Double> weights,
    Double sentinel,
    Double sentinelRate,
    List<Double> defaultRates) {

  /** The same column with the default rate of each category. */
  ColumnProfile withDefaultRates(List<Double> rates) {
    return new ColumnProfile(
        kind,
        missing,
        decimals,
        step,
        quantiles,
        values,
        categories,
        weights,
        sentinel,
        sentinelRate,
        rates);
  }

  /** How a column is written and sampled. */
  public enum Kind {
    ID,
    INT,
    FLOAT,
    CATEGORY
  }
}
