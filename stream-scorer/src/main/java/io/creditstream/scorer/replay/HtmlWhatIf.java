package io.creditstream.scorer.replay;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The report's what-if section ({@link WhatIf}'s JSON): rates and flips, fairness of both sides per
 * group, the labelled comparison (cost, ROC AUC) and examples of flips.
 */
final class HtmlWhatIf {

  private HtmlWhatIf() {}

  static void whatIf(StringBuilder h, JsonNode w) {
    h.append("<h2>What if: candidate model <span class=\"mono\">")
        .append(Html.esc(w.path("candidateVersion").asString()))
        .append("</span></h2><table>");
    Html.row(
        h,
        "decisions compared",
        w.path("decisions").asString()
            + (w.path("skipped").asLong() > 0
                ? " (" + w.path("skipped").asString() + " skipped: features unusable)"
                : ""));
    Html.row(
        h,
        "approval rate",
        Html.pct(w.path("recordedApprovalRate"))
            + " recorded, "
            + Html.pct(w.path("candidateApprovalRate"))
            + " candidate (change "
            + Html.pct(w.path("approvalRateChange"))
            + ")");
    Html.row(h, "mean probability shift", w.path("meanProbabilityShift").asString());
    Html.row(h, "outcomes recorded", w.path("recordedOutcomes").toString());
    Html.row(h, "outcomes candidate", w.path("candidateOutcomes").toString());
    Html.row(h, "flips", w.path("flips").asString() + " " + w.path("flipsByKind").toString());
    h.append("</table>\n");
    fairness(h, w.path("fairness"));
    JsonNode l = w.path("labelled");
    if (!l.isMissingNode()) {
      h.append("<h3>Against known outcomes</h3><p>")
          .append(
              Html.esc(
                  String.format(
                      Locale.ROOT,
                      "%,d decision(s) with a label (%,d defaulted) from %,d labels.",
                      l.path("decisionsWithLabel").asLong(),
                      l.path("defaulted").asLong(),
                      l.path("labelsInFile").asLong())))
          .append("</p>");
      h.append("<table><tr><th></th><th>declined &amp; defaulted</th><th>declined &amp; repaid")
          .append("</th><th>approved &amp; repaid</th><th>approved &amp; defaulted</th>")
          .append("<th>review</th><th>business cost</th><th>ROC AUC</th></tr>");
      for (String side : List.of("recorded", "candidate")) {
        JsonNode c = l.path(side);
        h.append("<tr><th>").append(side).append("</th>");
        for (String k :
            List.of(
                "truePositives",
                "falsePositives",
                "trueNegatives",
                "falseNegatives",
                "review",
                "cost",
                "auc")) {
          h.append("<td>").append(Html.esc(c.path(k).asString())).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table><p><small>Cost: an approved client who defaults costs the card's")
          .append(" costFalseNegative, a declined client who repays its costFalsePositive")
          .append(" (recorded side: the card of the model that decided; candidate: ")
          .append(Html.esc(l.path("candidate").path("costFalseNegative").asString()))
          .append(" / ")
          .append(Html.esc(l.path("candidate").path("costFalsePositive").asString()))
          .append("). REVIEW costs nothing here.</small></p>\n");
    }
    JsonNode flips = w.path("flipExamples");
    if (flips.isArray() && !flips.isEmpty()) {
      h.append("<h3>Decisions that flip")
          .append(
              w.path("flipExamplesTruncated").asBoolean() ? " (first " + flips.size() + ")" : "")
          .append("</h3><table><tr><th>application</th>")
          .append("<th>client</th><th>recorded</th><th>candidate</th><th>target</th></tr>");
      for (JsonNode e : flips) {
        h.append("<tr><td class=\"mono\">")
            .append(Html.esc(e.path("applicationId").asString()))
            .append("</td><td>")
            .append(e.path("clientId").asString())
            .append("</td><td>")
            .append(
                Html.esc(
                    e.path("recordedOutcome").asString()
                        + " "
                        + e.path("recordedProbability").asString()))
            .append("</td><td>")
            .append(
                Html.esc(
                    e.path("candidateOutcome").asString()
                        + " "
                        + e.path("candidateProbability").asString()))
            .append("</td><td>")
            .append(Html.esc(e.path("target").asString("")))
            .append("</td></tr>");
      }
      h.append("</table>\n");
    }
  }

  /** Both sides' fairness tables side by side, per group, and the change. */
  static void fairness(StringBuilder h, JsonNode f) {
    if (f.isMissingNode()) {
      return; // a report written before fairness was measured
    }
    h.append("<h3>Fairness: recorded against candidate</h3><p><small>By sex and age band, read")
        .append(" from each decision's recorded features. Ratio: a group's approval rate over")
        .append(" the most-approved group's; below 0.8 is flagged (four-fifths rule). AUC and")
        .append(" default rate among the approved need labels.</small></p>")
        .append("<table class=\"fairness\"><tr><th>group</th><th>decisions</th>")
        .append("<th>approval recorded</th><th>approval candidate</th><th>ratio recorded</th>")
        .append("<th>ratio candidate</th><th>default rate approved rec. / cand.</th>")
        .append("<th>AUC rec. / cand.</th></tr>");
    JsonNode rec = f.path("recorded");
    JsonNode cand = f.path("candidate");
    for (int i = 0; i < rec.size() && i < cand.size(); i++) {
      JsonNode r = rec.get(i);
      JsonNode c = cand.get(i);
      boolean flagged =
          r.path("belowFourFifths").asBoolean() || c.path("belowFourFifths").asBoolean();
      h.append(flagged ? "<tr class=\"flagged\">" : "<tr>")
          .append("<td>")
          .append(Html.esc(r.path("dimension").asString() + " " + r.path("group").asString()))
          .append("</td><td>")
          .append(Html.esc(r.path("count").asString()))
          .append("</td><td>")
          .append(Html.pct(r.path("approvalRate")))
          .append("</td><td>")
          .append(Html.pct(c.path("approvalRate")))
          .append("</td><td>")
          .append(Html.esc(r.path("approvalRatio").asString()))
          .append(r.path("belowFourFifths").asBoolean() ? " (below 0.8)" : "")
          .append("</td><td>")
          .append(Html.esc(c.path("approvalRatio").asString()))
          .append(c.path("belowFourFifths").asBoolean() ? " (below 0.8)" : "")
          .append("</td><td>")
          .append(Html.esc(r.path("defaultRateAmongApproved").asString()))
          .append(" / ")
          .append(Html.esc(c.path("defaultRateAmongApproved").asString()))
          .append("</td><td>")
          .append(Html.esc(r.path("auc").asString()))
          .append(" / ")
          .append(Html.esc(c.path("auc").asString()))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }
}
