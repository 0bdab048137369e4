package io.creditstream.scorer.replay;

import io.creditstream.avro.Decision;
import io.creditstream.avro.Outcome;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.evaluation.Fairness;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.Decisions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The what-if of a candidate model over the replayed range: approval rates, the mean shift of the
 * probability of default, the decisions whose outcome flips (counted, and a bounded list), and,
 * with labels, each side's confusion counts, business cost and ROC AUC.
 *
 * <p>Cost: an approved client who defaults costs the card's {@code costFalseNegative}, a declined
 * client who would have repaid its {@code costFalsePositive}; the recorded side uses the card of
 * the model that made each decision, the candidate side the candidate's card. REVIEW outcomes are
 * counted apart and cost nothing here (a person decides them). AUC keeps the labelled decisions'
 * two probabilities in primitive arrays (16 bytes each, bounded by the labels file).
 *
 * <p>Fairness ({@link Fairness}): both sides over the same decisions, grouped by the sex and age
 * band read from each decision's recorded feature vector; approved = outcome APPROVED (REVIEW is
 * not an approval); with labels also the default rate among the approved, AUC, good clients refused
 * and calibration per group. The report holds both tables and their change.
 */
final class WhatIf {

  static final int BINS = 20;

  private final ScoringModel candidate;
  private final Labels labels;
  private final int maxExamples;

  private long decisions;
  private long skipped;
  private final long[] recordedOutcomes = new long[Outcome.values().length];
  private final long[] candidateOutcomes = new long[Outcome.values().length];
  private double shiftSum;
  private final Map<String, Long> flips = new TreeMap<>();
  private long flipCount;
  private final List<ObjectNode> flipExamples = new ArrayList<>();
  final long[] recordedHistogram = new long[BINS];
  final long[] candidateHistogram = new long[BINS];

  private final Side recordedSide = new Side();
  private final Side candidateSide = new Side();
  private double[] recordedScores = new double[256];
  private double[] candidateScores = new double[256];
  private boolean[] labelOf = new boolean[256];
  private int labelled;
  private long recordedCardsMissing;
  // Fairness of both sides over the same decisions (groups read from the recorded vector).
  private final Fairness.Tally recordedFairness = new Fairness.Tally();
  private final Fairness.Tally candidateFairness = new Fairness.Tally();
  private List<String> groupNames;
  private Fairness.Groups groups;
  private long withoutGroups;

  /** Confusion counts and cost of one side. */
  private static final class Side {
    long tp; // declined, defaulted
    long fp; // declined, repaid
    long tn; // approved, repaid
    long fn; // approved, defaulted
    long review;
    double cost;

    void add(Outcome o, boolean defaulted, double costFn, double costFp) {
      switch (o) {
        case REVIEW -> review++;
        case DECLINED -> {
          if (defaulted) {
            tp++;
          } else {
            fp++;
            cost += costFp;
          }
        }
        case APPROVED -> {
          if (defaulted) {
            fn++;
            cost += costFn;
          } else {
            tn++;
          }
        }
        default -> throw new IllegalStateException("unknown outcome " + o);
      }
    }
  }

  WhatIf(ScoringModel candidate, Labels labels, int maxExamples) {
    this.candidate = candidate;
    this.labels = labels;
    this.maxExamples = maxExamples;
  }

  ScoringModel candidate() {
    return candidate;
  }

  /** A decision whose recorded features could not be used with the candidate. */
  void skip() {
    skipped++;
  }

  /**
   * Adds one decision.
   *
   * @param recordedModel the model that made it, or null when it is not available (its card's costs
   *     then default)
   */
  void add(Decision recorded, Decision alternative, ScoringModel recordedModel) {
    decisions++;
    double pr = recorded.getProbabilityOfDefault();
    double pc = alternative.getProbabilityOfDefault();
    Outcome or = recorded.getOutcome();
    Outcome oc = alternative.getOutcome();
    recordedOutcomes[or.ordinal()]++;
    candidateOutcomes[oc.ordinal()]++;
    shiftSum += pc - pr;
    recordedHistogram[bin(pr)]++;
    candidateHistogram[bin(pc)]++;
    int label = labels == null ? -1 : labels.of(recorded.getClientId());
    addFairness(recorded, pr, pc, or, oc, label);
    if (or != oc) {
      flipCount++;
      flips.merge(or + " -> " + oc, 1L, Long::sum);
      if (flipExamples.size() < maxExamples) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("applicationId", recorded.getApplicationId());
        e.put("clientId", recorded.getClientId());
        e.put("recordedModel", recorded.getModelVersion());
        e.put("recordedOutcome", or.name());
        e.put("recordedProbability", pr);
        e.put("candidateOutcome", oc.name());
        e.put("candidateProbability", pc);
        if (label >= 0) {
          e.put("target", label);
        }
        flipExamples.add(e);
      }
    }
    if (label >= 0) {
      ModelCard rc = recordedModel == null ? null : recordedModel.card();
      if (rc == null) {
        recordedCardsMissing++;
      }
      recordedSide.add(
          or,
          label == 1,
          rc == null ? ModelCard.DEFAULT_COST_FALSE_NEGATIVE : rc.costFalseNegative(),
          rc == null ? ModelCard.DEFAULT_COST_FALSE_POSITIVE : rc.costFalsePositive());
      ModelCard cc = candidate.card();
      candidateSide.add(oc, label == 1, cc.costFalseNegative(), cc.costFalsePositive());
      if (labelled == labelOf.length) {
        recordedScores = Arrays.copyOf(recordedScores, labelled * 2);
        candidateScores = Arrays.copyOf(candidateScores, labelled * 2);
        labelOf = Arrays.copyOf(labelOf, labelled * 2);
      }
      recordedScores[labelled] = pr;
      candidateScores[labelled] = pc;
      labelOf[labelled] = label == 1;
      labelled++;
    }
  }

  private void addFairness(
      Decision recorded, double pr, double pc, Outcome or, Outcome oc, int label) {
    List<String> names = Decisions.featureNames(recorded, FeatureSet.current().names());
    if (names == null) {
      withoutGroups++;
      return;
    }
    if (names != groupNames) {
      groupNames = names;
      groups = Fairness.Groups.of(names);
    }
    double[] x = Decisions.featureVector(recorded);
    // REVIEW is not an approval: the approval rate counts only what the model approved itself.
    recordedFairness.add(groups, x, pr, or == Outcome.APPROVED, label);
    candidateFairness.add(groups, x, pc, oc == Outcome.APPROVED, label);
  }

  Fairness.Report recordedFairness() {
    return recordedFairness.report();
  }

  Fairness.Report candidateFairness() {
    return candidateFairness.report();
  }

  /**
   * The fairness change in one line: per group, the approval rate's and its ratio's change
   * (candidate minus recorded), then the groups each side flags under the four-fifths rule.
   */
  String fairnessLine() {
    Map<String, Double> change = Fairness.change(recordedFairness(), candidateFairness());
    StringBuilder b = new StringBuilder();
    change.forEach(
        (k, v) -> {
          if (k.endsWith("_approval_rate") || k.endsWith("_approval_ratio")) {
            b.append(k.substring("fair_".length())).append("_change=");
            b.append(String.format(java.util.Locale.ROOT, "%+.4f ", v));
          }
        });
    b.append("flagged_recorded=").append(keys(recordedFairness().flagged()));
    b.append(" flagged_candidate=").append(keys(candidateFairness().flagged()));
    return b.toString();
  }

  private static String keys(List<Fairness.Group> groups) {
    return groups.isEmpty()
        ? "none"
        : String.join(",", groups.stream().map(Fairness.Group::key).toList());
  }

  static int bin(double p) {
    if (!(p >= 0)) {
      return 0;
    }
    return Math.min(BINS - 1, (int) (p * BINS));
  }

  long flipCount() {
    return flipCount;
  }

  /**
   * ROC AUC (Mann-Whitney, ties counted half) of scores against labels; NaN without both classes.
   */
  static double auc(double[] scores, boolean[] positive, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && Double.compare(scores[order[j + 1]], scores[order[i]]) == 0) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1; // mean rank of the tie group, ranks from 1
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPositive += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("candidateVersion", candidate.version());
    o.put("decisions", decisions);
    o.put("skipped", skipped);
    o.set("recordedOutcomes", outcomes(recordedOutcomes));
    o.set("candidateOutcomes", outcomes(candidateOutcomes));
    double ra = rate(recordedOutcomes[Outcome.APPROVED.ordinal()]);
    double ca = rate(candidateOutcomes[Outcome.APPROVED.ordinal()]);
    putNumber(o, "recordedApprovalRate", ra);
    putNumber(o, "candidateApprovalRate", ca);
    putNumber(o, "approvalRateChange", ca - ra);
    putNumber(o, "meanProbabilityShift", decisions == 0 ? Double.NaN : shiftSum / decisions);
    o.put("flips", flipCount);
    ObjectNode byKind = o.putObject("flipsByKind");
    flips.forEach(byKind::put);
    ArrayNode ex = o.putArray("flipExamples");
    flipExamples.forEach(ex::add);
    o.put("flipExamplesTruncated", flipCount > flipExamples.size());
    ObjectNode fair = o.putObject("fairness");
    fair.put("decisionsWithoutGroups", withoutGroups);
    fair.set("recorded", groups(recordedFairness()));
    fair.set("candidate", groups(candidateFairness()));
    ObjectNode change = fair.putObject("change");
    Fairness.change(recordedFairness(), candidateFairness())
        .forEach((k, v) -> putNumber(change, k, v));
    o.set("recordedHistogram", histogram(recordedHistogram));
    o.set("candidateHistogram", histogram(candidateHistogram));
    if (labels != null) {
      ObjectNode l = o.putObject("labelled");
      l.put("labelsInFile", labels.size());
      l.put("decisionsWithLabel", labelled);
      long pos = 0;
      for (int i = 0; i < labelled; i++) {
        pos += labelOf[i] ? 1 : 0;
      }
      l.put("defaulted", pos);
      l.put("recordedCardsMissing", recordedCardsMissing);
      l.set("recorded", side(recordedSide, auc(recordedScores, labelOf, labelled)));
      ObjectNode c = side(candidateSide, auc(candidateScores, labelOf, labelled));
      c.put("costFalseNegative", candidate.card().costFalseNegative());
      c.put("costFalsePositive", candidate.card().costFalsePositive());
      l.set("candidate", c);
      putNumber(l, "costChange", candidateSide.cost - recordedSide.cost);
    }
    return o;
  }

  private double rate(long count) {
    return decisions == 0 ? Double.NaN : (double) count / decisions;
  }

  private static ObjectNode side(Side s, double auc) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("truePositives", s.tp);
    o.put("falsePositives", s.fp);
    o.put("trueNegatives", s.tn);
    o.put("falseNegatives", s.fn);
    o.put("review", s.review);
    o.put("cost", s.cost);
    putNumber(o, "auc", auc);
    return o;
  }

  static ArrayNode groups(Fairness.Report report) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Fairness.Group g : report.groups()) {
      ObjectNode o = a.addObject();
      o.put("dimension", g.dimension());
      o.put("group", g.group());
      o.put("count", g.count());
      putNumber(o, "approvalRate", g.approvalRate());
      putNumber(o, "approvalRatio", g.approvalRatio());
      o.put("belowFourFifths", g.belowFourFifths());
      putNumber(o, "meanPredicted", g.meanPredicted());
      o.put("labelled", g.labelled());
      putNumber(o, "observedDefaultRate", g.observedDefaultRate());
      putNumber(o, "defaultRateAmongApproved", g.defaultRateAmongApproved());
      putNumber(o, "auc", g.auc());
      putNumber(o, "goodRefusedShare", g.goodRefusedShare());
    }
    return a;
  }

  static ObjectNode outcomes(long[] counts) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (Outcome out : Outcome.values()) {
      o.put(out.name(), counts[out.ordinal()]);
    }
    return o;
  }

  static ArrayNode histogram(long[] bins) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (long b : bins) {
      a.add(b);
    }
    return a;
  }

  /** JSON has no NaN: an undefined figure is null. */
  static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }
}
