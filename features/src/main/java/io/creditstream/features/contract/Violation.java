package io.creditstream.features.contract;

/**
 * One broken rule of the application contract, in words a front-office developer understands.
 *
 * @param field the column (Kaggle name) or envelope field ({@code applicationId}, {@code channel})
 * @param rule machine-readable: {@code missing}, {@code wrong_type}, {@code out_of_range}, {@code
 *     invalid_value} or {@code inconsistent}
 * @param message what is wrong and what is accepted, naming the value received
 */
public record Violation(String field, String rule, String message) {

  public static final String MISSING = "missing";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String OUT_OF_RANGE = "out_of_range";
  public static final String INVALID_VALUE = "invalid_value";
  public static final String INCONSISTENT = "inconsistent";

  /** "FIELD: message [rule]", the form dead letters and logs use. */
  @Override
  public String toString() {
    return field + ": " + message + " [" + rule + "]";
  }
}
