package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The replay's options on their own: parsed by picocli, validated into a job, no Kafka read. */
class ReplayOptionsTest {

  @TempDir Path dir;

  private ReplayOptions parse(String... args) {
    ReplayCommand command = new ReplayCommand();
    new CommandLine(command).parseArgs(args);
    return command.options;
  }

  @Test
  void turnsAValidCommandLineIntoAJob() throws Exception {
    // given ids on the command line and in a file with comments, a date range and renamed topics
    Path ids = dir.resolve("ids.txt");
    Files.writeString(ids, "# audit 42\nA-2 # the second\n\nA-3\n");
    ReplayOptions options =
        parse(
            "--from=2026-11-25",
            "--to=2026-11-26T12:00:00Z",
            "--application-ids=A-1, A-2",
            "--ids-file=" + ids,
            "--application-margin=PT5M",
            "--set=topic.loan-decisions=audited-decisions",
            "--registry-url=mock://replay-options",
            "--report-dir=" + dir.resolve("reports"),
            "--chunk-size=10",
            "--no-progress",
            "--no-history-check");

    // when
    ReplayJob job = options.job();

    // then a date means midnight UTC, ids are trimmed and kept once, in order
    assertThat(job.selection().from()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
    assertThat(job.selection().to()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
    assertThat(job.selection().applicationIds()).containsExactlyInAnyOrder("A-1", "A-2", "A-3");
    assertThat(job.selection().margin()).isEqualTo(Duration.ofMinutes(10));
    assertThat(job.applicationMargin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(job.topics().loanDecisions().name()).isEqualTo("audited-decisions");
    assertThat(job.chunkSize()).isEqualTo(10);
    assertThat(job.maxExamples()).isEqualTo(100);
    assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(job.progress()).isFalse();
    assertThat(job.noHistoryCheck()).isTrue();
    assertThat(job.verifyOnly()).isFalse();
    assertThat(job.candidateVersion()).isNull();
    assertThat(job.labels()).isNull();
    // and the report directory exists before anything is read
    assertThat(dir.resolve("reports")).isDirectory();
  }

  @Test
  void namesTheSelectionBeforeTheConfigurationWhenBothAreWrong() {
    // given a reversed range and a configuration file that does not exist
    ReplayOptions options =
        parse(
            "--from=2026-11-26",
            "--to=2026-11-25",
            "--config=" + dir.resolve("missing.properties"),
            "--report-dir=" + dir);

    // then the range is named first, as a bad argument
    assertThatThrownBy(options::job)
        .isInstanceOf(ReplayException.class)
        .hasMessage("--from (2026-11-26T00:00:00Z) must be before --to (2026-11-25T00:00:00Z)")
        .matches(e -> ((ReplayException) e).exitCode() == ReplayCommand.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void refusesAnIdsFileWithoutIdsAndLabelsWithoutACandidate() throws Exception {
    Path empty = dir.resolve("empty.txt");
    Files.writeString(empty, "# nothing here\n\n");

    assertThatThrownBy(() -> parse("--ids-file=" + empty, "--report-dir=" + dir).job())
        .hasMessage("The ids file " + empty + " holds no id");
    assertThatThrownBy(() -> parse("--labels=" + empty, "--report-dir=" + dir).job())
        .hasMessage("--labels needs --candidate-version");
  }
}
