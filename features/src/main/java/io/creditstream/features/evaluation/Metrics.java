package io.creditstream.features.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Evaluation of probabilities against 0/1 labels: ROC AUC (ties count half), average precision (PR
 * AUC), Brier score, the ROC curve and a reliability table. Pure functions, no state.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * ROC AUC: the probability that a random defaulter gets a higher score than a random good client,
   * ties counting one half (Mann-Whitney U over average ranks).
   *
   * @throws IllegalArgumentException when a class is absent or lengths differ
   */
  public static double rocAuc(double[] scores, int[] labels) {
    check(scores, labels);
    Integer[] order = sortedAscending(scores);
    double rankSumPositives = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1; // ranks are 1-based
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPositives += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = scores.length - positives;
    return (rankSumPositives - positives * (positives + 1) / 2.0)
        / ((double) positives * negatives);
  }

  /**
   * Average precision (the usual PR AUC estimate): the sum over score thresholds, highest first, of
   * precision at the threshold times the recall gained there; tied scores form one threshold.
   */
  public static double averagePrecision(double[] scores, int[] labels) {
    check(scores, labels);
    Integer[] order = sortedAscending(scores);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    double ap = 0;
    long tp = 0;
    long seen = 0;
    int i = order.length - 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      long newTp = 0;
      for (int k = j; k <= i; k++) {
        newTp += labels[order[k]];
      }
      tp += newTp;
      seen += i - j + 1;
      ap += (double) newTp / positives * ((double) tp / seen);
      i = j - 1;
    }
    return ap;
  }

  /** Mean squared difference between probability and outcome. */
  public static double brier(double[] probabilities, int[] labels) {
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double d = probabilities[i] - labels[i];
      sum += d * d;
    }
    return sum / probabilities.length;
  }

  /** A point of the ROC curve: decline everyone scoring at or above {@code threshold}. */
  public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {}

  /** The ROC curve, one point per distinct score plus (0, 0), highest threshold first. */
  public static List<RocPoint> rocCurve(double[] scores, int[] labels) {
    check(scores, labels);
    Integer[] order = sortedAscending(scores);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    List<RocPoint> points = new ArrayList<>();
    points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
    long tp = 0;
    long fp = 0;
    int i = order.length - 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      for (int k = j; k <= i; k++) {
        if (labels[order[k]] == 1) {
          tp++;
        } else {
          fp++;
        }
      }
      points.add(new RocPoint(scores[order[i]], (double) fp / negatives, (double) tp / positives));
      i = j - 1;
    }
    return points;
  }

  /**
   * One bin of a reliability table: how many, mean predicted probability, observed default rate.
   */
  public record ReliabilityBin(long count, double meanPredicted, double observedRate) {}

  /** Reliability table over {@code bins} bins of equal count (prediction quantiles). */
  public static List<ReliabilityBin> reliability(double[] probabilities, int[] labels, int bins) {
    Integer[] order = sortedAscending(probabilities);
    List<ReliabilityBin> table = new ArrayList<>();
    int n = order.length;
    for (int b = 0; b < bins; b++) {
      int from = (int) ((long) b * n / bins);
      int to = (int) ((long) (b + 1) * n / bins);
      if (to <= from) {
        continue;
      }
      double predicted = 0;
      double observed = 0;
      for (int k = from; k < to; k++) {
        predicted += probabilities[order[k]];
        observed += labels[order[k]];
      }
      table.add(new ReliabilityBin(to - from, predicted / (to - from), observed / (to - from)));
    }
    return table;
  }

  public static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n - 1). */
  public static double std(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double mean = mean(values);
    double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    return Math.sqrt(squares / (values.length - 1));
  }

  private static Integer[] sortedAscending(double[] scores) {
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    return order;
  }

  private static void check(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + labels.length + " labels");
    }
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0 || positives == labels.length) {
      throw new IllegalArgumentException(
          "both classes are needed, got " + positives + " of " + labels.length + " positive");
    }
  }
}
