package io.creditstream.scorer.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report for people, rendered from the JSON report (one source for both): a self-contained
 * page with inline CSS and inline SVG plots and no script, so it opens from a file and under the
 * portal's sandboxing Content-Security-Policy alike.
 */
final class HtmlReport {

  private static final String GREEN = "#2e7d32";
  private static final String RED = "#c62828";
  private static final String AMBER = "#ef6c00";
  private static final String BLUE = "#1565c0";
  private static final String PURPLE = "#6a1b9a";

  private HtmlReport() {}

  static String render(ObjectNode r) {
    StringBuilder h = new StringBuilder(32 * 1024);
    JsonNode s = r.path("summary");
    JsonNode chain = r.path("log");
    boolean verifyOnly = "verify-only".equals(r.path("mode").asText());
    boolean clean =
        (verifyOnly || s.path("allIdentical").asBoolean())
            && (chain.isMissingNode() || chain.path("clean").asBoolean());
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.append("<title>").append(esc("Replay " + r.path("report").asText())).append("</title>");
    h.append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}")
        .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;")
        .append("vertical-align:top;font-size:.9em}th{background:#f3f3f3}")
        .append(".ok{background:#e8f5e9;border-left:6px solid " + GREEN + "}")
        .append(".bad{background:#ffebee;border-left:6px solid " + RED + "}")
        .append(".banner{padding:.8em 1em;font-size:1.2em;margin:1em 0}")
        .append("code,.mono{font-family:ui-monospace,monospace;font-size:.85em}")
        .append("small{color:#666}</style></head><body>\n");
    h.append("<h1>Decision replay</h1>");
    h.append("<div class=\"banner ").append(clean ? "ok" : "bad").append("\">");
    long n = s.path("decisions").asLong();
    if (verifyOnly) {
      h.append(
          esc(
              clean
                  ? String.format(
                      Locale.ROOT,
                      "The decision log verifies: %,d record(s), no findings.",
                      chain.path("records").asLong())
                  : "The decision log does not verify: see the findings below."));
    } else if (clean) {
      h.append(
          esc(
              String.format(
                  Locale.ROOT,
                  "All %,d decision(s) reproduced identically, features included; no tampering.",
                  n)));
    } else {
      h.append(
          esc(
              String.format(
                  Locale.ROOT,
                  "Findings: %,d of %,d decision(s) different, %,d not reproducible, %,d tampered.",
                  s.path("different").asLong(),
                  n,
                  s.path("notReproducible").asLong(),
                  s.path("tampered").asLong())));
    }
    h.append("</div>\n");
    if (!chain.isMissingNode()) {
      decisionLog(h, chain);
    }
    if (verifyOnly) {
      h.append("</body></html>\n");
      return h.toString();
    }

    facts(h, r);
    statusBar(h, s);
    byModel(h, r.path("byModelVersion"));
    features(h, r.path("features"));

    JsonNode w = r.path("whatIf");
    h.append("<h2>Probability of default</h2>");
    histogram(
        h,
        s.path("recordedHistogram"),
        w.isMissingNode() ? null : w.path("candidateHistogram"),
        "recorded",
        w.isMissingNode() ? null : "candidate " + w.path("candidateVersion").asText());

    JsonNode ex = r.path("examples");
    examples(h, "Tampered decisions (content hash does not match)", ex.path("tampered"), true);
    examples(h, "Different decisions", ex.path("different"), true);
    examples(h, "Decisions that cannot be reproduced", ex.path("notReproducible"), true);
    examples(h, "Feature differences", ex.path("featureDifferences"), true);
    missingIds(h, s.path("applicationIdsNotFound"));
    if (!w.isMissingNode()) {
      whatIf(h, w);
    }
    h.append("<h2>Model versions on the releases topic</h2><table><tr><th>version</th>")
        .append("<th>state</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("modelVersionsOnTopic").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td class=\"mono\">")
          .append(esc(e.getKey()))
          .append("</td><td>")
          .append(esc(e.getValue().asText()))
          .append("</td></tr>");
    }
    h.append("</table>\n<p><small>Machine-readable: ")
        .append(esc(r.path("report").asText()))
        .append(".json (same content).</small></p></body></html>\n");
    return h.toString();
  }

  /** The log's verification: guarantees, findings per kind, the chains, examples with offsets. */
  private static void decisionLog(StringBuilder h, JsonNode l) {
    h.append("<h2>Decision log: seals, chains, checkpoints</h2><table>");
    row(h, "decisions topic", l.path("decisionsTopic").asText());
    row(h, "checkpoints topic", l.path("checkpointsTopic").asText());
    row(h, "records", l.path("records").asText());
    JsonNode g = l.path("guarantees");
    row(h, "sealed (v3, v4)", g.path("sealed").asText() + ": " + g.path("sealedMeans").asText());
    row(
        h,
        "content hash only (v1/v2)",
        g.path("contentHashOnly").asText() + ": " + g.path("contentHashOnlyMeans").asText());
    JsonNode forms = g.path("featureForms");
    row(
        h,
        "features recorded as",
        "named doubles (v1) "
            + forms.path("named").asText("0")
            + ", double vector (v2/v3) "
            + forms.path("vector").asText("0")
            + ", float32 (v4, compact) "
            + forms.path("float32").asText("0"));
    row(h, "checkpoints read", l.path("checkpointsRead").asText());
    row(h, "public keys", l.path("keyIds").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = l.path("findings").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      row(h, e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
    }
    h.append("</table>\n<table><tr><th>chain (partition)</th><th>log start</th><th>end</th>")
        .append("<th>records</th><th>first sequence</th><th>last sequence</th></tr>");
    for (JsonNode c : l.path("chains")) {
      h.append("<tr>");
      for (String f :
          new String[] {
            "partition", "logStartOffset", "endOffset", "records", "firstSequence", "lastSequence"
          }) {
        h.append("<td>").append(esc(c.path(f).asText())).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>\n");
    if (l.path("examples").size() > 0) {
      h.append("<table><tr><th>finding</th><th>partition</th><th>offset</th><th>sequence</th>")
          .append("<th>what</th></tr>");
      for (JsonNode e : l.path("examples")) {
        h.append("<tr>");
        for (String f : new String[] {"kind", "partition", "offset", "sequence", "detail"}) {
          h.append("<td>").append(esc(e.path(f).asText())).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table>\n");
    }
  }

  private static void facts(StringBuilder h, JsonNode r) {
    h.append("<table>");
    row(h, "selection", r.path("selection").asText());
    row(h, "decisions topic", r.path("decisionsTopic").asText());
    row(h, "applications topic", r.path("applicationsTopic").asText());
    row(
        h,
        "client-features topic",
        r.path("clientFeaturesTopic").isNull()
            ? "not read (--no-history-check)"
            : r.path("clientFeaturesTopic").asText());
    row(h, "model releases topic", r.path("modelReleasesTopic").asText());
    row(h, "feature set", r.path("featureSetVersion").asText());
    row(h, "policy", r.path("policy").asText());
    row(
        h,
        "started / finished",
        r.path("startedAt").asText() + " / " + r.path("finishedAt").asText());
    row(
        h,
        "speed",
        String.format(
            Locale.ROOT,
            "%,.0f decisions/s over %.1f s",
            r.path("decisionsPerSecond").asDouble(),
            r.path("durationSeconds").asDouble()));
    row(h, "exit code", r.path("exitCode").asText());
    h.append("</table>\n");
  }

  private static void statusBar(StringBuilder h, JsonNode s) {
    long total = Math.max(1, s.path("decisions").asLong());
    String[][] parts = {{"identical", GREEN}, {"different", RED}, {"notReproducible", AMBER}};
    h.append("<h2>Reproduction</h2>");
    h.append("<svg width=\"700\" height=\"70\" role=\"img\" aria-label=\"reproduction\" ")
        .append("xmlns=\"http://www.w3.org/2000/svg\">");
    double x = 0;
    for (String[] p : parts) {
      long c = s.path(p[0]).asLong();
      double wdt = 680.0 * c / total;
      if (c > 0) {
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"5\" width=\"%.1f\" height=\"30\" fill=\"%s\"><title>%s: %d"
                    + "</title></rect>",
                x,
                wdt,
                p[1],
                p[0],
                c));
      }
      x += wdt;
    }
    double lx = 0;
    for (String[] p : parts) {
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.0f\" y=\"48\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%.0f\" y=\"59\" font-size=\"12\">%s %,d</text>",
              lx,
              p[1],
              lx + 16,
              p[0],
              s.path(p[0]).asLong()));
      lx += 200;
    }
    h.append("</svg>\n<table><tr><th>decisions</th><th>identical</th><th>different</th>")
        .append("<th>not reproducible</th><th>of which unreadable</th><th>tampered</th></tr><tr>");
    for (String k :
        List.of(
            "decisions", "identical", "different", "notReproducible", "unreadable", "tampered")) {
      h.append("<td>")
          .append(String.format(Locale.ROOT, "%,d", s.path(k).asLong()))
          .append("</td>");
    }
    h.append("</tr></table>\n");
  }

  private static void byModel(StringBuilder h, JsonNode m) {
    h.append("<h2>By model version</h2><table><tr><th>model version</th><th>decisions</th>")
        .append("<th>identical</th><th>different</th><th>not reproducible</th><th>tampered</th>")
        .append("</tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td class=\"mono\">").append(esc(e.getKey())).append("</td>");
      for (String k :
          List.of("decisions", "identical", "different", "notReproducible", "tampered")) {
        h.append("<td>").append(e.getValue().path(k).asLong()).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>\n");
  }

  private static void features(StringBuilder h, JsonNode f) {
    h.append("<h2>Features</h2><table><tr><th></th><th>identical</th><th>different</th>")
        .append("<th>not checked</th><th>not used</th></tr>");
    for (String[] k :
        new String[][] {
          {"applicationFeatures", "application features (recomputed)"},
          {"historyFeatures", "history features (client-features)"}
        }) {
      JsonNode c = f.path(k[0]);
      h.append("<tr><th>").append(esc(k[1])).append("</th>");
      for (String col : List.of("identical", "different", "notChecked", "notUsed")) {
        h.append("<td>").append(c.path(col).asLong()).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table><p>")
        .append(
            esc(
                String.format(
                    Locale.ROOT,
                    "Original applications found: %,d; not found: %,d.",
                    f.path("applicationsFound").asLong(),
                    f.path("applicationsNotFound").asLong())))
        .append("</p><p><small>")
        .append(esc(f.path("note").asText()))
        .append("</small></p>\n");
  }

  private static void histogram(
      StringBuilder h, JsonNode a, JsonNode b, String aName, String bName) {
    int bins = a.size();
    if (bins == 0) {
      return;
    }
    long max = 1;
    for (int i = 0; i < bins; i++) {
      max = Math.max(max, a.get(i).asLong());
      if (b != null) {
        max = Math.max(max, b.path(i).asLong());
      }
    }
    int width = 700;
    int height = 220;
    int left = 50;
    int plotH = 160;
    double bw = (width - left - 10.0) / bins;
    h.append("<svg width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"probability histogram\" ")
        .append("xmlns=\"http://www.w3.org/2000/svg\">");
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<text x=\"5\" y=\"18\" font-size=\"11\">%,d</text>",
            left,
            left,
            10 + plotH,
            left,
            10 + plotH,
            width - 10,
            10 + plotH,
            max));
    for (int i = 0; i < bins; i++) {
      double x = left + i * bw;
      bar(
          h,
          x + 1,
          bw / (b == null ? 1 : 2) - 1,
          a.get(i).asLong(),
          max,
          plotH,
          BLUE,
          aName,
          i,
          bins);
      if (b != null) {
        bar(h, x + bw / 2, bw / 2 - 1, b.path(i).asLong(), max, plotH, PURPLE, bName, i, bins);
      }
      if (i % 5 == 0) {
        h.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%.2f</text>",
                x,
                10 + plotH + 15,
                (double) i / bins));
      }
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\">1.00</text>",
            width - 30,
            10 + plotH + 15));
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>",
            left,
            height - 14,
            BLUE,
            left + 16,
            height - 3,
            esc(aName)));
    if (b != null) {
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>",
              left + 200,
              height - 14,
              PURPLE,
              left + 216,
              height - 3,
              esc(bName)));
    }
    h.append("</svg>\n");
  }

  private static void bar(
      StringBuilder h,
      double x,
      double w,
      long count,
      long max,
      int plotH,
      String color,
      String name,
      int bin,
      int bins) {
    double bh = plotH * (double) count / max;
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s [%.2f, %.2f): %,d</title></rect>",
            x,
            10 + plotH - bh,
            Math.max(0.5, w),
            bh,
            color,
            esc(name),
            (double) bin / bins,
            (double) (bin + 1) / bins,
            count));
  }

  private static void examples(StringBuilder h, String title, JsonNode list, boolean details) {
    if (!list.isArray() || list.isEmpty()) {
      return;
    }
    h.append("<h2>")
        .append(esc(title))
        .append("</h2><table><tr><th>application</th>")
        .append("<th>client</th><th>partition@offset</th><th>model</th><th>recorded</th>")
        .append("<th>replayed</th><th>details</th></tr>");
    for (JsonNode e : list) {
      h.append("<tr><td class=\"mono\">")
          .append(esc(e.path("applicationId").asText("")))
          .append("</td><td>")
          .append(esc(e.path("clientId").asText(e.path("key").asText(""))))
          .append("</td><td>")
          .append(e.path("partition").asText())
          .append('@')
          .append(e.path("offset").asText())
          .append("</td><td class=\"mono\">")
          .append(esc(e.path("modelVersion").asText("")))
          .append("</td><td>")
          .append(
              esc(
                  e.path("recordedOutcome").asText("")
                      + " "
                      + e.path("recordedProbability").asText("")))
          .append("</td><td>")
          .append(
              esc(
                  e.path("replayedOutcome").asText("")
                      + " "
                      + e.path("replayedProbability").asText("")))
          .append("</td><td>");
      if (e.has("reason")) {
        h.append(esc(e.path("reason").asText()));
      }
      if (details) {
        for (JsonNode d : e.path("details")) {
          h.append(esc(d.asText())).append("<br>");
        }
      }
      h.append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void missingIds(StringBuilder h, JsonNode ids) {
    if (!ids.isArray() || ids.isEmpty()) {
      return;
    }
    h.append(
        "<h2>Requested application ids without a decision in the range</h2><p class=\"mono\">");
    for (JsonNode id : ids) {
      h.append(esc(id.asText())).append(' ');
    }
    h.append("</p>\n");
  }

  /** Both sides' fairness tables side by side, per group, and the change. */
  private static void fairness(StringBuilder h, JsonNode f) {
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
          .append(esc(r.path("dimension").asText() + " " + r.path("group").asText()))
          .append("</td><td>")
          .append(esc(r.path("count").asText()))
          .append("</td><td>")
          .append(pct(r.path("approvalRate")))
          .append("</td><td>")
          .append(pct(c.path("approvalRate")))
          .append("</td><td>")
          .append(esc(r.path("approvalRatio").asText()))
          .append(r.path("belowFourFifths").asBoolean() ? " (below 0.8)" : "")
          .append("</td><td>")
          .append(esc(c.path("approvalRatio").asText()))
          .append(c.path("belowFourFifths").asBoolean() ? " (below 0.8)" : "")
          .append("</td><td>")
          .append(esc(r.path("defaultRateAmongApproved").asText()))
          .append(" / ")
          .append(esc(c.path("defaultRateAmongApproved").asText()))
          .append("</td><td>")
          .append(esc(r.path("auc").asText()))
          .append(" / ")
          .append(esc(c.path("auc").asText()))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void whatIf(StringBuilder h, JsonNode w) {
    h.append("<h2>What if: candidate model <span class=\"mono\">")
        .append(esc(w.path("candidateVersion").asText()))
        .append("</span></h2><table>");
    row(
        h,
        "decisions compared",
        w.path("decisions").asText()
            + (w.path("skipped").asLong() > 0
                ? " (" + w.path("skipped").asText() + " skipped: features unusable)"
                : ""));
    row(
        h,
        "approval rate",
        pct(w.path("recordedApprovalRate"))
            + " recorded, "
            + pct(w.path("candidateApprovalRate"))
            + " candidate (change "
            + pct(w.path("approvalRateChange"))
            + ")");
    row(h, "mean probability shift", w.path("meanProbabilityShift").asText());
    row(h, "outcomes recorded", w.path("recordedOutcomes").toString());
    row(h, "outcomes candidate", w.path("candidateOutcomes").toString());
    row(h, "flips", w.path("flips").asText() + " " + w.path("flipsByKind").toString());
    h.append("</table>\n");
    fairness(h, w.path("fairness"));
    JsonNode l = w.path("labelled");
    if (!l.isMissingNode()) {
      h.append("<h3>Against known outcomes</h3><p>")
          .append(
              esc(
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
          h.append("<td>").append(esc(c.path(k).asText())).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table><p><small>Cost: an approved client who defaults costs the card's")
          .append(" costFalseNegative, a declined client who repays its costFalsePositive")
          .append(" (recorded side: the card of the model that decided; candidate: ")
          .append(esc(l.path("candidate").path("costFalseNegative").asText()))
          .append(" / ")
          .append(esc(l.path("candidate").path("costFalsePositive").asText()))
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
            .append(esc(e.path("applicationId").asText()))
            .append("</td><td>")
            .append(e.path("clientId").asText())
            .append("</td><td>")
            .append(
                esc(
                    e.path("recordedOutcome").asText()
                        + " "
                        + e.path("recordedProbability").asText()))
            .append("</td><td>")
            .append(
                esc(
                    e.path("candidateOutcome").asText()
                        + " "
                        + e.path("candidateProbability").asText()))
            .append("</td><td>")
            .append(esc(e.path("target").asText("")))
            .append("</td></tr>");
      }
      h.append("</table>\n");
    }
  }

  private static String pct(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.2f%%", v.asDouble() * 100) : "n/a";
  }

  private static void row(StringBuilder h, String k, String v) {
    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
