package io.creditstream.scorer.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The auditors' replay. Reads {@code loan-decisions} (a time range, an offset range of one
 * partition, or a list of application ids), {@code model-releases} (every version), {@code
 * loan-applications} and {@code client-features}, all with read-only consumers (no group, {@code
 * read_committed}); writes nothing to Kafka, only a JSON and an HTML report into {@code
 * --report-dir}.
 *
 * <p>Each decision is re-decided from its recorded features with its recorded model version by the
 * scorer's own code and reported IDENTICAL, DIFFERENT or NOT_REPRODUCIBLE, its content hash is
 * verified (TAMPERED), and its application features are recomputed from the original application.
 * With {@code --candidate-version} the same range is also decided by a candidate model (what-if).
 * The whole log is verified too ({@link ChainAudit}: seals, chains, checkpoints of {@code
 * decision-checkpoints}); {@code --verify-only} does only that.
 *
 * <p>This class is the command line only: its options and their validation are {@link
 * ReplayOptions} (a mixin), the run is {@link Replay}, which writes {@link ReplayReport} and prints
 * through {@link ReplayConsole}.
 *
 * <p>Exit codes: 0 everything reproduced (and the what-if done), 1 differences, tampering,
 * unreproducible decisions or requested ids not found, 2 bad arguments, 3 Kafka or the registry
 * cannot be read, 4 an unexpected failure (a bug: see the log).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays recorded credit decisions: re-scores each with its recorded model version and"
          + " features, checks it is identical to the last bit, verifies its content hash, and"
          + " optionally shows what a candidate model would have decided.",
      "Exit codes: 0 all identical, 1 differences/tampering found, 2 bad arguments,"
          + " 3 Kafka or the registry unreachable, 4 unexpected failure."
    })
public final class ReplayCommand implements Callable<Integer> {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FINDINGS = 1;
  public static final int EXIT_BAD_ARGUMENTS = 2;
  public static final int EXIT_UNREACHABLE = 3;
  public static final int EXIT_INTERNAL = 4;

  private static final Logger log = LoggerFactory.getLogger(ReplayCommand.class);

  @Spec CommandSpec spec;

  @Mixin ReplayOptions options = new ReplayOptions();

  /** The report files of the last run (tests, callers). */
  private Path jsonReport;

  private Path htmlReport;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its exit-code mapping (tests run it in-process through this). */
  public static CommandLine commandLine() {
    return commandLine(new ReplayCommand());
  }

  static CommandLine commandLine(ReplayCommand command) {
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          log.error("Replay failed unexpectedly: {}", e.toString(), e);
          line.getErr().println("replay: unexpected failure: " + e);
          return EXIT_INTERNAL;
        });
    return cl;
  }

  public Optional<Path> jsonReport() {
    return Optional.ofNullable(jsonReport);
  }

  public Optional<Path> htmlReport() {
    return Optional.ofNullable(htmlReport);
  }

  /** Validates the options into a job, runs it, and maps what went wrong to an exit code. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Replay replay = null;
    try {
      Instant started = Instant.now();
      replay = new Replay(options.job(), spec.commandLine().getOut());
      return replay.run(started);
    } catch (ReplayException e) {
      log.error("Replay stopped: {}", e.getMessage());
      err.println("replay: " + e.getMessage());
      err.flush();
      return e.exitCode();
    } catch (RuntimeException e) {
      // Caught here rather than left to picocli, whose default code (1) would read as "findings"
      // also when the command runs as a subcommand of the launcher.
      log.error("Replay failed unexpectedly: {}", e.toString(), e);
      err.println("replay: unexpected failure: " + e);
      err.flush();
      return EXIT_INTERNAL;
    } finally {
      if (replay != null) {
        replay
            .written()
            .ifPresent(
                w -> {
                  jsonReport = w.json();
                  htmlReport = w.html();
                });
        replay.closeQuietly();
      }
    }
  }
}
