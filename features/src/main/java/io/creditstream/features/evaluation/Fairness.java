package io.creditstream.features.evaluation;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.report.Escaping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a model's decisions differ between groups of clients: by sex ({@code CODE_GENDER}) and by age
 * band (under 25, 25–40, 40–60, 60 and over, from {@code DAYS_BIRTH}). Input: per application its
 * group, probability of default, whether it was approved and, when known, whether the client
 * defaulted. Output per group: count, approval rate, the ratio of its approval rate to the
 * most-approved group's of the same dimension (flagged below 0.8: the four-fifths rule), mean
 * predicted probability; with labels also the observed default rate (calibration: mean predicted
 * against observed), the default rate among the approved, ROC AUC and the share of good clients
 * refused.
 *
 * <p>One class for every door: the trainer (out-of-fold predictions at the chosen threshold), the
 * {@code evaluate} command, replay's what-if (recorded model against candidate) and the portal's
 * auditors (live decisions, no labels). Groups read from the feature vector (model order, the model
 * card's {@code featureNames}) with {@link Groups}: the protected attribute is not a model input
 * but stays in the vector the decision records.
 *
 * <p>A group of fewer than {@link #MIN_GROUP} applications is reported but neither flagged nor
 * taken as the reference (Home Credit has a handful of {@code XNA} sexes: one approved application
 * would otherwise become the "most-approved group" and flag everyone else).
 */
public final class Fairness {

  /** The four-fifths rule: a group approved at less than 0.8 times the best group's rate. */
  public static final double FOUR_FIFTHS = 0.8;

  /** Smallest group that is flagged or used as the reference. */
  public static final int MIN_GROUP = 30;

  /** The two dimensions, in report order. */
  public static final List<String> DIMENSIONS = List.of("sex", "age");

  /** Sex groups, in report order (the CODE_GENDER vocabulary, then anything else). */
  public static final List<String> SEXES = List.of("F", "M", "XNA", "unknown");

  /** Age bands, in report order. */
  public static final List<String> AGE_BANDS = List.of("<25", "25-40", "40-60", "60+", "unknown");

  private Fairness() {}

  /** The age band of a DAYS_BIRTH value (days before the application, negative). */
  public static String ageBand(double daysBirth) {
    if (Double.isNaN(daysBirth)) {
      return "unknown";
    }
    double years = -daysBirth / 365.25;
    if (years < 25) {
      return "<25";
    }
    if (years < 40) {
      return "25-40";
    }
    return years < 60 ? "40-60" : "60+";
  }

  /** The sex group of a CODE_GENDER value (null or unknown values: "unknown"). */
  public static String sex(String codeGender) {
    return codeGender != null && SEXES.contains(codeGender) && !"unknown".equals(codeGender)
        ? codeGender
        : "unknown";
  }

  /** Reads the groups of an application from its feature vector. */
  public static final class Groups {
    private final int gender;
    private final int birth;
    private final List<String> genderValues;

    private Groups(int gender, int birth, List<String> genderValues) {
      this.gender = gender;
      this.birth = birth;
      this.genderValues = genderValues;
    }

    /**
     * For vectors in this feature order (a model card's {@code featureNames}).
     *
     * @throws IllegalArgumentException when CODE_GENDER or DAYS_BIRTH is not among them
     */
    public static Groups of(List<String> featureNames) {
      int g = featureNames.indexOf("CODE_GENDER");
      int b = featureNames.indexOf("DAYS_BIRTH");
      if (g < 0 || b < 0) {
        throw new IllegalArgumentException(
            "the feature order has no CODE_GENDER or DAYS_BIRTH: fairness cannot be measured");
      }
      return new Groups(g, b, FeatureSet.current().vocabularies().get("CODE_GENDER"));
    }

    /** CODE_GENDER's vocabulary code (0 missing, 1..n known values, n+1 other) as a group. */
    public String sex(double[] x) {
      double code = x[gender];
      int c = (int) code;
      if (Double.isNaN(code) || c != code || c < 1 || c > genderValues.size()) {
        return "unknown";
      }
      return Fairness.sex(genderValues.get(c - 1));
    }

    public String ageBand(double[] x) {
      return Fairness.ageBand(x[birth]);
    }
  }

  /** Collects applications; not thread-safe. */
  public static final class Tally {
    private final Map<String, Acc> sexes = new LinkedHashMap<>();
    private final Map<String, Acc> ages = new LinkedHashMap<>();

    public Tally() {
      SEXES.forEach(s -> sexes.put(s, new Acc()));
      AGE_BANDS.forEach(a -> ages.put(a, new Acc()));
    }

    /**
     * Adds one application.
     *
     * @param label 1 defaulted, 0 repaid, -1 unknown (live decisions)
     */
    public void add(String sex, String ageBand, double probability, boolean approved, int label) {
      acc(sexes, sex).add(probability, approved, label);
      acc(ages, ageBand).add(probability, approved, label);
    }

    /** Adds the application whose feature vector is {@code x}. */
    public void add(Groups groups, double[] x, double probability, boolean approved, int label) {
      add(groups.sex(x), groups.ageBand(x), probability, approved, label);
    }

    private static Acc acc(Map<String, Acc> groups, String key) {
      Acc a = groups.get(key);
      if (a == null) {
        throw new IllegalArgumentException("unknown group " + key);
      }
      return a;
    }

    public Report report() {
      List<Group> out = new ArrayList<>();
      figures("sex", sexes, out);
      figures("age", ages, out);
      return new Report(out);
    }

    private static void figures(String dimension, Map<String, Acc> groups, List<Group> out) {
      double best = Double.NaN;
      for (Acc a : groups.values()) {
        if (a.n >= MIN_GROUP && !(a.approvalRate() <= best)) {
          best = a.approvalRate();
        }
      }
      for (Map.Entry<String, Acc> e : groups.entrySet()) {
        Acc a = e.getValue();
        if (a.n == 0) {
          continue;
        }
        double ratio = best > 0 ? a.approvalRate() / best : Double.NaN;
        boolean flagged = a.n >= MIN_GROUP && ratio < FOUR_FIFTHS;
        out.add(
            new Group(
                dimension,
                e.getKey(),
                a.n,
                a.approved,
                a.approvalRate(),
                ratio,
                flagged,
                a.probabilitySum / a.n,
                a.labelled,
                a.labelled == 0 ? Double.NaN : (double) a.defaults / a.labelled,
                a.approvedLabelled == 0
                    ? Double.NaN
                    : (double) a.approvedDefaults / a.approvedLabelled,
                a.auc(),
                a.good() == 0 ? Double.NaN : (double) a.refusedGood / a.good()));
      }
    }
  }

  /** Running figures of one group. */
  private static final class Acc {
    long n;
    long approved;
    double probabilitySum;
    long labelled;
    long defaults;
    long approvedLabelled;
    long approvedDefaults;
    long refusedGood;
    double[] scores = new double[16];
    int[] labels = new int[16];

    void add(double p, boolean ok, int label) {
      n++;
      approved += ok ? 1 : 0;
      probabilitySum += p;
      if (label < 0) {
        return;
      }
      if (label > 1) {
        throw new IllegalArgumentException("a label is 0, 1 or -1 (unknown), got " + label);
      }
      if (labelled == scores.length) {
        scores = Arrays.copyOf(scores, scores.length * 2);
        labels = Arrays.copyOf(labels, labels.length * 2);
      }
      scores[(int) labelled] = p;
      labels[(int) labelled] = label;
      labelled++;
      defaults += label;
      if (ok) {
        approvedLabelled++;
        approvedDefaults += label;
      } else if (label == 0) {
        refusedGood++;
      }
    }

    long good() {
      return labelled - defaults;
    }

    double approvalRate() {
      return n == 0 ? Double.NaN : (double) approved / n;
    }

    double auc() {
      if (defaults == 0 || defaults == labelled) {
        return Double.NaN;
      }
      int m = (int) labelled;
      return Metrics.rocAuc(Arrays.copyOf(scores, m), Arrays.copyOf(labels, m));
    }
  }

  /**
   * The figures of one group; label-based figures are NaN when no application of the group has a
   * label (or, for AUC, when it lacks a class).
   */
  public record Group(
      String dimension,
      String group,
      long count,
      long approved,
      double approvalRate,
      double approvalRatio,
      boolean belowFourFifths,
      double meanPredicted,
      long labelled,
      double observedDefaultRate,
      double defaultRateAmongApproved,
      double auc,
      double goodRefusedShare) {

    /** A name safe for name=value lines and metric keys: sex_F, age_lt25, age_25_40, age_60plus. */
    public String key() {
      String g =
          switch (group) {
            case "<25" -> "lt25";
            case "60+" -> "60plus";
            default -> group.replace('-', '_');
          };
      return dimension + "_" + g;
    }
  }

  /** Every group's figures, sex first then age, in the fixed group order. */
  public record Report(List<Group> groups) {

    public Report {
      groups = List.copyOf(groups);
    }

    /** Groups flagged by the four-fifths rule. */
    public List<Group> flagged() {
      return groups.stream().filter(Group::belowFourFifths).toList();
    }

    /** True when some group has labelled applications. */
    public boolean labelled() {
      return groups.stream().anyMatch(g -> g.labelled() > 0);
    }

    /**
     * The figures as metrics (model card, evaluate's line): {@code fair_<group>_<figure>}; figures
     * that are not defined are left out.
     */
    public Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>();
      for (Group g : groups) {
        String k = "fair_" + g.key() + "_";
        put(m, k + "count", g.count());
        put(m, k + "approval_rate", g.approvalRate());
        put(m, k + "approval_ratio", g.approvalRatio());
        put(m, k + "below_four_fifths", g.belowFourFifths() ? 1 : 0);
        put(m, k + "mean_predicted", g.meanPredicted());
        put(m, k + "observed_default_rate", g.observedDefaultRate());
        put(m, k + "default_rate_approved", g.defaultRateAmongApproved());
        put(m, k + "auc", g.auc());
        put(m, k + "good_refused_share", g.goodRefusedShare());
      }
      m.put("fair_groups_below_four_fifths", (double) flagged().size());
      return m;
    }

    private static void put(Map<String, Double> m, String key, double v) {
      if (!Double.isNaN(v)) {
        m.put(key, v);
      }
    }

    /** name=value pairs of {@link #metrics()}, separated by spaces, 4 significant decimals. */
    public String line() {
      StringBuilder b = new StringBuilder();
      metrics()
          .forEach(
              (k, v) -> {
                if (b.length() > 0) {
                  b.append(' ');
                }
                b.append(k).append('=').append(number(v));
              });
      return b.toString();
    }

    /**
     * The fairness table as an HTML fragment (a {@code <table class="fairness">}); label-based
     * columns only when the report has labels. Group names are escaped.
     */
    public String htmlTable() {
      boolean withLabels = labelled();
      StringBuilder h = new StringBuilder();
      h.append("<table class=\"fairness\"><thead><tr><th>dimension</th><th>group</th>")
          .append("<th>applications</th><th>approval rate</th>")
          .append("<th>ratio to most-approved</th><th>four-fifths</th><th>mean predicted</th>");
      if (withLabels) {
        h.append("<th>observed default rate</th><th>default rate among approved</th>")
            .append("<th>ROC AUC</th><th>good clients refused</th>");
      }
      h.append("</tr></thead><tbody>");
      for (Group g : groups) {
        h.append("<tr").append(g.belowFourFifths() ? " class=\"flagged\"" : "").append('>');
        cell(h, g.dimension());
        cell(h, g.group());
        cell(h, Long.toString(g.count()));
        cell(h, number(g.approvalRate()));
        cell(h, number(g.approvalRatio()));
        cell(h, g.belowFourFifths() ? "below 0.8" : (g.count() < MIN_GROUP ? "too few" : "ok"));
        cell(h, number(g.meanPredicted()));
        if (withLabels) {
          cell(h, number(g.observedDefaultRate()));
          cell(h, number(g.defaultRateAmongApproved()));
          cell(h, number(g.auc()));
          cell(h, number(g.goodRefusedShare()));
        }
        h.append("</tr>");
      }
      return h.append("</tbody></table>").toString();
    }

    private static void cell(StringBuilder h, String text) {
      h.append("<td>").append(Escaping.html(text)).append("</td>");
    }
  }

  /**
   * The change between two reports of the same applications (what-if: recorded model against
   * candidate): per group present in both, the candidate's figure minus the recorded one.
   */
  public static Map<String, Double> change(Report recorded, Report candidate) {
    Map<String, Double> r = recorded.metrics();
    Map<String, Double> out = new LinkedHashMap<>();
    candidate
        .metrics()
        .forEach(
            (k, v) -> {
              Double before = r.get(k);
              if (before != null && !k.endsWith("_count")) {
                out.put(k, v - before);
              }
            });
    return out;
  }

  /** A figure as text: "NaN" for undefined, else 4 decimals. */
  public static String number(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
  }
}
