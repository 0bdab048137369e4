package io.creditstream.scorer.replay;

import io.creditstream.features.report.Escaping;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTML report for people, rendered from the JSON report (one source for both): a self-contained
 * page with inline CSS and inline SVG plots and no script, so it opens from a file and under the
 * portal's sandboxing Content-Security-Policy alike.
 *
 * <p>This class lays out the page and the replay's own tables; the log section ({@link
 * HtmlLogSection}), the charts ({@link HtmlCharts}) and the what-if ({@link HtmlWhatIf}) are
 * rendered apart, all with the escaping of {@link Html}.
 */
final class HtmlReport {

  private HtmlReport() {}

  static String render(ObjectNode r) {
    StringBuilder h = new StringBuilder(32 * 1024);
    JsonNode s = r.path("summary");
    JsonNode chain = r.path("log");
    boolean verifyOnly = "verify-only".equals(Html.text(r.path("mode")));
    boolean clean =
        (verifyOnly || s.path("allIdentical").asBoolean())
            && (chain.isMissingNode() || chain.path("clean").asBoolean());
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.append("<title>")
        .append(Escaping.html("Replay " + Html.text(r.path("report"))))
        .append("</title>");
    h.append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}")
        .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;")
        .append("vertical-align:top;font-size:.9em}th{background:#f3f3f3}")
        .append(".ok{background:#e8f5e9;border-left:6px solid " + Html.GREEN + "}")
        .append(".bad{background:#ffebee;border-left:6px solid " + Html.RED + "}")
        .append(".banner{padding:.8em 1em;font-size:1.2em;margin:1em 0}")
        .append("code,.mono{font-family:ui-monospace,monospace;font-size:.85em}")
        .append("small{color:#666}</style></head><body>\n");
    h.append("<h1>Decision replay</h1>");
    h.append("<div class=\"banner ").append(clean ? "ok" : "bad").append("\">");
    long n = s.path("decisions").asLong();
    if (verifyOnly) {
      h.append(
          Escaping.html(
              clean
                  ? String.format(
                      Locale.ROOT,
                      "The decision log verifies: %,d record(s), no findings.",
                      chain.path("records").asLong())
                  : "The decision log does not verify: see the findings below."));
    } else if (clean) {
      h.append(
          Escaping.html(
              String.format(
                  Locale.ROOT,
                  "All %,d decision(s) reproduced identically, features included; no tampering.",
                  n)));
    } else {
      h.append(
          Escaping.html(
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
      HtmlLogSection.decisionLog(h, chain);
    }
    if (verifyOnly) {
      h.append("</body></html>\n");
      return h.toString();
    }

    facts(h, r);
    HtmlCharts.statusBar(h, s);
    byModel(h, r.path("byModelVersion"));
    features(h, r.path("features"));

    JsonNode w = r.path("whatIf");
    h.append("<h2>Probability of default</h2>");
    HtmlCharts.histogram(
        h,
        s.path("recordedHistogram"),
        w.isMissingNode() ? null : w.path("candidateHistogram"),
        "recorded",
        w.isMissingNode() ? null : "candidate " + Html.text(w.path("candidateVersion")));

    JsonNode ex = r.path("examples");
    examples(h, "Tampered decisions (content hash does not match)", ex.path("tampered"), true);
    examples(h, "Different decisions", ex.path("different"), true);
    examples(h, "Decisions that cannot be reproduced", ex.path("notReproducible"), true);
    examples(h, "Feature differences", ex.path("featureDifferences"), true);
    missingIds(h, s.path("applicationIdsNotFound"));
    if (!w.isMissingNode()) {
      HtmlWhatIf.whatIf(h, w);
    }
    h.append("<h2>Model versions on the releases topic</h2><table><tr><th>version</th>")
        .append("<th>state</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it =
            r.path("modelVersionsOnTopic").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td class=\"mono\">")
          .append(Escaping.html(e.getKey()))
          .append("</td><td>")
          .append(Escaping.html(Html.text(e.getValue())))
          .append("</td></tr>");
    }
    h.append("</table>\n<p><small>Machine-readable: ")
        .append(Escaping.html(Html.text(r.path("report"))))
        .append(".json (same content).</small></p></body></html>\n");
    return h.toString();
  }

  private static void facts(StringBuilder h, JsonNode r) {
    h.append("<table>");
    Html.row(h, "selection", Html.text(r.path("selection")));
    Html.row(h, "decisions topic", Html.text(r.path("decisionsTopic")));
    Html.row(h, "applications topic", Html.text(r.path("applicationsTopic")));
    Html.row(
        h,
        "client-features topic",
        r.path("clientFeaturesTopic").isNull()
            ? "not read (--no-history-check)"
            : Html.text(r.path("clientFeaturesTopic")));
    Html.row(h, "model releases topic", Html.text(r.path("modelReleasesTopic")));
    Html.row(h, "feature set", Html.text(r.path("featureSetVersion")));
    Html.row(h, "policy", Html.text(r.path("policy")));
    Html.row(
        h,
        "started / finished",
        Html.text(r.path("startedAt")) + " / " + Html.text(r.path("finishedAt")));
    Html.row(
        h,
        "speed",
        String.format(
            Locale.ROOT,
            "%,.0f decisions/s over %.1f s",
            r.path("decisionsPerSecond").asDouble(),
            r.path("durationSeconds").asDouble()));
    Html.row(h, "exit code", Html.text(r.path("exitCode")));
    h.append("</table>\n");
  }

  private static void byModel(StringBuilder h, JsonNode m) {
    h.append("<h2>By model version</h2><table><tr><th>model version</th><th>decisions</th>")
        .append("<th>identical</th><th>different</th><th>not reproducible</th><th>tampered</th>")
        .append("</tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = m.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td class=\"mono\">").append(Escaping.html(e.getKey())).append("</td>");
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
      h.append("<tr><th>").append(Escaping.html(k[1])).append("</th>");
      for (String col : List.of("identical", "different", "notChecked", "notUsed")) {
        h.append("<td>").append(c.path(col).asLong()).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table><p>")
        .append(
            Escaping.html(
                String.format(
                    Locale.ROOT,
                    "Original applications found: %,d; not found: %,d.",
                    f.path("applicationsFound").asLong(),
                    f.path("applicationsNotFound").asLong())))
        .append("</p><p><small>")
        .append(Escaping.html(Html.text(f.path("note"))))
        .append("</small></p>\n");
  }

  private static void examples(StringBuilder h, String title, JsonNode list, boolean details) {
    if (!list.isArray() || list.isEmpty()) {
      return;
    }
    h.append("<h2>")
        .append(Escaping.html(title))
        .append("</h2><table><tr><th>application</th>")
        .append("<th>client</th><th>partition@offset</th><th>model</th><th>recorded</th>")
        .append("<th>replayed</th><th>details</th></tr>");
    for (JsonNode e : list) {
      h.append("<tr><td class=\"mono\">")
          .append(Escaping.html(e.path("applicationId").asString("")))
          .append("</td><td>")
          .append(Escaping.html(e.path("clientId").asString(e.path("key").asString(""))))
          .append("</td><td>")
          .append(Html.text(e.path("partition")))
          .append('@')
          .append(Html.text(e.path("offset")))
          .append("</td><td class=\"mono\">")
          .append(Escaping.html(e.path("modelVersion").asString("")))
          .append("</td><td>")
          .append(verdict(e, "recorded"))
          .append("</td><td>")
          .append(verdict(e, "replayed"))
          .append("</td><td>");
      if (e.has("reason")) {
        h.append(Escaping.html(Html.text(e.path("reason"))));
      }
      if (details) {
        for (JsonNode d : e.path("details")) {
          h.append(Escaping.html(Html.text(d))).append("<br>");
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
      h.append(Escaping.html(Html.text(id))).append(' ');
    }
    h.append("</p>\n");
  }

  /** The outcome and probability of one side of an example ({@code recorded}, {@code replayed}). */
  private static String verdict(JsonNode e, String side) {
    return Escaping.html(
        e.path(side + "Outcome").asString("") + " " + e.path(side + "Probability").asString(""));
  }
}
