package io.creditstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CreditStreamTest {

  @Test
  void offersEveryToolTheReadmeNames() {
    CommandLine cli = new CommandLine(new CreditStream());

    assertThat(cli.getSubcommands().keySet())
        .contains(
            "local",
            "generate",
            "train",
            "publish-features",
            "publish-model",
            "publish-applications",
            "stream-scorer",
            "replay");
  }

  @Test
  void refusesAnUnknownOptionWithUsageAndExitCode2() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CreditStream()).setErr(new PrintWriter(err));

    int exit = cli.execute("local", "--no-such-option");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
  }
}
