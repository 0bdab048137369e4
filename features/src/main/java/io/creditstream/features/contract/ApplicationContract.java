package io.creditstream.features.contract;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.features.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What makes a loan application acceptable: required fields, types, ranges, categories and
 * cross-field rules, written once and used by every door (the portal's API answers 400 with these
 * violations, the scorer dead-letters with them, the trainer leaves such rows out, replay checks
 * refused applications are still refused). A test feeds one corpus to every door and expects the
 * same verdicts.
 *
 * <p>The contract refuses what cannot be a real application (an age of 109, an annuity of 0, an
 * employment longer than the client's working life, an unknown organisation type). What is possible
 * but outside what the model has seen is not refused here: {@link OperatingPolicy} sends it to a
 * person.
 */
public final class ApplicationContract {
  // Messages never contain ';': a dead letter's reason joins violations with "; ".

  public static final String APPLICATION_ID = "applicationId";
  public static final String CHANNEL = "channel";
  public static final String CLIENT_ID = "SK_ID_CURR";

  /** Youngest and oldest applicant accepted, in years. */
  public static final double MIN_AGE_YEARS = 18;

  public static final double MAX_AGE_YEARS = 100;

  /** Nobody's employment starts before this age (the real sample's youngest start is 17.9). */
  public static final double MIN_WORKING_AGE_YEARS = 14;

  private static final double DAYS_PER_YEAR = 365.25;
  private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern CHANNEL_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private static final ApplicationContract CURRENT = new ApplicationContract(FeatureSet.current());

  private final List<String> required;
  private final List<String> numeric;
  private final Map<String, List<String>> categories;
  private final Map<String, java.util.Set<String>> known; // the same, for checking in O(1)

  ApplicationContract(FeatureSet featureSet) {
    List<String> columns = new ArrayList<>(featureSet.numericColumns());
    if (!columns.contains(CLIENT_ID)) {
      columns.add(0, CLIENT_ID);
    }
    this.numeric = List.copyOf(columns);
    this.required = featureSet.requiredColumns();
    this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(featureSet.categories()));
    this.known = new java.util.HashMap<>();
    categories.forEach((column, values) -> known.put(column, java.util.Set.copyOf(values)));
  }

  /** The product's contract, over the product's feature set's columns and vocabularies. */
  public static ApplicationContract current() {
    return CURRENT;
  }

  /** The accepted values of each categorical column. */
  public Map<String, List<String>> categories() {
    return categories;
  }

  /**
   * Every violation of a whole application (envelope and Kaggle columns), in field order; empty
   * when it is acceptable.
   */
  public List<Violation> check(Row application) {
    return check(application, true);
  }

  /**
   * As {@link #check(Row)}; {@code applicationIdRequired} false for a door that assigns the id when
   * the sender leaves it out (the portal's API).
   */
  public List<Violation> check(Row application, boolean applicationIdRequired) {
    List<Violation> out = new ArrayList<>();
    Object id = application.get(APPLICATION_ID);
    if (id == null || id.toString().isEmpty()) {
      if (applicationIdRequired) {
        out.add(new Violation(APPLICATION_ID, Violation.MISSING, "required"));
      }
    } else if (!ID_PATTERN.matcher(id.toString()).matches()) {
      out.add(
          new Violation(
              APPLICATION_ID,
              Violation.INVALID_VALUE,
              "must be 1-64 characters of letters, digits, '.', '_', ':', '-'"));
    }
    Object channel = application.get(CHANNEL);
    if (channel != null && !CHANNEL_PATTERN.matcher(channel.toString()).matches()) {
      out.add(
          new Violation(
              CHANNEL,
              Violation.INVALID_VALUE,
              "must be 1-32 characters of letters, digits, '_', '-'"));
    }
    out.addAll(checkColumns(application));
    return out;
  }

  /**
   * Every violation of the Kaggle columns alone (a training row has no application id or channel);
   * empty when they are acceptable.
   */
  public List<Violation> checkColumns(Row row) {
    List<Violation> out = new ArrayList<>();
    for (String column : required) {
      Object value = row.get(column);
      if (value == null || value.toString().isBlank()) {
        out.add(new Violation(column, Violation.MISSING, "required"));
      }
    }
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (String column : numeric) {
      double v;
      try {
        v = Values.number(row, column);
      } catch (IllegalArgumentException e) {
        out.add(
            new Violation(
                column, Violation.WRONG_TYPE, "must be a number (got '" + row.get(column) + "')"));
        continue;
      }
      if (Double.isNaN(v) && row.get(column) != null && !row.get(column).toString().isBlank()) {
        out.add(new Violation(column, Violation.WRONG_TYPE, "must be a finite number (got NaN)"));
        continue;
      }
      if (Double.isInfinite(v)) {
        out.add(
            new Violation(
                column, Violation.OUT_OF_RANGE, "must be a finite number (got " + v + ")"));
        continue;
      }
      if (!Double.isNaN(v)) {
        String problem = range(column, v);
        if (problem != null) {
          out.add(
              new Violation(column, Violation.OUT_OF_RANGE, problem + " (got " + plain(v) + ")"));
          continue;
        }
        numbers.put(column, v);
      }
    }
    categories.forEach(
        (column, known) -> {
          String value = Values.category(row, column);
          if (value != null && !this.known.get(column).contains(value)) {
            out.add(
                new Violation(
                    column,
                    Violation.INVALID_VALUE,
                    "unknown value '" + shorten(value) + "', must be one of " + known));
          }
        });
    crossField(row, numbers, out);
    return out;
  }

  /** True when the application breaks no rule. */
  public boolean accepts(Row application) {
    return check(application).isEmpty();
  }

  /** The rules between fields; each is checked only when its fields are present and in range. */
  private static void crossField(Row row, Map<String, Double> n, List<Violation> out) {
    Double birth = n.get("DAYS_BIRTH");
    Double employed = n.get("DAYS_EMPLOYED");
    if (birth != null && employed != null && employed != FeatureSet.DAYS_EMPLOYED_ANOMALY) {
      double startAge = (employed - birth) / DAYS_PER_YEAR;
      if (startAge < MIN_WORKING_AGE_YEARS) {
        out.add(
            new Violation(
                "DAYS_EMPLOYED",
                Violation.INCONSISTENT,
                String.format(
                    java.util.Locale.ROOT,
                    "employment of %s days would have started at the age of %.1f, it must start"
                        + " at %s or later (DAYS_BIRTH %s)",
                    plain(-employed),
                    startAge,
                    plain(MIN_WORKING_AGE_YEARS),
                    plain(birth))));
      }
    }
    for (String column :
        List.of("DAYS_REGISTRATION", "DAYS_ID_PUBLISH", "DAYS_LAST_PHONE_CHANGE")) {
      Double days = n.get(column);
      if (birth != null && days != null && days < birth) {
        out.add(
            new Violation(
                column,
                Violation.INCONSISTENT,
                "is "
                    + plain(-days)
                    + " days before the application, before the client was born (DAYS_BIRTH "
                    + plain(birth)
                    + ")"));
      }
    }
    Double annuity = n.get("AMT_ANNUITY");
    Double credit = n.get("AMT_CREDIT");
    if (annuity != null && credit != null && annuity > credit) {
      out.add(
          new Violation(
              "AMT_ANNUITY",
              Violation.INCONSISTENT,
              "an annuity of "
                  + plain(annuity)
                  + " is more than the credit itself ("
                  + plain(credit)
                  + ")"));
    }
    Double children = n.get("CNT_CHILDREN");
    Double family = n.get("CNT_FAM_MEMBERS");
    if (children != null && family != null && family < children + 1) {
      out.add(
          new Violation(
              "CNT_FAM_MEMBERS",
              Violation.INCONSISTENT,
              "a family of "
                  + plain(family)
                  + " cannot hold the client and "
                  + plain(children)
                  + " children (CNT_CHILDREN)"));
    }
  }

  /** The range problem of one column's value, or null when it is in range. */
  static String range(String column, double v) {
    if (CLIENT_ID.equals(column)) {
      return between(v, 1, 9_999_999_999d);
    }
    if (column.startsWith("FLAG_")) {
      return v == 0 || v == 1 ? null : "must be 0 or 1";
    }
    if (column.startsWith("EXT_SOURCE_")
        || column.endsWith("_AVG")
        || column.endsWith("_MODE")
        || column.endsWith("_MEDI")
        || column.equals("REGION_POPULATION_RELATIVE")) {
      return between(v, 0, 1);
    }
    return switch (column) {
      case "AMT_INCOME_TOTAL", "AMT_CREDIT", "AMT_ANNUITY" ->
          v > 0 ? null : "must be greater than 0";
      case "AMT_GOODS_PRICE" -> v >= 0 ? null : "must be 0 or more";
      case "CNT_CHILDREN" -> between(v, 0, 30);
      case "CNT_FAM_MEMBERS" -> between(v, 1, 40);
      case "DAYS_BIRTH" ->
          v <= -MIN_AGE_YEARS * DAYS_PER_YEAR && v >= -MAX_AGE_YEARS * DAYS_PER_YEAR
              ? null
              : String.format(
                  java.util.Locale.ROOT,
                  "means an age of %.1f years, the applicant must be %s to %s years old",
                  -v / DAYS_PER_YEAR,
                  plain(MIN_AGE_YEARS),
                  plain(MAX_AGE_YEARS));
      case "DAYS_EMPLOYED" ->
          v <= 0 || v == FeatureSet.DAYS_EMPLOYED_ANOMALY
              ? null
              : "must be 0 or less (days before the application), or 365243 for not employed";
      case "DAYS_REGISTRATION", "DAYS_ID_PUBLISH", "DAYS_LAST_PHONE_CHANGE" ->
          v <= 0 ? null : "must be 0 or less (days before the application)";
      case "OWN_CAR_AGE" -> between(v, 0, 100);
      case "HOUR_APPR_PROCESS_START" -> between(v, 0, 23);
      case "REGION_RATING_CLIENT", "REGION_RATING_CLIENT_W_CITY" -> between(v, 1, 3);
      default ->
          column.startsWith("AMT_REQ_")
                  || column.startsWith("OBS_")
                  || column.startsWith("DEF_")
                  || column.startsWith("REG_")
                  || column.startsWith("LIVE_")
              ? (v >= 0 ? null : "must be 0 or more")
              : null;
    };
  }

  private static String between(double v, double min, double max) {
    return v >= min && v <= max ? null : "must be between " + plain(min) + " and " + plain(max);
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  /** A number as a person writes it: no ".0", no exponent for ordinary amounts. */
  static String plain(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
