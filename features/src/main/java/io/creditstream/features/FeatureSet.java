package io.creditstream.features;

import static io.creditstream.features.ApplicationColumns.NUMERIC;
import static io.creditstream.features.ApplicationColumns.REQUIRED;

import io.creditstream.features.history.HistoryFeatures;
import io.creditstream.features.table.HomeCreditTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature set of the product: turns an application {@link Row} plus the client's history
 * aggregates into the model's input vector, in {@link #names()} order: the categorical application
 * columns as ordinal codes, the numeric application columns as they are, derived ratios, then the
 * history aggregates of {@link HistoryFeatures}. Missing values are NaN. The {@link #version()} is
 * a hash of all definitions (names, vocabularies, transformation specs), so a model, a scorer and
 * published client features can check they speak of the same features.
 */
public final class FeatureSet {
  /** Kaggle's stand-in for "not employed" (about 1,000 years) in DAYS_EMPLOYED. */

  /**
   * The derived definitions, here too because tests of the vector's layout read them from this
   * class; they live in {@link DerivedFeatures}.
   */
  static final List<String[]> DERIVED = DerivedFeatures.DEFINITIONS;

  private static final int EMPLOYED = NUMERIC.indexOf("DAYS_EMPLOYED");

  private static final FeatureSet CURRENT = new FeatureSet(HistoryFeatures.standard());

  private final Vocabulary vocabulary;
  // For withNumbers, called for every counter-offer candidate: lookups done once.
  private static final Map<String, Integer> NUMERIC_INDEX = indexOf(NUMERIC);
  private final int contractTypeColumn;
  private final double cashLoanCode;
  private final HistoryFeatures history;
  private final List<String> names;
  private final List<String> historyNames;
  private final Map<String, String> sources;
  private final String version;

  private FeatureSet(HistoryFeatures history) {
    this.vocabulary = Vocabulary.load();
    this.contractTypeColumn = vocabulary.columns().indexOf("NAME_CONTRACT_TYPE");
    this.cashLoanCode = vocabulary.code("NAME_CONTRACT_TYPE", "Cash loans");
    this.history = history;
    List<String> all = new ArrayList<>();
    Map<String, String> src = new LinkedHashMap<>();
    for (String column : vocabulary.columns()) {
      all.add(column);
      src.put(column, ApplicationColumns.sourceOf(column));
    }
    for (String column : NUMERIC) {
      all.add(column);
      src.put(column, ApplicationColumns.sourceOf(column));
    }
    for (String[] d : DERIVED) {
      all.add(d[0]);
      src.put(d[0], d[2]);
    }
    this.historyNames = history.names();
    for (String name : historyNames) {
      all.add(name);
      src.put(name, history.sourceOf(name));
    }
    this.names = List.copyOf(all);
    this.sources = Map.copyOf(src);
    this.version = hash();
  }

  /** The one feature set the product uses. */
  public static FeatureSet current() {
    return CURRENT;
  }

  /** Hash of the feature definitions: 16 hex characters. */
  public String version() {
    return version;
  }

  /** The numeric application columns the features read, in Kaggle order. */
  public List<String> numericColumns() {
    return NUMERIC;
  }

  /** The known values of each categorical application column (its vocabulary). */
  public Map<String, List<String>> categories() {
    return vocabulary.values();
  }

  /** Model input order: application features, then history aggregates. */
  public List<String> names() {
    return names;
  }

  /** Names of the history aggregates published to client-features, in vector order. */
  public List<String> historyFeatureNames() {
    return historyNames;
  }

  /** The history aggregate definitions (used by {@code HistoryAggregator}). */
  public HistoryFeatures history() {
    return history;
  }

  /** Number of application features (the vector's first part). */
  public int applicationFeatureCount() {
    return names.size() - historyNames.size();
  }

  /** Categorical columns and their fixed vocabularies (codes: 0 missing, 1..n, n+1 other). */
  public Map<String, List<String>> vocabularies() {
    return vocabulary.values();
  }

  /** The vocabulary's own version label (e.g. home-credit-application-v1). */
  public String vocabularyVersion() {
    return vocabulary.version();
  }

  /**
   * The source column or group a feature is attributed to in reasons (a key of {@link
   * ReasonTexts}).
   *
   * @throws IllegalArgumentException for an unknown feature name
   */
  public String sourceOf(String featureName) {
    String source = sources.get(featureName);
    if (source == null) {
      throw new IllegalArgumentException("unknown feature " + featureName);
    }
    return source;
  }

  /** Every distinct source, in feature order. */
  public List<String> sources() {
    return names.stream().map(sources::get).distinct().toList();
  }

  /**
   * The feature vector of an application. {@code history} may be null (client without history):
   * those features are then NaN; a null or absent value in the map is NaN too.
   *
   * @throws IllegalArgumentException when a numeric column holds text that is not a number
   */
  public double[] vector(Row application, Map<String, Double> history) {
    return vectorWithHistory(application, history == null ? null : historyValues(history));
  }

  /**
   * Published history aggregates by name as values in {@link #historyFeatureNames()} order: NaN
   * where a name is absent or its value null; names that are not history features are ignored.
   */
  public double[] historyValues(Map<String, Double> history) {
    double[] values = new double[historyNames.size()];
    for (int i = 0; i < values.length; i++) {
      Double value = history.get(historyNames.get(i));
      values[i] = value == null ? Double.NaN : value;
    }
    return values;
  }

  /**
   * As {@link #vector(Row, Map)} with the history already in {@link #historyFeatureNames()} order
   * (NaN where missing), or null for a client without history: the same vector, bit for bit.
   *
   * @throws IllegalArgumentException when the history does not have one value per history feature
   */
  public double[] vectorWithHistory(Row application, double[] history) {
    if (history != null && history.length != historyNames.size()) {
      throw new IllegalArgumentException(
          history.length + " history values for " + historyNames.size() + " history features");
    }
    double[] x = applicationPart(application);
    int first = names.size() - historyNames.size();
    if (history == null) {
      java.util.Arrays.fill(x, first, x.length, Double.NaN);
    } else {
      System.arraycopy(history, 0, x, first, history.length);
    }
    return x;
  }

  /** A whole vector with the application features filled in and the history part left at 0. */
  private double[] applicationPart(Row application) {
    double[] x = new double[names.size()];
    int i = 0;
    for (String column : vocabulary.columns()) {
      x[i++] = vocabulary.code(column, Values.category(application, column));
    }
    double[] raw = new double[NUMERIC.size()];
    for (int j = 0; j < NUMERIC.size(); j++) {
      raw[j] = Values.number(application, NUMERIC.get(j));
    }
    if (raw[EMPLOYED] == HomeCreditTable.DAYS_NOT_APPLICABLE) {
      raw[EMPLOYED] = Double.NaN;
    }
    int missingCategories = 0;
    for (int c = 0; c < i; c++) {
      missingCategories += x[c] == 0 ? 1 : 0;
    }
    System.arraycopy(raw, 0, x, i, raw.length);
    i += raw.length;
    boolean cashLoan = "Cash loans".equals(Values.category(application, "NAME_CONTRACT_TYPE"));
    DerivedFeatures.compute(raw, missingCategories, cashLoan, x, i);
    return x;
  }

  /**
   * The vector of the same application with some numeric application columns set to other values,
   * from {@code template}, a {@link #vector} of that application: equal, bit for bit, to {@link
   * #vector} of the application with those values (the test holds it to that), at the cost of the
   * derived features only. For searches that vary a few amounts (the counter-offer).
   *
   * @param columns numeric application columns (see {@link #numericColumns})
   * @param values their new values, NaN for missing, in the same order
   * @throws IllegalArgumentException when a column is not a numeric application column
   */
  public double[] withNumbers(double[] template, List<String> columns, double[] values) {
    double[] x = template.clone();
    int categories = vocabulary.columns().size();
    double[] raw = java.util.Arrays.copyOfRange(x, categories, categories + NUMERIC.size());
    for (int c = 0; c < columns.size(); c++) {
      Integer j = NUMERIC_INDEX.get(columns.get(c));
      if (j == null) {
        throw new IllegalArgumentException(columns.get(c) + " is not a numeric application column");
      }
      raw[j] =
          j == EMPLOYED && values[c] == HomeCreditTable.DAYS_NOT_APPLICABLE
              ? Double.NaN
              : values[c];
    }
    int missingCategories = 0;
    for (int c = 0; c < categories; c++) {
      missingCategories += x[c] == 0 ? 1 : 0;
    }
    System.arraycopy(raw, 0, x, categories, raw.length);
    // vector() reads "Cash loans" from the application; its code in the template says the same.
    boolean cashLoan = contractTypeColumn >= 0 && x[contractTypeColumn] == cashLoanCode;
    DerivedFeatures.compute(raw, missingCategories, cashLoan, x, categories + raw.length);
    return x;
  }

  /**
   * The application columns whose values a feature reads: the column itself for an application
   * column, the declared inputs of a derived feature, none for a history aggregate (the history
   * tables hold no application column).
   *
   * @throws IllegalArgumentException for an unknown feature name
   */
  public List<String> inputsOf(String featureName) {
    sourceOf(featureName); // unknown names fail here
    List<String> derived = DerivedFeatures.INPUTS.get(featureName);
    if (derived != null) {
      return derived;
    }
    if (vocabulary.values().containsKey(featureName) || NUMERIC.contains(featureName)) {
      return List.of(featureName);
    }
    return List.of();
  }

  /**
   * The application columns whose presence (not value) a feature reads: every categorical and
   * numeric column for MISSING_COUNT, none for the others.
   */
  public List<String> presenceInputsOf(String featureName) {
    sourceOf(featureName);
    if (!DerivedFeatures.PRESENCE_COUNT.equals(featureName)) {
      return List.of();
    }
    List<String> all = new ArrayList<>(vocabulary.columns());
    all.addAll(NUMERIC);
    return List.copyOf(all);
  }

  /** The columns every acceptable application carries (the application contract requires them). */
  public List<String> requiredColumns() {
    return REQUIRED;
  }

  /** The application columns that are features themselves: categorical first, then numeric. */
  public List<String> applicationColumns() {
    List<String> all = new ArrayList<>(vocabulary.columns());
    all.addAll(NUMERIC);
    return List.copyOf(all);
  }

  private String hash() {
    StringBuilder spec = new StringBuilder();
    spec.append("vocabulary ").append(vocabulary.version()).append('\n');
    vocabulary
        .values()
        .forEach(
            (column, values) ->
                spec.append("category ")
                    .append(column)
                    .append(' ')
                    .append(String.join("|", values))
                    .append('\n'));
    for (String column : NUMERIC) {
      spec.append("numeric ").append(column);
      if (column.equals("DAYS_EMPLOYED")) {
        spec.append(" 365243->missing");
      }
      spec.append('\n');
    }
    for (String[] d : DERIVED) {
      spec.append("derived ").append(d[0]).append('=').append(d[1]).append('\n');
    }
    for (String h : history.specs()) {
      spec.append("history ").append(h).append('\n');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(spec.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static Map<String, Integer> indexOf(List<String> columns) {
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i), i);
    }
    return Map.copyOf(index);
  }
}
