package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.ReasonTexts;
import io.creditstream.features.evaluation.Fairness;
import io.creditstream.fixtures.Applications;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The what-if's fairness, worked out by hand: 40 women with EXT_SOURCE_2 0.8 and 40 men with 0.4.
 * The recorded model (defaults below 0.3) approves all 80; the candidate (below 0.5) declines every
 * man: men's approval rate 1 -> 0, their ratio to women's 1 -> 0, flagged on the candidate's side.
 * Labels: clients 1, 21, 41 and 61 (four of the 40 men) defaulted.
 */
class WhatIfFairnessTest {

  @Test
  void reportsEachSidesFairnessAndTheChange(@TempDir Path dir) throws Exception {
    ReplayFixtures.Model recorded = ReplayFixtures.cutModel(0.3, null, null);
    ReplayFixtures.Model candidate = ReplayFixtures.cutModel(0.5, null, null);
    DecisionMaker maker =
        new DecisionMaker(
            ReplayFixtures.FEATURES,
            ReasonTexts.load(),
            new DecisionPolicy(4, 0, 0, Double.NaN),
            "scorer-1",
            Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC));
    StringBuilder labels = new StringBuilder("SK_ID_CURR,TARGET\n");
    for (int i = 0; i < 80; i++) {
      labels.append(i).append(',').append(i % 2 == 1 && i % 20 == 1 ? 1 : 0).append('\n');
    }
    Path labelsFile = dir.resolve("labels.csv");
    Files.writeString(labelsFile, labels);
    WhatIf whatIf = new WhatIf(candidate.scoring(), Labels.read(labelsFile), 10);

    for (int i = 0; i < 80; i++) {
      boolean man = i % 2 == 1;
      LoanApplication app = Applications.valid("app-" + i, i, man ? 0.4 : 0.8);
      app.setCODEGENDER(man ? "M" : "F");
      Decision r = maker.decide(app, null, recorded.scoring());
      Decision c = maker.decide(app, null, candidate.scoring());
      whatIf.add(r, c, recorded.scoring());
    }

    Fairness.Report before = whatIf.recordedFairness();
    Fairness.Report after = whatIf.candidateFairness();
    assertThat(group(before, "sex_M").approvalRate()).isEqualTo(1.0);
    assertThat(group(after, "sex_M").approvalRate()).isEqualTo(0.0);
    assertThat(group(after, "sex_M").approvalRatio()).isEqualTo(0.0);
    assertThat(before.flagged()).isEmpty();
    assertThat(after.flagged()).extracting(Fairness.Group::key).containsExactly("sex_M");
    // labels: 4 of the 40 men defaulted, all approved by the recorded model
    assertThat(group(before, "sex_M").defaultRateAmongApproved()).isCloseTo(0.1, within(1e-12));
    assertThat(group(after, "sex_M").goodRefusedShare()).isEqualTo(1.0);

    ObjectNode json = whatIf.toJson();
    JsonNode change = json.path("fairness").path("change");
    assertThat(change.path("fair_sex_M_approval_rate").asDouble()).isEqualTo(-1.0);
    assertThat(change.path("fair_sex_F_approval_rate").asDouble()).isEqualTo(0.0);
    assertThat(whatIf.fairnessLine())
        .contains("sex_M_approval_rate_change=-1.0000")
        .contains("flagged_recorded=none")
        .contains("flagged_candidate=sex_M");
    String html = HtmlReport.render(reportWith(json));
    assertThat(html).contains("Fairness: recorded against candidate").contains("(below 0.8)");
  }

  private static ObjectNode reportWith(ObjectNode whatIf) {
    ObjectNode r = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    r.set("whatIf", whatIf);
    return r;
  }

  private static Fairness.Group group(Fairness.Report r, String key) {
    return r.groups().stream().filter(g -> g.key().equals(key)).findFirst().orElseThrow();
  }
}
