package io.creditstream.datagen;

import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate --out DIR --applications N --seed S --test-fraction F}: writes the eight tables.
 * Exit codes: 0 written, 2 bad arguments, 1 the files could not be written.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Writes the eight Home Credit tables (application_train/test, bureau, bureau_balance,"
            + " previous_application, POS_CASH_balance, installments_payments, credit_card_balance)"
            + " as <table>.csv.gz with the exact Kaggle headers.")
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output directory (created if absent; files in it are replaced).")
  Path out;

  @Option(
      names = "--applications",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Applications, train plus test, 1 to 10,000,000 (default: ${DEFAULT-VALUE}).")
  long applications;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description =
          "Random seed; same seed and size give byte-identical files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      defaultValue = "0.137",
      description =
          "Share of applications written to application_test, without TARGET, in [0, 1)"
              + " (default: ${DEFAULT-VALUE}, Kaggle's 48,744 of 356,255).")
  double testFraction;

  @Override
  public Integer call() {
    if (applications < 1 || applications > HomeCreditGenerator.MAX_APPLICATIONS) {
      throw new ParameterException(
          spec.commandLine(),
          "--applications must be between 1 and "
              + HomeCreditGenerator.MAX_APPLICATIONS
              + ", got "
              + applications);
    }
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--test-fraction must be in [0, 1), got " + testFraction);
    }
    try {
      GeneratedTables tables = HomeCreditGenerator.generate(out, applications, seed, testFraction);
      // Deliberate user-facing output of a command-line tool.
      for (HomeCreditTable table : HomeCreditTable.values()) {
        spec.commandLine()
            .getOut()
            .printf(
                "%-30s %,12d rows  %s%n", table.fileName(), tables.rows(table), tables.file(table));
      }
      spec.commandLine()
          .getOut()
          .printf("default rate in application_train: %.4f%n", tables.defaultRate());
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().printf("error: cannot write the tables into %s: %s%n", out, e);
      return 1;
    }
  }
}
