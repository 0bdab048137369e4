package io.creditstream.features;

import static io.creditstream.features.Values.ratio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditstream.features.history.HistoryFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
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
  public static final double DAYS_EMPLOYED_ANOMALY = 365243.0;

  /** Numeric application columns, Kaggle order, used as they are (DAYS_EMPLOYED cleaned). */
  static final List<String> NUMERIC =
      List.of(
          "CNT_CHILDREN",
          "AMT_INCOME_TOTAL",
          "AMT_CREDIT",
          "AMT_ANNUITY",
          "AMT_GOODS_PRICE",
          "REGION_POPULATION_RELATIVE",
          "DAYS_BIRTH",
          "DAYS_EMPLOYED",
          "DAYS_REGISTRATION",
          "DAYS_ID_PUBLISH",
          "OWN_CAR_AGE",
          "FLAG_MOBIL",
          "FLAG_EMP_PHONE",
          "FLAG_WORK_PHONE",
          "FLAG_CONT_MOBILE",
          "FLAG_PHONE",
          "FLAG_EMAIL",
          "CNT_FAM_MEMBERS",
          "REGION_RATING_CLIENT",
          "REGION_RATING_CLIENT_W_CITY",
          "HOUR_APPR_PROCESS_START",
          "REG_REGION_NOT_LIVE_REGION",
          "REG_REGION_NOT_WORK_REGION",
          "LIVE_REGION_NOT_WORK_REGION",
          "REG_CITY_NOT_LIVE_CITY",
          "REG_CITY_NOT_WORK_CITY",
          "LIVE_CITY_NOT_WORK_CITY",
          "EXT_SOURCE_1",
          "EXT_SOURCE_2",
          "EXT_SOURCE_3",
          "APARTMENTS_AVG",
          "BASEMENTAREA_AVG",
          "YEARS_BEGINEXPLUATATION_AVG",
          "YEARS_BUILD_AVG",
          "COMMONAREA_AVG",
          "ELEVATORS_AVG",
          "ENTRANCES_AVG",
          "FLOORSMAX_AVG",
          "FLOORSMIN_AVG",
          "LANDAREA_AVG",
          "LIVINGAPARTMENTS_AVG",
          "LIVINGAREA_AVG",
          "NONLIVINGAPARTMENTS_AVG",
          "NONLIVINGAREA_AVG",
          "APARTMENTS_MODE",
          "BASEMENTAREA_MODE",
          "YEARS_BEGINEXPLUATATION_MODE",
          "YEARS_BUILD_MODE",
          "COMMONAREA_MODE",
          "ELEVATORS_MODE",
          "ENTRANCES_MODE",
          "FLOORSMAX_MODE",
          "FLOORSMIN_MODE",
          "LANDAREA_MODE",
          "LIVINGAPARTMENTS_MODE",
          "LIVINGAREA_MODE",
          "NONLIVINGAPARTMENTS_MODE",
          "NONLIVINGAREA_MODE",
          "APARTMENTS_MEDI",
          "BASEMENTAREA_MEDI",
          "YEARS_BEGINEXPLUATATION_MEDI",
          "YEARS_BUILD_MEDI",
          "COMMONAREA_MEDI",
          "ELEVATORS_MEDI",
          "ENTRANCES_MEDI",
          "FLOORSMAX_MEDI",
          "FLOORSMIN_MEDI",
          "LANDAREA_MEDI",
          "LIVINGAPARTMENTS_MEDI",
          "LIVINGAREA_MEDI",
          "NONLIVINGAPARTMENTS_MEDI",
          "NONLIVINGAREA_MEDI",
          "TOTALAREA_MODE",
          "OBS_30_CNT_SOCIAL_CIRCLE",
          "DEF_30_CNT_SOCIAL_CIRCLE",
          "OBS_60_CNT_SOCIAL_CIRCLE",
          "DEF_60_CNT_SOCIAL_CIRCLE",
          "DAYS_LAST_PHONE_CHANGE",
          "FLAG_DOCUMENT_2",
          "FLAG_DOCUMENT_3",
          "FLAG_DOCUMENT_4",
          "FLAG_DOCUMENT_5",
          "FLAG_DOCUMENT_6",
          "FLAG_DOCUMENT_7",
          "FLAG_DOCUMENT_8",
          "FLAG_DOCUMENT_9",
          "FLAG_DOCUMENT_10",
          "FLAG_DOCUMENT_11",
          "FLAG_DOCUMENT_12",
          "FLAG_DOCUMENT_13",
          "FLAG_DOCUMENT_14",
          "FLAG_DOCUMENT_15",
          "FLAG_DOCUMENT_16",
          "FLAG_DOCUMENT_17",
          "FLAG_DOCUMENT_18",
          "FLAG_DOCUMENT_19",
          "FLAG_DOCUMENT_20",
          "FLAG_DOCUMENT_21",
          "AMT_REQ_CREDIT_BUREAU_HOUR",
          "AMT_REQ_CREDIT_BUREAU_DAY",
          "AMT_REQ_CREDIT_BUREAU_WEEK",
          "AMT_REQ_CREDIT_BUREAU_MON",
          "AMT_REQ_CREDIT_BUREAU_QRT",
          "AMT_REQ_CREDIT_BUREAU_YEAR");

  /** Derived application features: name, spec (hashed into the version), source group. */
  static final List<String[]> DERIVED =
      List.of(
          new String[] {
            "CREDIT_INCOME_RATIO", "AMT_CREDIT/AMT_INCOME_TOTAL", "CREDIT_INCOME_RATIO"
          },
          new String[] {
            "ANNUITY_INCOME_RATIO", "AMT_ANNUITY/AMT_INCOME_TOTAL", "ANNUITY_INCOME_RATIO"
          },
          new String[] {"ANNUITY_CREDIT_RATIO", "AMT_ANNUITY/AMT_CREDIT", "ANNUITY_CREDIT_RATIO"},
          new String[] {
            "EMPLOYED_AGE_RATIO", "DAYS_EMPLOYED(365243 missing)/DAYS_BIRTH", "DAYS_EMPLOYED"
          },
          new String[] {
            "INCOME_PER_PERSON", "AMT_INCOME_TOTAL/CNT_FAM_MEMBERS", "AMT_INCOME_TOTAL"
          },
          new String[] {"CREDIT_GOODS_RATIO", "AMT_CREDIT/AMT_GOODS_PRICE", "CREDIT_GOODS_RATIO"},
          new String[] {"EXT_SOURCES_MEAN", "mean of present EXT_SOURCE_1..3", "EXT_SOURCE"},
          new String[] {"EXT_SOURCES_MIN", "min of present EXT_SOURCE_1..3", "EXT_SOURCE"},
          new String[] {"EXT_SOURCES_MAX", "max of present EXT_SOURCE_1..3", "EXT_SOURCE"},
          new String[] {
            "EXT_SOURCES_STD", "population std of present EXT_SOURCE_1..3 (>=2)", "EXT_SOURCE"
          },
          new String[] {
            "EXT_SOURCES_PROD", "EXT_SOURCE_1*EXT_SOURCE_2*EXT_SOURCE_3 (all present)", "EXT_SOURCE"
          },
          new String[] {
            "AGE_YEARS_AT_EMPLOYMENT", "(DAYS_BIRTH-DAYS_EMPLOYED)/-365.25", "DAYS_BIRTH"
          },
          new String[] {"CAR_AGE_RATIO", "OWN_CAR_AGE/(DAYS_BIRTH/-365.25)", "OWN_CAR_AGE"},
          new String[] {
            "PHONE_CHANGE_AGE_RATIO", "DAYS_LAST_PHONE_CHANGE/DAYS_BIRTH", "DAYS_LAST_PHONE_CHANGE"
          },
          new String[] {"ID_PUBLISH_AGE_RATIO", "DAYS_ID_PUBLISH/DAYS_BIRTH", "DAYS_ID_PUBLISH"},
          new String[] {"DOCUMENT_COUNT", "sum of FLAG_DOCUMENT_2..21", "documents"},
          new String[] {"EXT_SOURCE_1_X_2", "EXT_SOURCE_1*EXT_SOURCE_2", "EXT_SOURCE"},
          new String[] {"EXT_SOURCE_1_X_3", "EXT_SOURCE_1*EXT_SOURCE_3", "EXT_SOURCE"},
          new String[] {"EXT_SOURCE_2_X_3", "EXT_SOURCE_2*EXT_SOURCE_3", "EXT_SOURCE"},
          new String[] {
            "INCOME_PER_CHILD", "AMT_INCOME_TOTAL/(1+CNT_CHILDREN)", "AMT_INCOME_TOTAL"
          },
          new String[] {"CREDIT_MINUS_GOODS", "AMT_CREDIT-AMT_GOODS_PRICE", "CREDIT_GOODS_RATIO"},
          new String[] {
            "REGISTRATION_AGE_RATIO", "DAYS_REGISTRATION/DAYS_BIRTH", "DAYS_REGISTRATION"
          },
          new String[] {"EXT_SOURCES_NANMEDIAN", "median of present EXT_SOURCE_1..3", "EXT_SOURCE"},
          new String[] {
            "EXT_SOURCES_WEIGHTED",
            "(2*EXT_SOURCE_1+3*EXT_SOURCE_2+4*EXT_SOURCE_3)/(weights of the present ones)",
            "EXT_SOURCE"
          },
          new String[] {
            "MISSING_COUNT",
            "number of missing categorical and numeric application columns",
            "missing_information"
          },
          new String[] {"ANNUITY_PER_CHILD", "AMT_ANNUITY/(1+CNT_CHILDREN)", "AMT_ANNUITY"},
          new String[] {"CHILDREN_RATIO", "CNT_CHILDREN/CNT_FAM_MEMBERS", "CNT_CHILDREN"},
          new String[] {
            "GOODS_INCOME_RATIO", "AMT_GOODS_PRICE/AMT_INCOME_TOTAL", "GOODS_INCOME_RATIO"
          },
          new String[] {
            "ANNUITY_INCOME_PER_PERSON_RATIO",
            "AMT_ANNUITY/(AMT_INCOME_TOTAL/CNT_FAM_MEMBERS)",
            "ANNUITY_INCOME_RATIO"
          },
          new String[] {
            "BUREAU_ENQUIRIES_TOTAL",
            "sum of AMT_REQ_CREDIT_BUREAU_* (present)",
            "credit_bureau_enquiries"
          },
          new String[] {
            "SOCIAL_CIRCLE_DEFAULT_RATIO",
            "DEF_60_CNT_SOCIAL_CIRCLE/OBS_60_CNT_SOCIAL_CIRCLE",
            "social_circle"
          },
          new String[] {
            "INFERRED_TERM_MONTHS",
            "cash loans: term of the nearest (term, rate) of LoanTerms to AMT_CREDIT/AMT_ANNUITY, "
                + LoanTerms.SPEC,
            "loan_price"
          },
          new String[] {
            "INFERRED_MONTHLY_RATE",
            "cash loans: monthly rate repaying AMT_CREDIT by AMT_ANNUITY in INFERRED_TERM_MONTHS",
            "loan_price"
          });

  private static final int INCOME = NUMERIC.indexOf("AMT_INCOME_TOTAL");
  private static final int CREDIT = NUMERIC.indexOf("AMT_CREDIT");
  private static final int ANNUITY = NUMERIC.indexOf("AMT_ANNUITY");
  private static final int GOODS = NUMERIC.indexOf("AMT_GOODS_PRICE");
  private static final int BIRTH = NUMERIC.indexOf("DAYS_BIRTH");
  private static final int EMPLOYED = NUMERIC.indexOf("DAYS_EMPLOYED");
  private static final int FAMILY = NUMERIC.indexOf("CNT_FAM_MEMBERS");
  private static final int CAR_AGE = NUMERIC.indexOf("OWN_CAR_AGE");
  private static final int PHONE = NUMERIC.indexOf("DAYS_LAST_PHONE_CHANGE");
  private static final int ID_PUBLISH = NUMERIC.indexOf("DAYS_ID_PUBLISH");
  private static final int EXT_1 = NUMERIC.indexOf("EXT_SOURCE_1");
  private static final int DOCUMENT_2 = NUMERIC.indexOf("FLAG_DOCUMENT_2");
  private static final int CHILDREN = NUMERIC.indexOf("CNT_CHILDREN");
  private static final int REGISTRATION = NUMERIC.indexOf("DAYS_REGISTRATION");
  private static final int BUREAU_HOUR = NUMERIC.indexOf("AMT_REQ_CREDIT_BUREAU_HOUR");
  private static final int SOCIAL_OBS_60 = NUMERIC.indexOf("OBS_60_CNT_SOCIAL_CIRCLE");
  private static final int SOCIAL_DEF_60 = NUMERIC.indexOf("DEF_60_CNT_SOCIAL_CIRCLE");

  /**
   * Weights of EXT_SOURCE_1..3 in EXT_SOURCES_WEIGHTED, fixed as in the public Home Credit kernels
   * (not fitted here): a tree of depth 4 cannot add three scores up itself, and scores 2 and 3 are
   * the stronger ones.
   */
  private static final double[] EXT_WEIGHTS = {2, 3, 4};

  private static final FeatureSet CURRENT = new FeatureSet(HistoryFeatures.standard());

  private final Vocabulary vocabulary;
  private final HistoryFeatures history;
  private final List<String> names;
  private final List<String> historyNames;
  private final Map<String, String> sources;
  private final String version;

  private FeatureSet(HistoryFeatures history) {
    this.vocabulary = Vocabulary.load();
    this.history = history;
    List<String> all = new ArrayList<>();
    Map<String, String> src = new LinkedHashMap<>();
    for (String column : vocabulary.columns()) {
      all.add(column);
      src.put(column, applicationSource(column));
    }
    for (String column : NUMERIC) {
      all.add(column);
      src.put(column, applicationSource(column));
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

  /** Model input order: application features, then history aggregates. */
  /** The numeric application columns the features read, in Kaggle order. */
  public List<String> numericColumns() {
    return NUMERIC;
  }

  /** The known values of each categorical application column (its vocabulary). */
  public Map<String, List<String>> categories() {
    return vocabulary.values();
  }

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
    double[] x = new double[names.size()];
    int i = 0;
    for (String column : vocabulary.columns()) {
      x[i++] = vocabulary.code(column, Values.category(application, column));
    }
    double[] raw = new double[NUMERIC.size()];
    for (int j = 0; j < NUMERIC.size(); j++) {
      raw[j] = Values.number(application, NUMERIC.get(j));
    }
    if (raw[EMPLOYED] == DAYS_EMPLOYED_ANOMALY) {
      raw[EMPLOYED] = Double.NaN;
    }
    int missingCategories = 0;
    for (int c = 0; c < i; c++) {
      missingCategories += x[c] == 0 ? 1 : 0;
    }
    System.arraycopy(raw, 0, x, i, raw.length);
    i += raw.length;
    boolean cashLoan = "Cash loans".equals(Values.category(application, "NAME_CONTRACT_TYPE"));
    i = derived(raw, missingCategories, cashLoan, x, i);
    for (String name : historyNames) {
      Double value = history == null ? null : history.get(name);
      x[i++] = value == null ? Double.NaN : value;
    }
    return x;
  }

  private static int derived(
      double[] raw, int missingCategories, boolean cashLoan, double[] x, int start) {
    double income = raw[INCOME];
    double credit = raw[CREDIT];
    double annuity = raw[ANNUITY];
    double goods = raw[GOODS];
    double birth = raw[BIRTH];
    double employed = raw[EMPLOYED];
    double family = raw[FAMILY];
    double carAge = raw[CAR_AGE];
    double phone = raw[PHONE];
    double idPublish = raw[ID_PUBLISH];
    double[] ext = {raw[EXT_1], raw[EXT_1 + 1], raw[EXT_1 + 2]};
    int i = start;
    x[i++] = ratio(credit, income);
    x[i++] = ratio(annuity, income);
    x[i++] = ratio(annuity, credit);
    x[i++] = ratio(employed, birth);
    x[i++] = ratio(income, family);
    x[i++] = ratio(credit, goods);
    double[] present = Arrays.stream(ext).filter(v -> !Double.isNaN(v)).toArray();
    double mean = present.length == 0 ? Double.NaN : Arrays.stream(present).sum() / present.length;
    x[i++] = mean;
    x[i++] = present.length == 0 ? Double.NaN : Arrays.stream(present).min().getAsDouble();
    x[i++] = present.length == 0 ? Double.NaN : Arrays.stream(present).max().getAsDouble();
    double std = Double.NaN;
    if (present.length >= 2) {
      double squares = 0;
      for (double v : present) {
        squares += (v - mean) * (v - mean);
      }
      std = Math.sqrt(squares / present.length);
    }
    x[i++] = std;
    x[i++] = present.length == 3 ? ext[0] * ext[1] * ext[2] : Double.NaN;
    x[i++] =
        (Double.isNaN(birth) || Double.isNaN(employed)) ? Double.NaN : (birth - employed) / -365.25;
    x[i++] = ratio(carAge, birth / -365.25);
    x[i++] = ratio(phone, birth);
    x[i++] = ratio(idPublish, birth);
    double documents = 0;
    for (int d = 0; d < 20; d++) {
      double flag = raw[DOCUMENT_2 + d];
      documents += Double.isNaN(flag) ? 0 : flag;
    }
    x[i++] = documents;
    x[i++] = ext[0] * ext[1];
    x[i++] = ext[0] * ext[2];
    x[i++] = ext[1] * ext[2];
    x[i++] = ratio(income, 1 + raw[CHILDREN]);
    x[i++] = credit - goods;
    x[i++] = ratio(raw[REGISTRATION], birth);
    x[i++] = median(present);
    double weighted = 0;
    double weights = 0;
    for (int e = 0; e < 3; e++) {
      if (!Double.isNaN(ext[e])) {
        weighted += EXT_WEIGHTS[e] * ext[e];
        weights += EXT_WEIGHTS[e];
      }
    }
    x[i++] = weights == 0 ? Double.NaN : weighted / weights;
    int missing = missingCategories;
    // raw already holds DAYS_EMPLOYED cleaned: "not employed" (365243) counts as missing.
    for (double v : raw) {
      missing += Double.isNaN(v) ? 1 : 0;
    }
    x[i++] = missing;
    double children = raw[CHILDREN];
    x[i++] = ratio(annuity, 1 + children);
    x[i++] = ratio(children, family);
    x[i++] = ratio(goods, income);
    x[i++] = ratio(annuity, ratio(income, family));
    double enquiries = Double.NaN;
    for (int q = 0; q < 6; q++) {
      double v = raw[BUREAU_HOUR + q];
      if (!Double.isNaN(v)) {
        enquiries = Double.isNaN(enquiries) ? v : enquiries + v;
      }
    }
    x[i++] = enquiries;
    x[i++] = ratio(raw[SOCIAL_DEF_60], raw[SOCIAL_OBS_60]);
    // Revolving loans have no term: their annuity is a fixed share of the limit.
    double term = cashLoan ? LoanTerms.term(credit, annuity) : Double.NaN;
    x[i++] = term;
    x[i++] = LoanTerms.monthlyRate(credit, annuity, term);
    return i;
  }

  /** Median of the values (NaN when there are none). */
  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Groups of application columns that mean one thing to a client share one source. */
  static String applicationSource(String column) {
    if (column.endsWith("_AVG") || column.endsWith("_MEDI") || column.endsWith("_MODE")) {
      return "building";
    }
    if (column.startsWith("FLAG_DOCUMENT_")) {
      return "documents";
    }
    if (column.startsWith("AMT_REQ_CREDIT_BUREAU_")) {
      return "credit_bureau_enquiries";
    }
    if (column.endsWith("_SOCIAL_CIRCLE")) {
      return "social_circle";
    }
    if (column.equals("FLAG_MOBIL")
        || column.endsWith("_PHONE")
        || column.equals("FLAG_CONT_MOBILE")
        || column.equals("FLAG_EMAIL")) {
      return "contact_details";
    }
    if (column.contains("_NOT_LIVE_") || column.contains("_NOT_WORK_")) {
      return "address_mismatch";
    }
    if (column.startsWith("REGION_RATING_CLIENT")) {
      return "REGION_RATING_CLIENT";
    }
    return column;
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

  /** The categorical vocabularies, read from the versioned resource {@code vocabulary.json}. */
  static final class Vocabulary {
    private final String version;
    private final Map<String, List<String>> values;
    private final Map<String, Map<String, Integer>> codes;

    private Vocabulary(String version, Map<String, List<String>> values) {
      this.version = version;
      this.values = values;
      this.codes = new LinkedHashMap<>();
      values.forEach(
          (column, list) -> {
            Map<String, Integer> c = new LinkedHashMap<>();
            for (int k = 0; k < list.size(); k++) {
              c.put(list.get(k), k + 1);
            }
            codes.put(column, c);
          });
    }

    static Vocabulary load() {
      try (InputStream in = FeatureSet.class.getResourceAsStream("vocabulary.json")) {
        if (in == null) {
          throw new IllegalStateException(
              "resource io/creditstream/features/vocabulary.json missing");
        }
        JsonNode root = new ObjectMapper().readTree(in);
        Map<String, List<String>> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.get("columns").fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          List<String> list = new ArrayList<>();
          e.getValue().forEach(v -> list.add(v.asText()));
          values.put(e.getKey(), List.copyOf(list));
        }
        return new Vocabulary(
            root.get("version").asText(), java.util.Collections.unmodifiableMap(values));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the feature vocabulary", e);
      }
    }

    String version() {
      return version;
    }

    List<String> columns() {
      return List.copyOf(values.keySet());
    }

    Map<String, List<String>> values() {
      return values;
    }

    boolean knows(String column, String value) {
      return codes.get(column).containsKey(value);
    }

    /** 0 = missing, 1..n = known values, n+1 = any other value. */
    double code(String column, String value) {
      if (value == null) {
        return 0;
      }
      Map<String, Integer> c = codes.get(column);
      Integer code = c.get(value);
      return code == null ? c.size() + 1 : code;
    }
  }
}
