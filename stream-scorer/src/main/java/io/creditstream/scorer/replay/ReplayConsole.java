package io.creditstream.scorer.replay;

import java.io.PrintWriter;

/**
 * What the replay prints on stdout for the person who ran it (and for scripts reading its lines):
 * the counts, the log's findings and the report files. The reports hold the details.
 */
final class ReplayConsole {

  private final PrintWriter out;

  ReplayConsole(PrintWriter out) {
    this.out = out;
  }

  /** The replay's findings, the what-if's flips, then where the reports are. */
  void summary(ReplaySummary s, WhatIf whatIf, ReportWriter.Written written) {
    out.printf(
        "%d decision(s): %d identical, %d different, %d not reproducible, %d tampered%n",
        s.records,
        s.count(Verdict.Status.IDENTICAL),
        s.count(Verdict.Status.DIFFERENT),
        s.count(Verdict.Status.NOT_REPRODUCIBLE),
        s.tampered);
    out.printf(
        "application features: %d identical, %d different, %d not checked;"
            + " history features: %d identical, %d different, %d not checked, %d not used%n",
        s.applicationChecks[Verdict.Check.IDENTICAL.ordinal()],
        s.applicationChecks[Verdict.Check.DIFFERENT.ordinal()],
        s.applicationChecks[Verdict.Check.NOT_CHECKED.ordinal()],
        s.historyChecks[Verdict.Check.IDENTICAL.ordinal()],
        s.historyChecks[Verdict.Check.DIFFERENT.ordinal()],
        s.historyChecks[Verdict.Check.NOT_CHECKED.ordinal()],
        s.historyChecks[Verdict.Check.NOT_USED.ordinal()]);
    if (!s.missingIds().isEmpty()) {
      out.printf(
          "%d requested application id(s) have no decision in the range%n", s.missingIds().size());
    }
    if (whatIf != null) {
      out.printf(
          "what-if %s: %d decision(s) flip%n", whatIf.candidate().version(), whatIf.flipCount());
      out.printf("what-if fairness (candidate - recorded): %s%n", whatIf.fairnessLine());
    }
    reports(written);
  }

  /** The log's verification in one line: records, and the count of each kind of finding. */
  void log(ChainAudit audit) {
    StringBuilder kinds = new StringBuilder();
    for (ChainAudit.Kind k : ChainAudit.Kind.values()) {
      if (audit.count(k) > 0) {
        kinds.append(kinds.isEmpty() ? "" : ", ").append(audit.count(k)).append(' ').append(k);
      }
    }
    out.printf(
        "log: %d record(s) verified, %s%n",
        audit.records(), kinds.isEmpty() ? "no findings" : kinds.toString());
    out.flush();
  }

  /** The two report files. */
  void reports(ReportWriter.Written written) {
    out.printf("report: %s%nreport: %s%n", written.json(), written.html());
    out.flush();
  }
}
