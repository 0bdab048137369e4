package io.creditstream.features.contract;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.features.Values;
import io.creditstream.features.table.HomeCreditTable;
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
  private final Bounds[] numericBounds; // numericBounds[i]: what numeric.get(i) accepts
  private final Map<String, Integer> numericIndex;
  private final Map<String, List<String>> categories;
  private final Map<String, java.util.Set<String>> known; // the same, for checking in O(1)
  private final String[] categoryColumns; // categories' keys, in their order
  private final java.util.Set<String>[] knownByIndex; // known, in that order

  // Positions of the required, numeric and categorical columns per row layout (one instance per
  // layout, so keyed by identity): an application's ~250 column reads then cost an array read each
  // instead of a name lookup (docs/BENCHMARKS.md §1b).
  private final Map<Row.Columns, Plan> plans = new java.util.concurrent.ConcurrentHashMap<>();

  ApplicationContract(FeatureSet featureSet) {
    List<String> columns = new ArrayList<>(featureSet.numericColumns());
    if (!columns.contains(CLIENT_ID)) {
      columns.add(0, CLIENT_ID);
    }
    this.numeric = List.copyOf(columns);
    this.numericBounds = new Bounds[numeric.size()];
    this.numericIndex = new java.util.HashMap<>();
    for (int i = 0; i < numeric.size(); i++) {
      numericBounds[i] = bounds(numeric.get(i));
      numericIndex.put(numeric.get(i), i);
    }
    this.required = featureSet.requiredColumns();
    this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(featureSet.categories()));
    this.known = new java.util.HashMap<>();
    categories.forEach((column, values) -> known.put(column, java.util.Set.copyOf(values)));
    this.categoryColumns = categories.keySet().toArray(String[]::new);
    @SuppressWarnings("unchecked")
    java.util.Set<String>[] byIndex = new java.util.Set[categoryColumns.length];
    for (int i = 0; i < categoryColumns.length; i++) {
      byIndex[i] = known.get(categoryColumns[i]);
    }
    this.knownByIndex = byIndex;
  }

  /** Where the contract's columns are in one row layout (-1: the layout has no such column). */
  private record Plan(int[] required, int[] numeric, int[] categories) {}

  /** The plan of the row's layout, or null when the row reads by name only. */
  private Plan plan(Row row) {
    Row.Columns layout = row.columns();
    if (layout == null) {
      return null;
    }
    return plans.computeIfAbsent(
        layout,
        l ->
            new Plan(
                positions(l, required.toArray(String[]::new)),
                positions(l, numeric.toArray(String[]::new)),
                positions(l, categoryColumns)));
  }

  private static int[] positions(Row.Columns layout, String[] columns) {
    int[] out = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = layout.position(columns[i]);
    }
    return out;
  }

  /** The cell of a column: by its planned position when there is a plan, else by name. */
  private static Object cell(Row row, Plan plan, int[] positions, int i, String column) {
    if (plan == null) {
      return row.get(column);
    }
    int pos = positions[i];
    return pos < 0 ? null : row.get(pos);
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
    Plan plan = plan(row);
    for (int i = 0; i < required.size(); i++) {
      String column = required.get(i);
      Object value = cell(row, plan, plan == null ? null : plan.required(), i, column);
      // Only text can be blank: a number's toString (a decimal conversion) is never asked for.
      if (value == null || (value instanceof CharSequence text && text.toString().isBlank())) {
        out.add(new Violation(column, Violation.MISSING, "required"));
      }
    }
    // In range values by column index, NaN where absent or refused: the cross-field rules read
    // them. Called on every application the scorer reads, so no map and no per-column rule lookup.
    double[] numbers = new double[numeric.size()];
    for (int i = 0; i < numbers.length; i++) {
      String column = numeric.get(i);
      Object value = cell(row, plan, plan == null ? null : plan.numeric(), i, column);
      numbers[i] = Double.NaN;
      double v;
      try {
        v = Values.number(value, column);
      } catch (IllegalArgumentException e) {
        out.add(
            new Violation(column, Violation.WRONG_TYPE, "must be a number (got '" + value + "')"));
        continue;
      }
      if (Double.isNaN(v) && value != null && !value.toString().isBlank()) {
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
        Bounds b = numericBounds[i];
        if (!b.accepts(v)) {
          out.add(
              new Violation(
                  column,
                  Violation.OUT_OF_RANGE,
                  problem(column, b, v) + " (got " + plain(v) + ")"));
          continue;
        }
        numbers[i] = v;
      }
    }
    for (int i = 0; i < categoryColumns.length; i++) {
      String column = categoryColumns[i];
      String value =
          Values.category(cell(row, plan, plan == null ? null : plan.categories(), i, column));
      if (value != null && !knownByIndex[i].contains(value)) {
        out.add(
            new Violation(
                column,
                Violation.INVALID_VALUE,
                "unknown value '"
                    + shorten(value)
                    + "', must be one of "
                    + categories.get(column)));
      }
    }
    crossField(column -> present(numbers, column), out);
    return out;
  }

  /** True when the application breaks no rule. */
  public boolean accepts(Row application) {
    return check(application).isEmpty();
  }

  /** The rules between fields; each is checked only when its fields are present and in range. */
  /** A numeric column's in-range value, or null when absent, refused or not a numeric column. */
  private Double present(double[] numbers, String column) {
    Integer i = numericIndex.get(column);
    return i == null || Double.isNaN(numbers[i]) ? null : numbers[i];
  }

  private static void crossField(
      java.util.function.Function<String, Double> n, List<Violation> out) {
    Double birth = n.apply("DAYS_BIRTH");
    Double employed = n.apply("DAYS_EMPLOYED");
    if (birth != null && employed != null && employed != HomeCreditTable.DAYS_NOT_APPLICABLE) {
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
      Double days = n.apply(column);
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
    Double annuity = n.apply("AMT_ANNUITY");
    Double credit = n.apply("AMT_CREDIT");
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
    Double children = n.apply("CNT_CHILDREN");
    Double family = n.apply("CNT_FAM_MEMBERS");
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

  /**
   * What a numeric column accepts: {@code [min, max]} ({@code min} itself excluded when {@code
   * minOpen}), and {@code also} besides (NaN: nothing besides); {@code binary}: exactly 0 or 1.
   */
  record Bounds(double min, boolean minOpen, double max, double also, boolean binary) {
    static final Bounds ANY = closed(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    static final Bounds BINARY = new Bounds(0, false, 1, Double.NaN, true);

    static Bounds closed(double min, double max) {
      return new Bounds(min, false, max, Double.NaN, false);
    }

    boolean accepts(double v) {
      if (binary) {
        return v == 0 || v == 1;
      }
      return v == also || ((minOpen ? v > min : v >= min) && v <= max);
    }
  }

  /** The values a numeric column accepts: the one definition of the contract's ranges. */
  static Bounds bounds(String column) {
    if (CLIENT_ID.equals(column)) {
      return Bounds.closed(1, 9_999_999_999d);
    }
    if (column.startsWith("FLAG_")) {
      return Bounds.BINARY;
    }
    if (column.startsWith("EXT_SOURCE_")
        || column.endsWith("_AVG")
        || column.endsWith("_MODE")
        || column.endsWith("_MEDI")
        || column.equals("REGION_POPULATION_RELATIVE")) {
      return Bounds.closed(0, 1);
    }
    return switch (column) {
      case "AMT_INCOME_TOTAL", "AMT_CREDIT", "AMT_ANNUITY" ->
          new Bounds(0, true, Double.POSITIVE_INFINITY, Double.NaN, false);
      case "AMT_GOODS_PRICE" -> Bounds.closed(0, Double.POSITIVE_INFINITY);
      case "CNT_CHILDREN" -> Bounds.closed(0, 30);
      case "CNT_FAM_MEMBERS" -> Bounds.closed(1, 40);
      case "DAYS_BIRTH" ->
          Bounds.closed(-MAX_AGE_YEARS * DAYS_PER_YEAR, -MIN_AGE_YEARS * DAYS_PER_YEAR);
      case "DAYS_EMPLOYED" ->
          new Bounds(
              Double.NEGATIVE_INFINITY, false, 0, HomeCreditTable.DAYS_NOT_APPLICABLE, false);
      case "DAYS_REGISTRATION", "DAYS_ID_PUBLISH", "DAYS_LAST_PHONE_CHANGE" ->
          Bounds.closed(Double.NEGATIVE_INFINITY, 0);
      case "OWN_CAR_AGE" -> Bounds.closed(0, 100);
      case "HOUR_APPR_PROCESS_START" -> Bounds.closed(0, 23);
      case "REGION_RATING_CLIENT", "REGION_RATING_CLIENT_W_CITY" -> Bounds.closed(1, 3);
      default ->
          column.startsWith("AMT_REQ_")
                  || column.startsWith("OBS_")
                  || column.startsWith("DEF_")
                  || column.startsWith("REG_")
                  || column.startsWith("LIVE_")
              ? Bounds.closed(0, Double.POSITIVE_INFINITY)
              : Bounds.ANY;
    };
  }

  /** The range problem of one column's value, or null when it is in range. */
  static String range(String column, double v) {
    Bounds b = bounds(column);
    return b.accepts(v) ? null : problem(column, b, v);
  }

  /** Why a value outside {@code b} is refused, in a front-office developer's words. */
  private static String problem(String column, Bounds b, double v) {
    if (b.binary()) {
      return "must be 0 or 1";
    }
    if (column.equals("DAYS_BIRTH")) {
      return String.format(
          java.util.Locale.ROOT,
          "means an age of %.1f years, the applicant must be %s to %s years old",
          -v / DAYS_PER_YEAR,
          plain(MIN_AGE_YEARS),
          plain(MAX_AGE_YEARS));
    }
    if (column.equals("DAYS_EMPLOYED")) {
      return "must be 0 or less (days before the application), or 365243 for not employed";
    }
    if (b.min() == Double.NEGATIVE_INFINITY) {
      return "must be " + plain(b.max()) + " or less (days before the application)";
    }
    if (b.max() == Double.POSITIVE_INFINITY) {
      return b.minOpen()
          ? "must be greater than " + plain(b.min())
          : "must be " + plain(b.min()) + " or more";
    }
    return "must be between " + plain(b.min()) + " and " + plain(b.max());
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
