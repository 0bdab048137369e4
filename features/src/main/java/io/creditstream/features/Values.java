package io.creditstream.features;

/** Reads cells of a {@link Row} as numbers or categories, the same way everywhere. */
public final class Values {
  private Values() {}

  /**
   * The numeric value of a cell: NaN when empty or absent.
   *
   * @throws IllegalArgumentException when the cell holds text that is not a number
   */
  public static double number(Row row, String column) {
    return number(row.get(column), column);
  }

  /** {@link #number(Row, String)} of a cell's value already read ({@code column} names it). */
  public static double number(Object value, String column) {
    if (value == null) {
      return Double.NaN;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    String text = value.toString().trim();
    if (text.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "column " + column + ": '" + text + "' is not a number", e);
    }
  }

  /** The text of a categorical cell, or null when empty or absent. */
  public static String category(Row row, String column) {
    return category(row.get(column));
  }

  /** {@link #category(Row, String)} of a cell's value already read. */
  public static String category(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    return text.isEmpty() ? null : text;
  }

  /** a / b, or NaN when either is missing or b is zero. */
  public static double ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0.0) {
      return Double.NaN;
    }
    return a / b;
  }
}
