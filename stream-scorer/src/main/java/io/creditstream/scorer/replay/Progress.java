package io.creditstream.scorer.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress report on stderr, rewritten in place at most four times a second: records
 * read of the planned upper bound, decisions checked, findings, rate.
 */
final class Progress {

  private final PrintStream out;
  private final boolean enabled;
  private long planned;
  private long read;
  private long checked;
  private long findings;
  private final long started = System.nanoTime();
  private long lastPrint;

  Progress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  void planned(long records) {
    this.planned = records;
  }

  void advance(long records) {
    read += records;
    maybePrint();
  }

  void checked(long decisions, long findingsSoFar) {
    checked += decisions;
    findings = findingsSoFar;
    maybePrint();
  }

  private void maybePrint() {
    long now = System.nanoTime();
    if (enabled && now - lastPrint > 250_000_000L) {
      lastPrint = now;
      out.print("\r" + line(now));
      out.flush();
    }
  }

  void done() {
    if (enabled) {
      out.println("\r" + line(System.nanoTime()));
      out.flush();
    }
  }

  private String line(long now) {
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    int percent = planned == 0 ? 100 : (int) Math.min(100, read * 100 / planned);
    int width = 24;
    int filled = percent * width / 100;
    return String.format(
        Locale.ROOT,
        "replay [%s%s] %3d%%  %,d/%,d records, %,d decisions checked, %,d finding(s), %,.0f/s",
        "#".repeat(filled),
        ".".repeat(width - filled),
        percent,
        read,
        planned,
        checked,
        findings,
        read / seconds);
  }
}
