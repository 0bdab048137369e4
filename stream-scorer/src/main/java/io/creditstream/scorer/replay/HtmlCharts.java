package io.creditstream.scorer.replay;

import io.creditstream.features.report.Escaping;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The report's inline SVG charts: the reproduction bar and the probability histogram (recorded, and
 * the candidate's beside it in a what-if). Inline SVG, not a script, so that the page renders under
 * the portal's sandboxing Content-Security-Policy.
 */
final class HtmlCharts {

  private HtmlCharts() {}

  static void statusBar(StringBuilder h, JsonNode s) {
    long total = Math.max(1, s.path("decisions").asLong());
    String[][] parts = {
      {"identical", Html.GREEN}, {"different", Html.RED}, {"notReproducible", Html.AMBER}
    };
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

  static void histogram(StringBuilder h, JsonNode a, JsonNode b, String aName, String bName) {
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
          Html.BLUE,
          aName,
          i,
          bins);
      if (b != null) {
        bar(h, x + bw / 2, bw / 2 - 1, b.path(i).asLong(), max, plotH, Html.PURPLE, bName, i, bins);
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
            Html.BLUE,
            left + 16,
            height - 3,
            Escaping.html(aName)));
    if (b != null) {
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>",
              left + 200,
              height - 14,
              Html.PURPLE,
              left + 216,
              height - 3,
              Escaping.html(bName)));
    }
    h.append("</svg>\n");
  }

  static void bar(
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
            Escaping.html(name),
            (double) bin / bins,
            (double) (bin + 1) / bins,
            count));
  }
}
