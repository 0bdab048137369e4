package io.creditstream.scorer.replay;

import io.creditstream.features.report.Escaping;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The report's section on the decision log ({@link ChainAudit}'s "log" JSON): guarantees, findings
 * per kind, the chains, examples with their offsets. Apart because {@code --verify-only} reports
 * show it alone.
 */
final class HtmlLogSection {

  private HtmlLogSection() {}

  /** The log's verification: guarantees, findings per kind, the chains, examples with offsets. */
  static void decisionLog(StringBuilder h, JsonNode l) {
    h.append("<h2>Decision log: seals, chains, checkpoints</h2><table>");
    Html.row(h, "decisions topic", Html.text(l.path("decisionsTopic")));
    Html.row(h, "checkpoints topic", Html.text(l.path("checkpointsTopic")));
    Html.row(h, "records", Html.text(l.path("records")));
    JsonNode g = l.path("guarantees");
    Html.row(
        h,
        "sealed (v3, v4)",
        Html.text(g.path("sealed")) + ": " + Html.text(g.path("sealedMeans")));
    Html.row(
        h,
        "content hash only (v1/v2)",
        Html.text(g.path("contentHashOnly")) + ": " + Html.text(g.path("contentHashOnlyMeans")));
    JsonNode forms = g.path("featureForms");
    Html.row(
        h,
        "features recorded as",
        "named doubles (v1) "
            + forms.path("named").asString("0")
            + ", double vector (v2/v3) "
            + forms.path("vector").asString("0")
            + ", float32 (v4, compact) "
            + forms.path("float32").asString("0"));
    Html.row(h, "checkpoints read", Html.text(l.path("checkpointsRead")));
    JsonNode dl = l.path("deadLetters");
    Html.row(
        h,
        "dead letters (" + Html.text(dl.path("topic")) + ")",
        dl.path("topicMissing").asBoolean()
            ? "topic missing: nothing was refused"
            : Html.text(dl.path("records"))
                + " read, "
                + Html.text(dl.path("sealed"))
                + " sealed by the scorer, "
                + Html.text(dl.path("beforeSeals"))
                + " from before seals: "
                + Html.text(dl.path("means")));
    Html.row(h, "public keys", Html.text(l.path("keyIds")));
    for (Iterator<Map.Entry<String, JsonNode>> it = l.path("findings").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Html.row(h, e.getKey().toLowerCase(Locale.ROOT), Html.text(e.getValue()));
    }
    h.append("</table>\n<table><tr><th>chain (partition)</th><th>log start</th><th>end</th>")
        .append("<th>records</th><th>first sequence</th><th>last sequence</th></tr>");
    for (JsonNode c : l.path("chains")) {
      h.append("<tr>");
      for (String f :
          new String[] {
            "partition", "logStartOffset", "endOffset", "records", "firstSequence", "lastSequence"
          }) {
        h.append("<td>").append(Escaping.html(Html.text(c.path(f)))).append("</td>");
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
          h.append("<td>").append(Escaping.html(Html.text(e.path(f)))).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table>\n");
    }
  }
}
