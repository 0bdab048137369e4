package io.creditstream.features.table;

/**
 * A malformed row: where it is (file, 1-based line), which column and value (null when the whole
 * row is wrong, e.g. a wrong number of fields), and what is wrong.
 */
public record Problem(String file, long line, String column, String value, String message) {
  @Override
  public String toString() {
    return file
        + ":"
        + line
        + (column == null ? "" : " column " + column)
        + (value == null ? "" : " value '" + value + "'")
        + ": "
        + message;
  }
}
