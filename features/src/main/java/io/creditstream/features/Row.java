package io.creditstream.features;

import java.util.Map;

/**
 * One record of a Home Credit table: column name to value ({@link String}, {@link Long}/{@link
 * Integer}, {@link Double}, or {@code null} when the cell is empty or the column absent).
 */
public interface Row {
  Object get(String column);

  /** A row backed by a map (absent keys read as null). */
  static Row of(Map<String, ?> values) {
    return values::get;
  }
}
