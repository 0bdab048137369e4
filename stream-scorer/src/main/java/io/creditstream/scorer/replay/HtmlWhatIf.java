package io.creditstream.scorer.replay;

import io.creditstream.features.report.Escaping;
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
        .append(Escaping.html(Html.text(w.path("candidateVersion"))))
        .append("</span></h2><table>");
    Html.row(
        h,
        "decisions compared",
        Html.text(w.path("decisions"))
            + (w.path("skipped").asLong() > 0
                ? " (" + Html.text(w.path("skipped")) + " skipped: features unusable)"
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
    Html.row(h, "mean probability shift", Html.text(w.path("meanProbabilityShift")));
    Html.row(h, "outcomes recorded", w.path("recordedOutcomes").toString());
    Html.row(h, "outcomes candidate", w.path("candidateOutcomes").toString());
    Html.row(h, "flips", Html.text(w.path("flips")) + " " + w.path("flipsByKind").toString());
    h.append("</table>\n");
    fairness(h, w.path("fairness"));
    JsonNode l = w.path("labelled");
    if (!l.isMissingNode()) {
      h.append("<h3>Against known outcomes</h3><p>")
          .append(
              Escaping.html(
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
          h.append("<td>").append(Escaping.html(Html.text(c.path(k)))).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table><p><small>Cost: an approved client who defaults costs the card's")
          .append(" costFalseNegative, a declined client who repays its costFalsePositive")
          .append(" (recorded side: the card of the model that decided; candidate: ")
          .append(Escaping.html(Html.text(l.path("candidate").path("costFalseNegative"))))
          .append(" / ")
          .append(Escaping.html(Html.text(l.path("candidate").path("costFalsePositive"))))
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
            .append(Escaping.html(Html.text(e.path("applicationId"))))
            .append("</td><td>")
            .append(Html.text(e.path("clientId")))
            .append("</td><td>")
            .append(verdict(e, "recorded"))
            .append("</td><td>")
            .append(verdict(e, "candidate"))
            .append("</td><td>")
            .append(Escaping.html(e.path("target").asString("")))
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
          .append(Escaping.html(Html.text(r.path("dimension")) + " " + Html.text(r.path("group"))))
          .append("</td><td>")
          .append(Escaping.html(Html.text(r.path("count"))))
          .append("</td><td>")
          .append(Html.pct(r.path("approvalRate")))
          .append("</td><td>")
          .append(Html.pct(c.path("approvalRate")))
          .append("</td><td>")
          .append(Escaping.html(Html.text(r.path("approvalRatio"))))
          .append(r.path("belowFourFifths").asBoolean() ? " (below 0.8)" : "")
          .append("</td><td>")
          .append(Escaping.html(Html.text(c.path("approvalRatio"))))
          .append(c.path("belowFourFifths").asBoolean() ? " (below 0.8)" : "")
          .append("</td><td>")
          .append(Escaping.html(Html.text(r.path("defaultRateAmongApproved"))))
          .append(" / ")
          .append(Escaping.html(Html.text(c.path("defaultRateAmongApproved"))))
          .append("</td><td>")
          .append(Escaping.html(Html.text(r.path("auc"))))
          .append(" / ")
          .append(Escaping.html(Html.text(c.path("auc"))))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  /** The outcome and probability of one side of a flip ({@code recorded}, {@code candidate}). */
  private static String verdict(JsonNode e, String side) {
    return Escaping.html(
        Html.text(e.path(side + "Outcome")) + " " + Html.text(e.path(side + "Probability")));
  }
}
