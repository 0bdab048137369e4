package io.creditstream.scorer.replay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay's progress: records read of the planned upper bound, drawn by the product's one progress
 * display ({@link io.creditstream.features.table.Progress}: a redrawn line on a terminal, a log
 * line every few seconds elsewhere); the replay logs its own summary (decisions checked, findings)
 * at the end. {@code --no-progress} shows nothing.
 */
final class Progress {

  private static final Logger log = LoggerFactory.getLogger(ReplayCommand.class);

  private final io.creditstream.features.table.Progress display; // null with --no-progress
  private long planned;
  private long read;

  Progress(boolean enabled) {
    this.display =
        enabled ? io.creditstream.features.table.Progress.start("replay", "records", log) : null;
  }

  void planned(long records) {
    this.planned = records;
  }

  void advance(long records) {
    read += records;
    if (display != null) {
      display.update(read, fraction());
    }
  }

  void done() {
    if (display != null) {
      display.done(read, fraction());
    }
  }

  /** The share of the planned records read; unknown (NaN) before a plan. */
  private double fraction() {
    return planned == 0 ? Double.NaN : Math.min(1.0, (double) read / planned);
  }
}
