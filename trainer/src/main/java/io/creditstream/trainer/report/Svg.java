package io.creditstream.trainer.report;

import io.creditstream.features.report.SvgWriter;
import java.util.List;

/**
 * The training report's line and bar charts drawn from data: laid out here, written by the
 * product's one {@link SvgWriter}.
 */
final class Svg {
  static final int WIDTH = 520;
  static final int HEIGHT = 360;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 20;
  private static final int BOTTOM = 50;

  private Svg() {}

  record Series(String label, String colour, double[] x, double[] y, boolean dashed) {}

  static String lines(
      String title,
      String xLabel,
      String yLabel,
      double xMin,
      double xMax,
      double yMin,
      double yMax,
      List<Series> series) {
    SvgWriter svg = open(title, WIDTH, HEIGHT);
    axes(svg, xLabel, yLabel, xMin, xMax, yMin, yMax);
    // Legend in the bottom-right corner, where ROC, cost and reliability curves leave room.
    int legendY = HEIGHT - BOTTOM - 10 - 16 * (series.size() - 1);
    for (Series line : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < line.x().length; i++) {
        points
            .append(fmt(px(line.x()[i], xMin, xMax)))
            .append(',')
            .append(fmt(py(line.y()[i], yMin, yMax)))
            .append(' ');
      }
      String dash = line.dashed() ? "stroke-dasharray=5,4" : null;
      String colour = line.colour();
      svg.empty(
          "polyline", "fill=none", "stroke=" + colour, "stroke-width=2", dash, "points=" + points);
      svg.newline();
      int x = WIDTH - RIGHT - 150;
      svg.element("text", line.label(), "x=" + x, "y=" + legendY, "font-size=12", "fill=" + colour);
      svg.newline();
      legendY += 16;
    }
    return svg.end("svg").newline().toString();
  }

  static String marker(double x, double y, double xMin, double xMax, double yMin, double yMax) {
    String cx = fmt(px(x, xMin, xMax));
    String cy = fmt(py(y, yMin, yMax));
    return new SvgWriter()
        .empty("circle", "cx=" + cx, "cy=" + cy, "r=5", "fill=#d62728")
        .toString();
  }

  /** Horizontal bars, largest first. */
  static String bars(String title, List<String> labels, double[] values) {
    int rowHeight = 18;
    int labelWidth = 260;
    int height = TOP + rowHeight * labels.size() + 20;
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    SvgWriter svg = open(title, WIDTH + 200, height);
    for (int i = 0; i < labels.size(); i++) {
      int y = TOP + i * rowHeight;
      double w = max == 0 ? 0 : (WIDTH + 200 - labelWidth - 80) * values[i] / max;
      svg.element(
          "text",
          labels.get(i),
          "x=" + (labelWidth - 6),
          "y=" + (y + 13),
          "font-size=12",
          "text-anchor=end");
      svg.empty(
          "rect",
          "x=" + labelWidth,
          "y=" + (y + 2),
          "width=" + fmt(w),
          "height=" + (rowHeight - 4),
          "fill=#1f77b4");
      svg.element(
          "text", fmt(values[i]), "x=" + fmt(labelWidth + w + 4), "y=" + (y + 13), "font-size=11");
      svg.newline();
    }
    return svg.end("svg").newline().toString();
  }

  private static SvgWriter open(String title, int width, int height) {
    return new SvgWriter()
        .start(
            "svg",
            "xmlns=" + SvgWriter.NAMESPACE,
            "width=" + width,
            "height=" + height,
            "role=img",
            "aria-label=" + title)
        .newline();
  }

  private static void axes(
      SvgWriter svg,
      String xLabel,
      String yLabel,
      double xMin,
      double xMax,
      double yMin,
      double yMax) {
    int x0 = LEFT;
    int y0 = HEIGHT - BOTTOM;
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    svg.empty(
        "rect",
        "x=" + LEFT,
        "y=" + TOP,
        "width=" + plotWidth,
        "height=" + plotHeight,
        "fill=none",
        "stroke=#999");
    svg.newline();
    for (int t = 0; t <= 4; t++) {
      double xv = xMin + (xMax - xMin) * t / 4;
      double yv = yMin + (yMax - yMin) * t / 4;
      String xAt = "x=" + fmt(px(xv, xMin, xMax));
      svg.element("text", tick(xv), xAt, "y=" + (y0 + 15), "font-size=11", "text-anchor=middle");
      String yAt = "y=" + fmt(py(yv, yMin, yMax) + 4);
      svg.element("text", tick(yv), "x=" + (x0 - 5), yAt, "font-size=11", "text-anchor=end");
      svg.newline();
    }
    String xMid = "x=" + (LEFT + WIDTH - RIGHT) / 2;
    svg.element("text", xLabel, xMid, "y=" + (HEIGHT - 12), "font-size=12", "text-anchor=middle");
    svg.newline();
    String yMid = "x=" + (-(TOP + y0) / 2);
    svg.element(
        "text",
        yLabel,
        "transform=rotate(-90)",
        yMid,
        "y=14",
        "font-size=12",
        "text-anchor=middle");
    svg.newline();
  }

  static double px(double x, double min, double max) {
    return LEFT + (WIDTH - LEFT - RIGHT) * (x - min) / (max - min);
  }

  static double py(double y, double min, double max) {
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (y - min) / (max - min);
  }

  private static String tick(double v) {
    return Math.abs(v) >= 10 ? SvgWriter.decimals(v, 0) : SvgWriter.decimals(v, 2);
  }

  static String fmt(double v) {
    return SvgWriter.decimals(v, 1);
  }
}
