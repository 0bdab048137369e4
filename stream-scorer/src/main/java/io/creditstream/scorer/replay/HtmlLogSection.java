package io.creditstream.scorer.replay;

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
    Html.row(h, "decisions topic", l.path("decisionsTopic").asString());
    Html.row(h, "checkpoints topic", l.path("checkpointsTopic").asString());
    Html.row(h, "records", l.path("records").asString());
    JsonNode g = l.path("guarantees");
    Html.row(
        h,
        "sealed (v3, v4)",
        g.path("sealed").asString() + ": " + g.path("sealedMeans").asString());
    Html.row(
        h,
        "content hash only (v1/v2)",
        g.path("contentHashOnly").asString() + ": " + g.path("contentHashOnlyMeans").asString());
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
    Html.row(h, "checkpoints read", l.path("checkpointsRead").asString());
    Html.row(h, "public keys", l.path("keyIds").asString());
    for (Iterator<Map.Entry<String, JsonNode>> it = l.path("findings").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Html.row(h, e.getKey().toLowerCase(Locale.ROOT), e.getValue().asString());
    }
    h.append("</table>\n<table><tr><th>chain (partition)</th><th>log start</th><th>end</th>")
        .append("<th>records</th><th>first sequence</th><th>last sequence</th></tr>");
    for (JsonNode c : l.path("chains")) {
      h.append("<tr>");
      for (String f :
          new String[] {
            "partition", "logStartOffset", "endOffset", "records", "firstSequence", "lastSequence"
          }) {
        h.append("<td>").append(Html.esc(c.path(f).asString())).append("</td>");
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
          h.append("<td>").append(Html.esc(e.path(f).asString())).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table>\n");
    }
  }
}
