package io.creditstream.features.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.table.Progress.Mode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  private long now = 1_000 * SECOND;
  private final ByteArrayOutputStream terminalBytes = new ByteArrayOutputStream();
  private final PrintStream terminal = new PrintStream(terminalBytes, true, StandardCharsets.UTF_8);
  private final List<String> logLines = new ArrayList<>();

  private Progress progress(String step, String unit, Mode mode) {
    return new Progress(
        step,
        unit,
        mode,
        terminal,
        (format, args) -> logLines.add(MessageFormatter.arrayFormat(format, args).getMessage()),
        () -> now);
  }

  private String terminalText() {
    return terminalBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rendersBarPercentCountRateAndEtaWhenTheShareDoneIsKnown() {
    // 1,000,000 rows in 10 s, a quarter of the file: 30 s left at that speed
    assertThat(Progress.render("bureau.csv.gz", "rows", 1_000_000, 0.25, 10.0))
        .isEqualTo(
            "bureau.csv.gz [######                  ]  25% 1,000,000 rows 100,000 rows/s ETA 0:30");
  }

  @Test
  void rendersElapsedTimeInsteadOfAnEtaWhenTheTotalIsUnknown() {
    assertThat(Progress.render("fold 2/3", "rounds", 150, Double.NaN, 75.0))
        .isEqualTo("fold 2/3 150 rounds 2 rounds/s elapsed 1:15");
  }

  @Test
  void rendersAFullBarWithTheTotalTimeAtTheEnd() {
    assertThat(Progress.render("publishing", "clients", 3_600, 1.0, 3_723.0))
        .isEqualTo(
            "publishing [########################] 100% 3,600 clients 1 clients/s in 1:02:03");
  }

  @Test
  void rendersAnUnknownEtaBeforeAnythingIsDone() {
    // nothing read yet: no rate, no ETA, and no division by zero
    assertThat(Progress.render("x.csv", "rows", 0, 0.0, 0.0))
        .isEqualTo("x.csv [                        ]   0% 0 rows 0 rows/s ETA ?");
  }

  @Test
  void choosesTheTerminalOnlyWithAConsoleOutsideCi() {
    assertThat(Progress.modeFor(true, Map.of())).isEqualTo(Mode.TERMINAL);
    assertThat(Progress.modeFor(true, Map.of("TERM", "xterm-256color"))).isEqualTo(Mode.TERMINAL);
    // a pipe or a redirected output: no console
    assertThat(Progress.modeFor(false, Map.of())).isEqualTo(Mode.LOG);
    // CI runners (GitHub Actions, GitLab set CI=true) may have a pseudo-terminal that is logged
    assertThat(Progress.modeFor(true, Map.of("CI", "true"))).isEqualTo(Mode.LOG);
    assertThat(Progress.modeFor(true, Map.of("CI", "TRUE"))).isEqualTo(Mode.LOG);
    // a terminal that cannot move the cursor back
    assertThat(Progress.modeFor(true, Map.of("TERM", "dumb"))).isEqualTo(Mode.LOG);
    // CI set to something else is not a CI run
    assertThat(Progress.modeFor(true, Map.of("CI", "false"))).isEqualTo(Mode.TERMINAL);
  }

  @Test
  void redrawsOneTerminalLineAtMostFiveTimesASecondAndEndsItWhenDone() {
    // given a step on the terminal
    Progress p = progress("bureau.csv.gz", "rows", Mode.TERMINAL);

    // when updates come faster than the redraw interval
    now += 100_000_000L; // 0.1 s: too early, nothing drawn
    p.update(10_000, 0.1);
    now += 100_000_000L; // 0.2 s: drawn
    p.update(20_000, 0.2);
    now += 50_000_000L; // 0.25 s: too early again
    p.update(25_000, 0.25);
    now += 750_000_000L; // 1.0 s in all
    p.done(100_000, 1.0);

    // then the line is redrawn in place (carriage returns, one final newline) and nothing is logged
    assertThat(terminalText())
        .isEqualTo(
            "\rbureau.csv.gz [####                    ]  20% 20,000 rows 100,000 rows/s ETA 0:01"
                + "\rbureau.csv.gz [########################] 100% 100,000 rows 100,000 rows/s in"
                + " 0:01\n");
    assertThat(logLines).isEmpty();
  }

  @Test
  void padsAShorterRedrawOverTheLongerLineBefore() {
    Progress p = progress("fold 1/3", "rounds", Mode.TERMINAL);
    now += SECOND;
    p.update(1_000_000, Double.NaN); // "fold 1/3 1,000,000 rounds 1,000,000 rounds/s elapsed 0:01"
    now += 9 * SECOND;
    p.update(10, Double.NaN); // shorter: the rest of the old line must be blanked

    String[] draws = terminalText().split("\r", -1);
    assertThat(draws).hasSize(3);
    assertThat(draws[2]).startsWith("fold 1/3 10 rounds 1 rounds/s elapsed 0:10");
    assertThat(draws[2]).hasSameSizeAs(draws[1]).endsWith(" ");
  }

  @Test
  void logsAPlainLineEveryFiveSecondsWhenNotOnATerminal() {
    // given a step whose output is a log
    Progress p = progress("installments_payments.csv.gz", "rows", Mode.LOG);

    // when it reports every second for 11 s, then finishes
    for (int s = 1; s <= 11; s++) {
      now += SECOND;
      p.update(s * 100_000L, s / 20.0);
    }
    p.done(2_000_000, 1.0);

    // then one line at 5 s and one at 10 s, with rate, share and ETA; never a carriage return
    assertThat(logLines)
        .containsExactly(
            "installments_payments.csv.gz: 500000 rows, 100000 rows/s, 25% done, ETA 0:15",
            "installments_payments.csv.gz: 1000000 rows, 100000 rows/s, 50% done, ETA 0:10");
    assertThat(terminalText()).isEmpty();
  }

  @Test
  void logsCountAndRateOnlyWhenTheTotalIsUnknown() {
    Progress p = progress("fold 3/3", "rounds", Mode.LOG);
    now += 5 * SECOND;
    p.update(40, Double.NaN);

    assertThat(logLines).containsExactly("fold 3/3: 40 rounds, 8 rounds/s");
  }

  @Test
  void formatsDurations() {
    assertThat(Progress.duration(7.4)).isEqualTo("0:07");
    assertThat(Progress.duration(754)).isEqualTo("12:34");
    assertThat(Progress.duration(3_723)).isEqualTo("1:02:03");
    assertThat(Progress.duration(Double.POSITIVE_INFINITY)).isEqualTo("?");
  }
}
