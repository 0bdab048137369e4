package io.creditstream.trainer.evaluate;

import io.creditstream.features.evaluation.Fairness;
import io.creditstream.features.evaluation.Metrics;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ScoringModel;
import io.creditstream.trainer.train.TrainingData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one model on labelled rows: each row's vector (built by {@code FeatureSet.vector},
 * as the scorer builds it) scored by {@link ScoringModel#probability}, which reads the protected
 * features as missing exactly as the scorer does. Approved = probability below the card's threshold
 * (the scorer's rule without a review band). Metrics and fairness come from the shared {@code
 * features.evaluation} code the trainer uses.
 */
public record Evaluation(
    ModelCard card,
    double[] probabilities,
    int[] labels,
    Map<String, Double> figures,
    List<Metrics.ReliabilityBin> reliability,
    Fairness.Report fairness) {

  static final int RELIABILITY_BINS = 10;

  /** Scores every row of {@code data} (rows in the model card's feature order) with the model. */
  public static Evaluation of(ScoringModel model, TrainingData data) {
    if (!model.card().featureNames().equals(data.featureNames())) {
      throw new IllegalArgumentException(
          "the model reads "
              + model.card().featureNames().size()
              + " features of another feature set than this data's "
              + data.featureNames().size());
    }
    double[] p = new double[data.rows()];
    double[] x = new double[data.columns()];
    for (int i = 0; i < p.length; i++) {
      data.row(i, x);
      p[i] = model.probability(x);
    }
    return of(model.card(), data, p);
  }

  /** The figures of given probabilities for the rows of {@code data} (their groups and labels). */
  public static Evaluation of(ModelCard card, TrainingData data, double[] probabilities) {
    int[] labels = data.labels();
    double threshold = card.threshold();
    Fairness.Groups groups = Fairness.Groups.of(data.featureNames());
    Fairness.Tally tally = new Fairness.Tally();
    double[] x = new double[data.columns()];
    long approved = 0;
    long fn = 0;
    long fp = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean ok = probabilities[i] < threshold;
      approved += ok ? 1 : 0;
      fn += ok && labels[i] == 1 ? 1 : 0;
      fp += !ok && labels[i] == 0 ? 1 : 0;
      data.row(i, x);
      tally.add(groups, x, probabilities[i], ok, labels[i]);
    }
    int n = labels.length;
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("rows", (double) n);
    f.put("defaults", (double) data.positives());
    f.put("roc_auc", Metrics.rocAuc(probabilities, labels));
    f.put("pr_auc", Metrics.averagePrecision(probabilities, labels));
    f.put("brier", Metrics.brier(probabilities, labels));
    f.put("threshold", threshold);
    f.put(
        "cost_per_applicant", (card.costFalseNegative() * fn + card.costFalsePositive() * fp) / n);
    f.put("approval_rate", (double) approved / n);
    f.put("mean_predicted", java.util.Arrays.stream(probabilities).average().orElse(Double.NaN));
    f.put("observed_default_rate", (double) data.positives() / n);
    Fairness.Report fairness = tally.report();
    f.putAll(fairness.metrics());
    return new Evaluation(
        card,
        probabilities,
        labels,
        f,
        Metrics.reliability(probabilities, labels, RELIABILITY_BINS),
        fairness);
  }

  /** The one line: {@code name=value} pairs, integers as integers, the rest with 4 decimals. */
  public String line() {
    StringBuilder b = new StringBuilder("model=").append(card.version());
    figures.forEach(
        (k, v) ->
            b.append(' ')
                .append(k)
                .append('=')
                .append(
                    k.equals("rows") || k.equals("defaults") || k.endsWith("_count")
                        ? String.format(Locale.ROOT, "%.0f", v)
                        : Fairness.number(v)));
    return b.toString();
  }
}
