package io.creditstream.datagen.profile;

import java.util.LinkedHashMap;

/**
 * The profile of one real table: its row count and, in header order, each column's statistics.
 *
 * @param rows how many real rows the statistics come from
 * @param columns column name to statistics, in the real file's column order
 */
public record TableProfile(long rows, LinkedHashMap<String, ColumnProfile> columns) {

  /** The statistics of one column; fails with the column's name if the profile lacks it. */
  public ColumnProfile column(String name) {
    ColumnProfile column = columns.get(name);
    if (column == null) {
      throw new IllegalArgumentException("profile has no column " + name);
    }
    return column;
  }
}
