package io.creditstream.features;

import static io.creditstream.features.ApplicationColumns.NUMERIC;
import static io.creditstream.features.Values.ratio;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derived application features: their definitions (name, spec hashed into {@link
 * FeatureSet#version()}, source group), the application columns each one reads, and their
 * computation from the cleaned numeric columns. Apart from {@link FeatureSet} because this is the
 * one place where a new ratio is added: its definition, its inputs and its code sit side by side,
 * and the class refuses to load with a definition that declares no inputs. All of them are
 * stateless: computed from the application alone, nothing fitted on data.
 */
final class DerivedFeatures {
  /** Derived application features: name, spec (hashed into the version), source group. */
  static final List<String[]> DEFINITIONS =
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

  /**
   * The application columns whose values each derived feature reads (not part of the version: it
   * describes the specs above, it does not change them). {@link ProtectedAttributes} uses it to
   * find every feature that derives from a protected attribute; {@code FeatureSetTest} checks it
   * against the code by changing one column at a time on real rows.
   */
  static final Map<String, List<String>> INPUTS = derivedInputs();

  /**
   * Derived features that read only whether application columns are present, not their values:
   * MISSING_COUNT counts the missing categorical and numeric columns, all of them.
   */
  static final String PRESENCE_COUNT = "MISSING_COUNT";

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

  /**
   * Writes the derived features into {@code x} from {@code start}, in {@link #DEFINITIONS} order,
   * and returns the index after the last one. {@code raw} holds the numeric columns in {@link
   * ApplicationColumns#NUMERIC} order, DAYS_EMPLOYED already cleaned (365243 is NaN).
   */
  static int compute(double[] raw, int missingCategories, boolean cashLoan, double[] x, int start) {
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
    // Loops, not streams: this runs for every decision and every counter-offer candidate. The
    // minimum and maximum fold Math.min/max in order as DoubleStream's min()/max() do; the sum
    // stays DoubleStream's own (compensated) sum, so every value is the same, bit for bit.
    int n = 0;
    for (double v : ext) {
      n += Double.isNaN(v) ? 0 : 1;
    }
    double[] present = new double[n];
    n = 0;
    for (double v : ext) {
      if (!Double.isNaN(v)) {
        present[n++] = v;
      }
    }
    double mean = present.length == 0 ? Double.NaN : Arrays.stream(present).sum() / present.length;
    double min = Double.NaN;
    double max = Double.NaN;
    if (present.length > 0) {
      min = present[0];
      max = present[0];
      for (int k = 1; k < present.length; k++) {
        min = Math.min(min, present[k]);
        max = Math.max(max, present[k]);
      }
    }
    x[i++] = mean;
    x[i++] = min;
    x[i++] = max;
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

  private static Map<String, List<String>> derivedInputs() {
    List<String> ext = List.of("EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3");
    List<String> documents = NUMERIC.stream().filter(c -> c.startsWith("FLAG_DOCUMENT_")).toList();
    List<String> enquiries =
        NUMERIC.stream().filter(c -> c.startsWith("AMT_REQ_CREDIT_BUREAU_")).toList();
    List<String> loan = List.of("NAME_CONTRACT_TYPE", "AMT_CREDIT", "AMT_ANNUITY");
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("CREDIT_INCOME_RATIO", List.of("AMT_CREDIT", "AMT_INCOME_TOTAL"));
    m.put("ANNUITY_INCOME_RATIO", List.of("AMT_ANNUITY", "AMT_INCOME_TOTAL"));
    m.put("ANNUITY_CREDIT_RATIO", List.of("AMT_ANNUITY", "AMT_CREDIT"));
    m.put("EMPLOYED_AGE_RATIO", List.of("DAYS_EMPLOYED", "DAYS_BIRTH"));
    m.put("INCOME_PER_PERSON", List.of("AMT_INCOME_TOTAL", "CNT_FAM_MEMBERS"));
    m.put("CREDIT_GOODS_RATIO", List.of("AMT_CREDIT", "AMT_GOODS_PRICE"));
    for (String name :
        List.of(
            "EXT_SOURCES_MEAN",
            "EXT_SOURCES_MIN",
            "EXT_SOURCES_MAX",
            "EXT_SOURCES_STD",
            "EXT_SOURCES_PROD",
            "EXT_SOURCES_NANMEDIAN",
            "EXT_SOURCES_WEIGHTED")) {
      m.put(name, ext);
    }
    m.put("AGE_YEARS_AT_EMPLOYMENT", List.of("DAYS_BIRTH", "DAYS_EMPLOYED"));
    m.put("CAR_AGE_RATIO", List.of("OWN_CAR_AGE", "DAYS_BIRTH"));
    m.put("PHONE_CHANGE_AGE_RATIO", List.of("DAYS_LAST_PHONE_CHANGE", "DAYS_BIRTH"));
    m.put("ID_PUBLISH_AGE_RATIO", List.of("DAYS_ID_PUBLISH", "DAYS_BIRTH"));
    m.put("DOCUMENT_COUNT", documents);
    m.put("EXT_SOURCE_1_X_2", List.of("EXT_SOURCE_1", "EXT_SOURCE_2"));
    m.put("EXT_SOURCE_1_X_3", List.of("EXT_SOURCE_1", "EXT_SOURCE_3"));
    m.put("EXT_SOURCE_2_X_3", List.of("EXT_SOURCE_2", "EXT_SOURCE_3"));
    m.put("INCOME_PER_CHILD", List.of("AMT_INCOME_TOTAL", "CNT_CHILDREN"));
    m.put("CREDIT_MINUS_GOODS", List.of("AMT_CREDIT", "AMT_GOODS_PRICE"));
    m.put("REGISTRATION_AGE_RATIO", List.of("DAYS_REGISTRATION", "DAYS_BIRTH"));
    // 365243 ("not employed") counts as missing: the count reads that one value of DAYS_EMPLOYED.
    m.put(PRESENCE_COUNT, List.of("DAYS_EMPLOYED"));
    m.put("ANNUITY_PER_CHILD", List.of("AMT_ANNUITY", "CNT_CHILDREN"));
    m.put("CHILDREN_RATIO", List.of("CNT_CHILDREN", "CNT_FAM_MEMBERS"));
    m.put("GOODS_INCOME_RATIO", List.of("AMT_GOODS_PRICE", "AMT_INCOME_TOTAL"));
    m.put(
        "ANNUITY_INCOME_PER_PERSON_RATIO",
        List.of("AMT_ANNUITY", "AMT_INCOME_TOTAL", "CNT_FAM_MEMBERS"));
    m.put("BUREAU_ENQUIRIES_TOTAL", enquiries);
    m.put(
        "SOCIAL_CIRCLE_DEFAULT_RATIO",
        List.of("DEF_60_CNT_SOCIAL_CIRCLE", "OBS_60_CNT_SOCIAL_CIRCLE"));
    m.put("INFERRED_TERM_MONTHS", loan);
    m.put("INFERRED_MONTHLY_RATE", loan);
    for (String[] d : DEFINITIONS) {
      if (!m.containsKey(d[0])) {
        throw new IllegalStateException("derived feature " + d[0] + " declares no inputs");
      }
    }
    return Map.copyOf(m);
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

  private DerivedFeatures() {}
}
