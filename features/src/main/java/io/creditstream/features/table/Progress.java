package io.creditstream.features.table;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Reports the progress of one long step (reading a table, a CV fold, publishing): on an interactive
 * terminal a single line on stderr redrawn at most 5 times a second (bar, count, rate, percentage
 * and ETA when the share done is known, elapsed time otherwise); anywhere else (pipes, CI, log
 * files) a plain log line every 5 s, which a redrawn line would turn into megabytes of carriage
 * returns.
 *
 * <p>Callers report cheaply and often with {@link #update}; only the clock decides when something
 * is written. {@link #done} ends the terminal line, so that the caller's summary log line starts on
 * a fresh one.
 */
public final class Progress {
  /** Where progress goes: a redrawn terminal line or periodic log lines. */
  public enum Mode {
    TERMINAL,
    LOG
  }

  /** Where log-mode lines go: {@code logger::info} (an SLF4J format and its arguments). */
  @FunctionalInterface
  interface LogSink {
    void info(String format, Object... arguments);
  }

  static final long TERMINAL_EVERY_NANOS = 200_000_000L;
  static final long LOG_EVERY_NANOS = 5_000_000_000L;
  static final int BAR_WIDTH = 24;

  private final String step;
  private final String unit;
  private final Mode mode;
  private final PrintStream terminal;
  private final LogSink log;
  private final LongSupplier clock;
  private final long start;
  private long lastReport;
  private int drawnWidth;
  private boolean finished;

  Progress(
      String step, String unit, Mode mode, PrintStream terminal, LogSink log, LongSupplier clock) {
    this.step = step;
    this.unit = unit;
    this.mode = mode;
    this.terminal = terminal;
    this.log = log;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastReport = start;
  }

  /**
   * Starts reporting {@code step} (e.g. a file name), counting {@code unit}s (e.g. "rows"), on the
   * terminal if this process has one, to {@code log} otherwise.
   */
  public static Progress start(String step, String unit, Logger log) {
    return new Progress(step, unit, detectMode(), System.err, log::info, System::nanoTime);
  }

  /** The mode for this process: see {@link #modeFor}. */
  public static Mode detectMode() {
    return modeFor(System.console() != null, System.getenv());
  }

  /**
   * A terminal line when the process has a console (stdin and stdout are a terminal), CI is not set
   * to true (CI runners may allocate a pseudo-terminal whose output ends up in a log) and the
   * terminal is not "dumb" (it cannot redraw a line).
   */
  static Mode modeFor(boolean hasConsole, Map<String, String> env) {
    boolean ci = "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
    boolean dumb = "dumb".equals(env.get("TERM"));
    return hasConsole && !ci && !dumb ? Mode.TERMINAL : Mode.LOG;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Reports {@code count} units done and, when known, the share of the whole done ({@code fraction}
   * in [0, 1]; NaN when the total is unknown). Writes only when its interval has passed.
   */
  public void update(long count, double fraction) {
    long now = clock.getAsLong();
    long every = mode == Mode.TERMINAL ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS;
    if (now - lastReport < every) {
      return;
    }
    lastReport = now;
    double seconds = (now - start) / 1e9;
    if (mode == Mode.TERMINAL) {
      draw(render(step, unit, count, fraction, seconds));
    } else if (Double.isNaN(fraction)) {
      log.info("{}: {} {}, {} {}/s", step, count, unit, rate(count, seconds), unit);
    } else {
      log.info(
          "{}: {} {}, {} {}/s, {}% done, ETA {}",
          step,
          count,
          unit,
          rate(count, seconds),
          unit,
          Math.round(100 * fraction),
          duration(eta(fraction, seconds)));
    }
  }

  /**
   * Ends the step: on the terminal, draws the last count (100% when {@code fraction} is 1) and ends
   * the line. Log mode writes nothing: the caller logs its own summary. Idempotent.
   */
  public void done(long count, double fraction) {
    if (finished) {
      return;
    }
    finished = true;
    if (mode == Mode.TERMINAL) {
      double seconds = (clock.getAsLong() - start) / 1e9;
      draw(render(step, unit, count, fraction, seconds));
      terminal.print('\n');
      terminal.flush();
    }
  }

  /** Seconds since the step started. */
  public double elapsedSeconds() {
    return (clock.getAsLong() - start) / 1e9;
  }

  private void draw(String line) {
    // Pads with spaces over the rest of a longer previous line, then returns to the line's start.
    StringBuilder out = new StringBuilder(line.length() + 8).append('\r').append(line);
    for (int i = line.length(); i < drawnWidth; i++) {
      out.append(' ');
    }
    drawnWidth = line.length();
    terminal.print(out);
    terminal.flush();
  }

  /**
   * The terminal line: {@code step [##### ] 42% 1,234,567 rows 210,000 rows/s ETA 0:13} when the
   * share done is known, {@code step 1,234 rounds 12 rounds/s elapsed 1:05} otherwise.
   */
  static String render(String step, String unit, long count, double fraction, double seconds) {
    String counted =
        String.format(Locale.ROOT, "%,d %s %,d %s/s", count, unit, rate(count, seconds), unit);
    if (Double.isNaN(fraction)) {
      return step + " " + counted + " elapsed " + duration(seconds);
    }
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.floor(f * BAR_WIDTH);
    String bar = "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled);
    String tail = f >= 1 ? " in " + duration(seconds) : " ETA " + duration(eta(f, seconds));
    return String.format(
        Locale.ROOT, "%s [%s] %3d%% %s%s", step, bar, (int) Math.floor(100 * f), counted, tail);
  }

  static long rate(long count, double seconds) {
    return seconds > 0 ? Math.round(count / seconds) : 0;
  }

  /** Seconds left at the average speed so far; infinite before anything is done. */
  static double eta(double fraction, double seconds) {
    return fraction > 0 ? seconds * (1 - fraction) / fraction : Double.POSITIVE_INFINITY;
  }

  /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}; {@code ?} when unknown. */
  static String duration(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", m, s % 60);
  }
}
