package io.creditstream.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run, in the order they were measured; output: one line of {@code
 * name=value} pairs (numbers with at most three decimals), which each command prints last.
 */
public final class Figures {
  private final Map<String, String> values = new LinkedHashMap<>();

  /**
   * The figures of a run that starts now: its date and the machine's load before it ({@code
   * load_start}), first on every benchmark's line.
   */
  public static Figures started() {
    return new Figures().put("date", java.time.Instant.now().toString()).putLoad("load_start");
  }

  /** Adds the load after the run ({@code load_end}) and returns the line to print. */
  public String finished() {
    putLoad("load_end");
    return line();
  }

  public Figures put(String name, double value) {
    values.put(check(name), format(value));
    return this;
  }

  public Figures put(String name, String value) {
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "figure " + name + " must be one word without spaces, got '" + value + "'");
    }
    values.put(check(name), value);
    return this;
  }

  /** The 1-minute load average of the machine now (-1 where the OS does not say). */
  public Figures putLoad(String name) {
    return put(name, loadAverage());
  }

  public static double loadAverage() {
    try {
      String first = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      return Double.parseDouble(first);
    } catch (IOException | RuntimeException notLinux) {
      return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage();
    }
  }

  public String line() {
    StringBuilder out = new StringBuilder();
    values.forEach(
        (k, v) -> {
          if (out.length() > 0) {
            out.append(' ');
          }
          out.append(k).append('=').append(v);
        });
    return out.toString();
  }

  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    if (Math.abs(value) < 0.001) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static String check(String name) {
    if (!name.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("figure name must be snake_case, got '" + name + "'");
    }
    return name;
  }
}
