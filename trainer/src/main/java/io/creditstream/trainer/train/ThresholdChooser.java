package io.creditstream.trainer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chooses the decision threshold that minimises the business cost on (out-of-fold) predictions: an
 * accepted defaulter (false negative) costs {@code costFalseNegative}, a refused good client (false
 * positive) {@code costFalsePositive}. The rule is "decline when probability >= threshold", as the
 * model card states. Candidates are the distinct predicted probabilities; among equal costs the
 * highest threshold (fewest refusals) wins.
 */
public final class ThresholdChooser {
  private final double costFalseNegative;
  private final double costFalsePositive;

  public ThresholdChooser(double costFalseNegative, double costFalsePositive) {
    if (!(costFalseNegative >= 0) || !(costFalsePositive >= 0)) {
      throw new IllegalArgumentException("costs must be non-negative numbers");
    }
    this.costFalseNegative = costFalseNegative;
    this.costFalsePositive = costFalsePositive;
  }

  /** The outcome of one threshold: confusion counts and cost. */
  public record Choice(
      double threshold,
      long truePositives,
      long falsePositives,
      long trueNegatives,
      long falseNegatives,
      double totalCost,
      double costPerApplicant) {}

  /** The cost of every candidate threshold, highest threshold first (accept-everyone first). */
  public List<Choice> curve(double[] probabilities, int[] labels) {
    Integer[] order = IntStream.range(0, probabilities.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    int n = labels.length;
    List<Choice> curve = new ArrayList<>();
    // nobody declined: a threshold above every probability
    double top = n == 0 ? 0.5 : probabilities[order[0]];
    curve.add(
        choice(Math.min(Math.nextUp(top), Math.nextDown(1.0)), 0, 0, negatives, positives, n));
    long tp = 0;
    long fp = 0;
    int i = 0;
    while (i < n) {
      double p = probabilities[order[i]];
      while (i < n && probabilities[order[i]] == p) {
        if (labels[order[i]] == 1) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      curve.add(choice(p, tp, fp, negatives - fp, positives - tp, n));
    }
    return curve;
  }

  /** The cheapest threshold. */
  public Choice choose(double[] probabilities, int[] labels) {
    Choice best = null;
    for (Choice c : curve(probabilities, labels)) {
      if (best == null || c.totalCost() < best.totalCost()) {
        best = c;
      }
    }
    return best;
  }

  /** Cost per applicant of accepting everyone. */
  public double acceptAllCost(int[] labels) {
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    return costFalseNegative * positives / labels.length;
  }

  /** Cost per applicant of refusing everyone. */
  public double refuseAllCost(int[] labels) {
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    return costFalsePositive * (labels.length - positives) / labels.length;
  }

  private Choice choice(double threshold, long tp, long fp, long tn, long fn, int n) {
    double cost = costFalseNegative * fn + costFalsePositive * fp;
    return new Choice(threshold, tp, fp, tn, fn, cost, n == 0 ? 0 : cost / n);
  }
}
