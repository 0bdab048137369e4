package io.creditstream.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new DatagenCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void writesTheEightTablesAndExitsZero(@TempDir Path dir) {
    // when a small run is asked for
    int code = run("generate", "--out", dir.toString(), "--applications", "50", "--seed", "3");

    // then it exits 0, every table is there, and the summary names them
    assertThat(code).isZero();
    for (HomeCreditTable table : HomeCreditTable.values()) {
      assertThat(dir.resolve(table.fileName())).isRegularFile();
      assertThat(out.toString()).contains(table.fileName());
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void rejectsTooFewApplicationsWithExitTwo(@TempDir Path dir) {
    int code = run("generate", "--out", dir.toString(), "--applications", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--applications must be between 1 and 10000000, got 0");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void rejectsATestFractionOfOneWithExitTwo(@TempDir Path dir) {
    int code = run("generate", "--out", dir.toString(), "--test-fraction", "1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--test-fraction must be in [0, 1), got 1.0");
  }

  @Test
  void rejectsAMissingOutputDirectoryOptionWithExitTwo() {
    int code = run("generate", "--applications", "10");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--out");
  }

  @Test
  void rejectsANonNumericSizeWithExitTwo(@TempDir Path dir) {
    int code = run("generate", "--out", dir.toString(), "--applications", "many");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("many");
  }

  @Test
  void reportsAnUnwritableOutputWithExitOne(@TempDir Path dir) throws IOException {
    // given an output path that is an existing regular file
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

    // when the tables are generated into it
    int code = run("generate", "--out", file.toString(), "--applications", "10");

    // then the command fails with 1, names the path, and leaves the file alone
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("error: cannot write the tables into " + file);
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void printsUsageOnHelp() {
    int code = run("generate", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "--out", "--applications", "--seed", "--test-fraction", "Usage: datagen generate");
  }
}
