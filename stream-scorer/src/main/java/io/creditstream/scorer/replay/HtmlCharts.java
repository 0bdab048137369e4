package io.creditstream.scorer.replay;

import io.creditstream.features.report.SvgWriter;
import java.util.List;
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
    SvgWriter svg = open(h, 700, 70, "reproduction");
    double x = 0;
    for (String[] p : parts) {
      long c = s.path(p[0]).asLong();
      double wdt = 680.0 * c / total;
      if (c > 0) {
        svg.start("rect", "x=" + f1(x), "y=5", "width=" + f1(wdt), "height=30", "fill=" + p[1]);
        svg.element("title", p[0] + ": " + c).end("rect");
      }
      x += wdt;
    }
    double lx = 0;
    for (String[] p : parts) {
      String count = SvgWriter.grouped(s.path(p[0]).asLong());
      String at = "x=" + SvgWriter.decimals(lx, 0);
      svg.empty("rect", at, "y=48", "width=12", "height=12", "fill=" + p[1]);
      String textAt = "x=" + SvgWriter.decimals(lx + 16, 0);
      svg.element("text", p[0] + " " + count, textAt, "y=59", "font-size=12");
      lx += 200;
    }
    svg.end("svg");
    h.append("\n<table><tr><th>decisions</th><th>identical</th><th>different</th>")
        .append("<th>not reproducible</th><th>of which unreadable</th><th>tampered</th></tr><tr>");
    for (String k :
        List.of(
            "decisions", "identical", "different", "notReproducible", "unreadable", "tampered")) {
      h.append("<td>").append(SvgWriter.grouped(s.path(k).asLong())).append("</td>");
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
    int axis = 10 + plotH;
    double bw = (width - left - 10.0) / bins;
    SvgWriter svg = open(h, width, height, "probability histogram");
    svg.empty("line", "x1=" + left, "y1=10", "x2=" + left, "y2=" + axis, "stroke=#999");
    svg.empty(
        "line", "x1=" + left, "y1=" + axis, "x2=" + (width - 10), "y2=" + axis, "stroke=#999");
    svg.element("text", SvgWriter.grouped(max), "x=5", "y=18", "font-size=11");
    for (int i = 0; i < bins; i++) {
      double x = left + i * bw;
      bar(
          svg,
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
        bar(
            svg,
            x + bw / 2,
            bw / 2 - 1,
            b.path(i).asLong(),
            max,
            plotH,
            Html.PURPLE,
            bName,
            i,
            bins);
      }
      if (i % 5 == 0) {
        String tick = SvgWriter.decimals((double) i / bins, 2);
        svg.element("text", tick, "x=" + f1(x), "y=" + (axis + 15), "font-size=11");
      }
    }
    svg.element("text", "1.00", "x=" + (width - 30), "y=" + (axis + 15), "font-size=11");
    legend(svg, left, height, Html.BLUE, aName);
    if (b != null) {
      legend(svg, left + 200, height, Html.PURPLE, bName);
    }
    svg.end("svg").newline();
  }

  /** An {@code <svg>} element written into the report, which holds the chart's name for readers. */
  private static SvgWriter open(StringBuilder h, int width, int height, String label) {
    return new SvgWriter(h)
        .start(
            "svg",
            "width=" + width,
            "height=" + height,
            "role=img",
            "aria-label=" + label,
            "xmlns=" + SvgWriter.NAMESPACE);
  }

  /** A series' colour and name under the histogram. */
  private static void legend(SvgWriter svg, int x, int height, String colour, String name) {
    svg.empty("rect", "x=" + x, "y=" + (height - 14), "width=12", "height=12", "fill=" + colour);
    svg.element("text", name, "x=" + (x + 16), "y=" + (height - 3), "font-size=12");
  }

  static void bar(
      SvgWriter svg,
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
    String range =
        "["
            + SvgWriter.decimals((double) bin / bins, 2)
            + ", "
            + SvgWriter.decimals((double) (bin + 1) / bins, 2)
            + ")";
    svg.start(
        "rect",
        "x=" + f1(x),
        "y=" + f1(10 + plotH - bh),
        "width=" + f1(Math.max(0.5, w)),
        "height=" + f1(bh),
        "fill=" + color);
    svg.element("title", name + " " + range + ": " + SvgWriter.grouped(count)).end("rect");
  }

  private static String f1(double v) {
    return SvgWriter.decimals(v, 1);
  }
}
