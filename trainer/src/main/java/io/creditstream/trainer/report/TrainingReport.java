package io.creditstream.trainer.report;

import io.creditstream.features.evaluation.Fairness;
import io.creditstream.features.evaluation.Metrics;
import io.creditstream.features.report.Escaping;
import io.creditstream.model.ModelCard;
import io.creditstream.trainer.train.ThresholdChooser;
import io.creditstream.trainer.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Trainer.Result} as one self-contained HTML page: headline figures, ROC curve,
 * cost per applicant against threshold (with accept-everyone and refuse-everyone), reliability
 * diagram, top features by gain, and the search trials.
 */
public final class TrainingReport {
  private static final int MAX_POINTS = 400;
  private static final int TOP_FEATURES = 25;

  private TrainingReport() {}

  public static String html(Trainer.Result result) {
    ModelCard card = result.card();
    Map<String, Double> m = card.metrics();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Training report ")
        .append(Escaping.html(card.version()))
        .append("</title>")
        .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f4f4f4}figure{display:inline-block;margin:1em}")
        .append("</style></head><body>\n");
    h.append("<h1>Credit model ").append(Escaping.html(card.version())).append("</h1>\n");
    h.append("<p>Feature set ")
        .append(Escaping.html(card.featureSetVersion()))
        .append(", ")
        .append(card.featureNames().size())
        .append(" features, trained ")
        .append(Escaping.html(card.createdAt()))
        .append(" on ")
        .append(
            String.format(
                Locale.ROOT, "%.0f rows (%.0f defaults)", m.get("rows"), m.get("defaults")))
        .append(", data fingerprint <code>")
        .append(Escaping.html(card.dataFingerprint()))
        .append("</code>.</p>\n");
    h.append("<table><tr><th>figure</th><th>value</th></tr>\n");
    row(
        h,
        "CV ROC AUC (mean ± std over folds)",
        String.format(Locale.ROOT, "%.4f ± %.4f", m.get("cv_auc"), m.get("cv_auc_std")));
    row(h, "PR AUC (out of fold)", f4(m.get("pr_auc")));
    row(h, "Brier score (out of fold)", f4(m.get("brier")));
    row(h, "Decision threshold (decline when p ≥)", f4(card.threshold()));
    row(
        h,
        "Cost of an accepted defaulter / a refused good client",
        card.costFalseNegative() + " / " + card.costFalsePositive());
    row(h, "Business cost per applicant at the threshold", f4(m.get("cost_per_applicant")));
    row(h, "… accepting everyone", f4(m.get("cost_accept_all")));
    row(h, "… refusing everyone", f4(m.get("cost_refuse_all")));
    row(
        h,
        "Confusion at the threshold (TP / FP / TN / FN)",
        String.format(
            Locale.ROOT,
            "%.0f / %.0f / %.0f / %.0f",
            m.get("tp"),
            m.get("fp"),
            m.get("tn"),
            m.get("fn")));
    row(h, "Trees", Integer.toString(card.bestIteration() + 1));
    row(h, "Training time", String.format(Locale.ROOT, "%.1f s", result.trainSeconds()));
    h.append("</table>\n");

    h.append("<figure>")
        .append(roc(result))
        .append("<figcaption>ROC curve (out-of-fold)")
        .append("</figcaption></figure>\n");
    h.append("<figure>")
        .append(cost(result))
        .append("<figcaption>Cost per applicant against")
        .append(" threshold; the dot is the chosen threshold</figcaption></figure>\n");
    h.append("<figure>")
        .append(reliability(result))
        .append("<figcaption>Reliability: mean")
        .append(" predicted probability against observed default rate, per decile</figcaption>")
        .append("</figure>\n");

    h.append("<h2>Fairness (out-of-fold predictions at the threshold)</h2>\n<p>Protected")
        .append(" attributes, never model inputs: <code>")
        .append(Escaping.html(String.join(", ", card.protectedAttributes())))
        .append("</code>; features set to missing for the model: <code>")
        .append(Escaping.html(String.join(", ", card.protectedFeatures())))
        .append("</code>. Approved = probability below the threshold. The ratio is each group's")
        .append(" approval rate over the most-approved group's of the same dimension; below ")
        .append(Fairness.FOUR_FIFTHS)
        .append(" it is flagged (the four-fifths rule; groups under ")
        .append(Fairness.MIN_GROUP)
        .append(" applications are not flagged). Calibration: mean predicted against observed")
        .append(" default rate.</p>\n")
        .append(result.fairness().htmlTable())
        .append('\n');

    List<String> names = new ArrayList<>();
    List<Double> gains = new ArrayList<>();
    card.globalImportance().entrySet().stream()
        .limit(TOP_FEATURES)
        .forEach(
            e -> {
              names.add(e.getKey());
              gains.add(e.getValue());
            });
    h.append("<h2>Feature importance (gain, top ")
        .append(names.size())
        .append(")</h2>\n")
        .append(
            Svg.bars(
                "Feature importance by gain",
                names,
                gains.stream().mapToDouble(Double::doubleValue).toArray()));

    h.append("<h2>Hyperparameter search</h2>\n<table><tr><th>#</th><th>parameters</th>")
        .append("<th>CV AUC</th><th>std</th><th>trees</th><th>seconds</th></tr>\n");
    int t = 1;
    for (Trainer.Trial trial : result.trials()) {
      h.append("<tr><td>")
          .append(t++)
          .append("</td><td style=\"text-align:left\">")
          .append(Escaping.html(trial.params().toString()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.5f", trial.meanAuc()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.5f", trial.stdAuc()))
          .append("</td><td>")
          .append(trial.rounds())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", trial.seconds()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Parameters</h2>\n<table>");
    card.params().forEach((k, v) -> row(h, k, v));
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  private static String roc(Trainer.Result result) {
    List<Metrics.RocPoint> points = thin(result.roc());
    double[] x = points.stream().mapToDouble(Metrics.RocPoint::falsePositiveRate).toArray();
    double[] y = points.stream().mapToDouble(Metrics.RocPoint::truePositiveRate).toArray();
    return Svg.lines(
        "ROC curve",
        "false positive rate",
        "true positive rate",
        0,
        1,
        0,
        1,
        List.of(
            new Svg.Series(
                String.format(
                    Locale.ROOT, "model (AUC %.3f)", result.card().metrics().get("oof_auc")),
                "#1f77b4",
                x,
                y,
                false),
            new Svg.Series("chance", "#999", new double[] {0, 1}, new double[] {0, 1}, true)));
  }

  private static String cost(Trainer.Result result) {
    List<ThresholdChooser.Choice> curve = thin(result.costCurve());
    double[] x = curve.stream().mapToDouble(ThresholdChooser.Choice::threshold).toArray();
    double[] y = curve.stream().mapToDouble(ThresholdChooser.Choice::costPerApplicant).toArray();
    Map<String, Double> m = result.card().metrics();
    double xMax = 0.5;
    double yMax = Math.max(m.get("cost_accept_all"), m.get("cost_refuse_all")) * 1.1;
    List<double[]> kept = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (x[i] <= xMax) {
        kept.add(new double[] {x[i], Math.min(y[i], yMax)});
      }
    }
    double[] kx = kept.stream().mapToDouble(p -> p[0]).toArray();
    double[] ky = kept.stream().mapToDouble(p -> p[1]).toArray();
    String svg =
        Svg.lines(
            "Cost against threshold",
            "threshold (decline when p ≥)",
            "cost per applicant",
            0,
            xMax,
            0,
            yMax,
            List.of(
                new Svg.Series("model", "#1f77b4", kx, ky, false),
                new Svg.Series(
                    "accept everyone",
                    "#ff7f0e",
                    new double[] {0, xMax},
                    new double[] {m.get("cost_accept_all"), m.get("cost_accept_all")},
                    true),
                new Svg.Series(
                    "refuse everyone",
                    "#2ca02c",
                    new double[] {0, xMax},
                    new double[] {m.get("cost_refuse_all"), m.get("cost_refuse_all")},
                    true)));
    ThresholdChooser.Choice c = result.chosen();
    return svg.replace(
        "</svg>",
        Svg.marker(Math.min(c.threshold(), xMax), c.costPerApplicant(), 0, xMax, 0, yMax)
            + "</svg>");
  }

  private static String reliability(Trainer.Result result) {
    double[] x =
        result.reliability().stream().mapToDouble(Metrics.ReliabilityBin::meanPredicted).toArray();
    double[] y =
        result.reliability().stream().mapToDouble(Metrics.ReliabilityBin::observedRate).toArray();
    double max = 0.05;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.max(x[i], y[i]));
    }
    max = Math.ceil(max * 20) / 20;
    return Svg.lines(
        "Reliability",
        "mean predicted probability",
        "observed default rate",
        0,
        max,
        0,
        max,
        List.of(
            new Svg.Series("model", "#1f77b4", x, y, false),
            new Svg.Series(
                "perfect calibration",
                "#999",
                new double[] {0, max},
                new double[] {0, max},
                true)));
  }

  /** At most MAX_POINTS points, evenly spaced, first and last kept. */
  private static <T> List<T> thin(List<T> points) {
    if (points.size() <= MAX_POINTS) {
      return points;
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < MAX_POINTS; i++) {
      out.add(points.get((int) ((long) i * (points.size() - 1) / (MAX_POINTS - 1))));
    }
    return out;
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th style=\"text-align:left\">")
        .append(Escaping.html(name))
        .append("</th><td>")
        .append(Escaping.html(value))
        .append("</td></tr>\n");
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
