package io.creditstream.features;

import java.util.Map;

/**
 * One record of a Home Credit table: column name to value ({@link String}, {@link Long}/{@link
 * Integer}, {@link Double}, or {@code null} when the cell is empty or the column absent).
 */
public interface Row {
  Object get(String column);

  /**
   * How this row's columns are laid out, when it can read them by position (a record of a fixed
   * schema): code that reads the same columns from many rows resolves each name once per layout and
   * then reads by position ({@link #get(int)}), with the very values {@link #get(String)} gives.
   * Null (the default) when the row has no positions.
   */
  default Columns columns() {
    return null;
  }

  /**
   * The value at a position {@link #columns()} gave, as {@link #get(String)} gives it for that
   * column's name.
   */
  default Object get(int position) {
    throw new UnsupportedOperationException("this row has no column positions");
  }

  /**
   * A layout of columns: one instance per layout, so it can key a cache by identity; the same
   * instance for every row of that layout.
   */
  interface Columns {
    /** The column's position, or -1 when the layout has no such column. */
    int position(String column);
  }

  /** A row backed by a map (absent keys read as null). */
  static Row of(Map<String, ?> values) {
    return values::get;
  }
}
