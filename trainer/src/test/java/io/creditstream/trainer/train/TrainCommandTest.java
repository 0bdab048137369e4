package io.creditstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.model.ScoringModel;
import io.creditstream.testkit.HomeCreditData;
import io.creditstream.trainer.TrainerCli;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void writesModelCardAndReportAndPrintsOneLineOfFigures() throws Exception {
    // given 1,500 real labelled rows in a data directory
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    copyHead(1500, data.resolve("application_train.csv"));
    Path out = dir.resolve("out");

    // when the train command runs through the CLI
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new TrainerCli())
              .execute(
                  "train",
                  "--data",
                  data.toString(),
                  "--application-only",
                  "--folds",
                  "3",
                  "--trials",
                  "1",
                  "--max-rounds",
                  "20",
                  "--early-stopping",
                  "5",
                  "--out",
                  out.toString());
    } finally {
      System.setOut(original);
    }

    // then the three files exist, reload together, and the figures line is printed
    assertThat(exit).isZero();
    byte[] model = Files.readAllBytes(out.resolve("model.ubj"));
    String card = Files.readString(out.resolve("model-card.json"));
    assertThat(ScoringModel.load(model, card).card().metrics()).containsKey("cv_auc");
    assertThat(Files.readString(out.resolve("report.html"))).contains("<svg");
    assertThat(stdout.toString(StandardCharsets.UTF_8).trim())
        .matches(
            "cv_auc=0\\.\\d{4} cv_auc_std=\\S+ pr_auc=\\S+ brier=\\S+ threshold=\\S+"
                + " cost_per_applicant=\\S+ cost_accept_all=\\S+ cost_refuse_all=\\S+ rows=1500"
                + " malformed=0 model=[0-9a-f]{16} train_seconds=\\S+ total_seconds=\\S+"
                + " protected=CODE_GENDER fair_groups_below_four_fifths=\\d+");
    assertThat(ScoringModel.load(model, card).card().protectedAttributes())
        .containsExactly("CODE_GENDER");
  }

  @Test
  void loadOnlyReadsTheTablesPrintsTheCountsAndTrainsNothing() throws Exception {
    // given 300 real labelled rows in a data directory
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    copyHead(300, data.resolve("application_train.csv"));
    Path out = dir.resolve("out");

    // when the train command runs with --load-only
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new TrainerCli())
              .execute("train", "--data", data.toString(), "--load-only", "--out", out.toString());
    } finally {
      System.setOut(original);
    }

    // then it prints the counts and writes no model
    assertThat(exit).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8).trim())
        .matches("rows=300 features=\\d+ defaulters=\\d+ malformed=0 load_seconds=\\S+");
    assertThat(out).doesNotExist();
  }

  @Test
  void refusesFewerThanOneHistoryPassAsABadArgument() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new TrainerCli());
    cli.setErr(new java.io.PrintWriter(stderr, true, StandardCharsets.UTF_8));

    int exit = cli.execute("train", "--data", dir.toString(), "--history-passes", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("--history-passes must be at least 1, got 0");
  }

  @Test
  void failsWithAClearMessageWhenNoApplicationFileIsThere() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new TrainerCli());
    cli.setErr(new java.io.PrintWriter(stderr, true, StandardCharsets.UTF_8));

    int exit = cli.execute("train", "--data", dir.toString(), "--out", dir.resolve("o").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("--data " + dir + ": no labelled application file")
        .doesNotContain("\tat "); // a message for a person, not a stack trace
  }

  @Test
  void refusesADataDirectoryThatDoesNotExistAsABadArgument() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new TrainerCli());
    cli.setErr(new java.io.PrintWriter(stderr, true, StandardCharsets.UTF_8));
    Path missing = dir.resolve("no-such-dir");

    int exit =
        cli.execute("train", "--data", missing.toString(), "--out", dir.resolve("o").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("--data " + missing + ": no such directory")
        .doesNotContain("\tat ");
  }

  static void copyHead(int rows, Path target) throws IOException {
    Path source = HomeCreditData.trainSample();
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(source)), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(target)) {
      for (int i = 0; i <= rows; i++) {
        out.write(in.readLine());
        out.write('\n');
      }
    }
  }
}
