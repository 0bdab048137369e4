package io.creditstream.scorer.replay;

import io.creditstream.features.report.Escaping;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * What every part of the replay's HTML report shares: the palette, escaping ({@link Escaping}, the
 * product's one) and the table row, so no section can forget it (record text comes from Kafka).
 */
final class Html {

  static final String GREEN = "#2e7d32";
  static final String RED = "#c62828";
  static final String AMBER = "#ef6c00";
  static final String BLUE = "#1565c0";
  static final String PURPLE = "#6a1b9a";

  private Html() {}

  static String pct(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.2f%%", v.asDouble() * 100) : "n/a";
  }

  static void row(StringBuilder h, String k, String v) {
    h.append("<tr><th>")
        .append(Escaping.html(k))
        .append("</th><td>")
        .append(Escaping.html(v))
        .append("</td></tr>");
  }

  /**
   * A report field as text, as Jackson 2's {@code asText()} read it (the reports were written to be
   * read that way): an array or object as "", JSON null as "null", a missing field as "". Jackson
   * 3's {@code asString()} throws on containers and reads null as "".
   */
  static String text(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isContainer()) {
      return "";
    }
    return n.isNull() ? "null" : n.asString();
  }
}
