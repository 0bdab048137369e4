package io.creditstream.trainer.report;

import io.creditstream.features.report.Escaping;
import java.util.List;
import java.util.Locale;

/** Minimal inline-SVG line and bar charts drawn from data (no script, no external file). */
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
    StringBuilder s = open(title);
    axes(s, xLabel, yLabel, xMin, xMax, yMin, yMax);
    // Legend in the bottom-right corner, where ROC, cost and reliability curves leave room.
    int legendY = HEIGHT - BOTTOM - 10 - 16 * (series.size() - 1);
    for (Series line : series) {
      s.append("<polyline fill=\"none\" stroke=\"")
          .append(line.colour())
          .append("\" stroke-width=\"2\"")
          .append(line.dashed() ? " stroke-dasharray=\"5,4\"" : "")
          .append(" points=\"");
      for (int i = 0; i < line.x().length; i++) {
        s.append(fmt(px(line.x()[i], xMin, xMax)))
            .append(',')
            .append(fmt(py(line.y()[i], yMin, yMax)))
            .append(' ');
      }
      s.append("\"/>\n");
      s.append("<text x=\"")
          .append(WIDTH - RIGHT - 150)
          .append("\" y=\"")
          .append(legendY)
          .append("\" font-size=\"12\" fill=\"")
          .append(line.colour())
          .append("\">")
          .append(Escaping.html(line.label()))
          .append("</text>\n");
      legendY += 16;
    }
    return s.append("</svg>\n").toString();
  }

  static String marker(double x, double y, double xMin, double xMax, double yMin, double yMax) {
    return "<circle cx=\""
        + fmt(px(x, xMin, xMax))
        + "\" cy=\""
        + fmt(py(y, yMin, yMax))
        + "\" r=\"5\" fill=\"#d62728\"/>";
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
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH + 200)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Escaping.html(title))
        .append("\">\n");
    for (int i = 0; i < labels.size(); i++) {
      int y = TOP + i * rowHeight;
      double w = max == 0 ? 0 : (WIDTH + 200 - labelWidth - 80) * values[i] / max;
      s.append("<text x=\"")
          .append(labelWidth - 6)
          .append("\" y=\"")
          .append(y + 13)
          .append("\" font-size=\"12\" text-anchor=\"end\">")
          .append(Escaping.html(labels.get(i)))
          .append("</text>");
      s.append("<rect x=\"")
          .append(labelWidth)
          .append("\" y=\"")
          .append(y + 2)
          .append("\" width=\"")
          .append(fmt(w))
          .append("\" height=\"")
          .append(rowHeight - 4)
          .append("\" fill=\"#1f77b4\"/>");
      s.append("<text x=\"")
          .append(fmt(labelWidth + w + 4))
          .append("\" y=\"")
          .append(y + 13)
          .append("\" font-size=\"11\">")
          .append(String.format(Locale.ROOT, "%.1f", values[i]))
          .append("</text>\n");
    }
    return s.append("</svg>\n").toString();
  }

  private static StringBuilder open(String title) {
    return new StringBuilder()
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(Escaping.html(title))
        .append("\">\n");
  }

  private static void axes(
      StringBuilder s,
      String xLabel,
      String yLabel,
      double xMin,
      double xMax,
      double yMin,
      double yMax) {
    int x0 = LEFT;
    int y0 = HEIGHT - BOTTOM;
    s.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(WIDTH - LEFT - RIGHT)
        .append("\" height=\"")
        .append(HEIGHT - TOP - BOTTOM)
        .append("\" fill=\"none\" stroke=\"#999\"/>\n");
    for (int t = 0; t <= 4; t++) {
      double xv = xMin + (xMax - xMin) * t / 4;
      double yv = yMin + (yMax - yMin) * t / 4;
      s.append("<text x=\"")
          .append(fmt(px(xv, xMin, xMax)))
          .append("\" y=\"")
          .append(y0 + 15)
          .append("\" font-size=\"11\" text-anchor=\"middle\">")
          .append(tick(xv))
          .append("</text>");
      s.append("<text x=\"")
          .append(x0 - 5)
          .append("\" y=\"")
          .append(fmt(py(yv, yMin, yMax) + 4))
          .append("\" font-size=\"11\" text-anchor=\"end\">")
          .append(tick(yv))
          .append("</text>\n");
    }
    s.append("<text x=\"")
        .append((LEFT + WIDTH - RIGHT) / 2)
        .append("\" y=\"")
        .append(HEIGHT - 12)
        .append("\" font-size=\"12\" text-anchor=\"middle\">")
        .append(Escaping.html(xLabel))
        .append("</text>\n");
    s.append("<text transform=\"rotate(-90)\" x=\"")
        .append(-(TOP + y0) / 2)
        .append("\" y=\"14\"")
        .append(" font-size=\"12\" text-anchor=\"middle\">")
        .append(Escaping.html(yLabel))
        .append("</text>\n");
  }

  static double px(double x, double min, double max) {
    return LEFT + (WIDTH - LEFT - RIGHT) * (x - min) / (max - min);
  }

  static double py(double y, double min, double max) {
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (y - min) / (max - min);
  }

  private static String tick(double v) {
    return Math.abs(v) >= 10
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
