package io.creditstream.features.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.features.evaluation.Fairness.Group;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessTest {

  private static Group group(Fairness.Report r, String key) {
    return r.groups().stream().filter(g -> g.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void flagsAGroupApprovedAtLessThanFourFifthsOfTheBestGroup() {
    Fairness.Tally tally = new Fairness.Tally();
    // 100 women: 80 approved; 100 men: 60 approved (60/80 = 0.75 < 0.8 -> flagged)
    for (int i = 0; i < 100; i++) {
      tally.add("F", "25-40", 0.1, i < 80, -1);
      tally.add("M", "25-40", 0.2, i < 60, -1);
    }

    Fairness.Report r = tally.report();

    assertThat(group(r, "sex_F").approvalRate()).isEqualTo(0.8);
    assertThat(group(r, "sex_F").approvalRatio()).isEqualTo(1.0);
    assertThat(group(r, "sex_F").belowFourFifths()).isFalse();
    assertThat(group(r, "sex_M").approvalRatio()).isCloseTo(0.75, within(1e-12));
    assertThat(group(r, "sex_M").belowFourFifths()).isTrue();
    assertThat(group(r, "sex_M").meanPredicted()).isCloseTo(0.2, within(1e-12));
    // one age band holding everyone: its own reference, never flagged
    assertThat(group(r, "age_25_40").approvalRatio()).isEqualTo(1.0);
    assertThat(r.flagged()).extracting(Group::key).containsExactly("sex_M");
    assertThat(r.labelled()).isFalse();
    assertThat(r.metrics()).containsEntry("fair_groups_below_four_fifths", 1.0);
    assertThat(r.metrics()).doesNotContainKey("fair_sex_M_auc");
  }

  @Test
  void computesTheLabelledFiguresOfAGroupByHand() {
    Fairness.Tally tally = new Fairness.Tally();
    // group <25, four labelled applications:
    tally.add("F", "<25", 0.9, false, 1); // refused defaulter
    tally.add("F", "<25", 0.6, false, 0); // refused good client
    tally.add("F", "<25", 0.3, true, 1); // approved defaulter
    tally.add("F", "<25", 0.2, true, 0); // approved good client

    Group g = group(tally.report(), "age_lt25");

    assertThat(g.count()).isEqualTo(4);
    assertThat(g.approvalRate()).isEqualTo(0.5);
    assertThat(g.observedDefaultRate()).isEqualTo(0.5);
    assertThat(g.meanPredicted()).isCloseTo(0.5, within(1e-12));
    assertThat(g.defaultRateAmongApproved()).isEqualTo(0.5);
    assertThat(g.goodRefusedShare()).isEqualTo(0.5);
    // defaulters 0.9 and 0.3 vs good 0.6 and 0.2: pairs won 0.9>0.6, 0.9>0.2, 0.3>0.2 = 3 of 4
    assertThat(g.auc()).isEqualTo(0.75);
    // fewer than MIN_GROUP applications: reported, not flagged
    assertThat(g.belowFourFifths()).isFalse();
  }

  @Test
  void aTinyGroupIsNeverTheReference() {
    Fairness.Tally tally = new Fairness.Tally();
    for (int i = 0; i < 50; i++) {
      tally.add("F", "40-60", 0.1, i < 30, -1); // 0.6
      tally.add("M", "40-60", 0.1, i < 25, -1); // 0.5
    }
    tally.add("XNA", "40-60", 0.1, true, -1); // 1 of 1 approved

    Fairness.Report r = tally.report();

    assertThat(group(r, "sex_F").approvalRatio()).isEqualTo(1.0);
    assertThat(group(r, "sex_M").approvalRatio()).isCloseTo(0.5 / 0.6, within(1e-12));
    assertThat(group(r, "sex_XNA").belowFourFifths()).isFalse();
    assertThat(r.flagged()).isEmpty();
  }

  @Test
  void readsSexAndAgeBandFromAFeatureVector() {
    FeatureSet fs = FeatureSet.current();
    Fairness.Groups groups = Fairness.Groups.of(fs.names());
    Map<String, Object> app = new HashMap<>();
    app.put("CODE_GENDER", "M");
    app.put("DAYS_BIRTH", -24.9 * 365.25);
    double[] x = fs.vector(Row.of(app), null);

    assertThat(groups.sex(x)).isEqualTo("M");
    assertThat(groups.ageBand(x)).isEqualTo("<25");
  }

  @Test
  void ageBandsHaveTheirLowerBoundInside() {
    assertThat(Fairness.ageBand(-25 * 365.25)).isEqualTo("25-40");
    assertThat(Fairness.ageBand(-39.99 * 365.25)).isEqualTo("25-40");
    assertThat(Fairness.ageBand(-40 * 365.25)).isEqualTo("40-60");
    assertThat(Fairness.ageBand(-60 * 365.25)).isEqualTo("60+");
    assertThat(Fairness.ageBand(Double.NaN)).isEqualTo("unknown");
  }

  @Test
  void changeIsCandidateMinusRecordedPerGroup() {
    Fairness.Tally recorded = new Fairness.Tally();
    Fairness.Tally candidate = new Fairness.Tally();
    for (int i = 0; i < 40; i++) {
      recorded.add("F", "60+", 0.1, i < 20, -1); // 0.5
      candidate.add("F", "60+", 0.1, i < 30, -1); // 0.75
    }

    Map<String, Double> change = Fairness.change(recorded.report(), candidate.report());

    assertThat(change.get("fair_sex_F_approval_rate")).isCloseTo(0.25, within(1e-12));
    assertThat(change).doesNotContainKey("fair_sex_F_count");
  }

  @Test
  void htmlTableEscapesGroupNamesAndMarksFlaggedRows() {
    Fairness.Tally tally = new Fairness.Tally();
    for (int i = 0; i < 40; i++) {
      tally.add("F", "<25", 0.1, true, -1);
      tally.add("M", "<25", 0.1, i < 10, -1);
    }

    String html = tally.report().htmlTable();

    assertThat(html).contains("<td>&lt;25</td>").doesNotContain("<td><25</td>");
    assertThat(html).contains("<tr class=\"flagged\"><td>sex</td><td>M</td>");
    assertThat(html).doesNotContain("ROC AUC"); // no labels, no label columns
    assertThat(List.of(html.split("<tr")).size()).isEqualTo(1 + 1 + 3);
  }
}
