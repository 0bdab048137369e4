package io.creditstream.datagen.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;

/**
 * The profile of one real table: its row count and, in header order, each column's statistics;
 * optionally the same per value of one categorical column, for tables whose rows differ in kind (a
 * previous application for a card has no goods category and a card product; a closed bureau credit
 * has an end date).
 *
 * @param rows how many real rows the statistics come from
 * @param columns column name to statistics, in the real file's column order
 * @param strataColumn the column the strata split on, or null
 * @param strata value of {@code strataColumn} to the profile of the rows with that value (values
 *     with too few rows are left out: the generator uses the whole table's profile for them), or
 *     null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableProfile(
    long rows,
    LinkedHashMap<String, ColumnProfile> columns,
    String strataColumn,
    LinkedHashMap<String, TableProfile> strata) {

  /** A profile without strata. */
  public TableProfile(long rows, LinkedHashMap<String, ColumnProfile> columns) {
    this(rows, columns, null, null);
  }

  /** The statistics of one column; fails with the column's name if the profile lacks it. */
  public ColumnProfile column(String name) {
    ColumnProfile column = columns.get(name);
    if (column == null) {
      throw new IllegalArgumentException("profile has no column " + name);
    }
    return column;
  }
}
