package io.creditstream.scorer;

import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.lifecycle.ScorerExit;
import io.creditstream.scorer.lifecycle.ScorerRuntime;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scorer service: reads {@code loan-applications}, {@code client-features} and {@code
 * model-releases}; writes {@code loan-decisions}, {@code loan-applications-dlq} and {@code
 * model-drift}; serves {@code /health/live}, {@code /health/ready} and {@code /metrics}.
 *
 * <p>Only wiring lives here: the topology and its config come from {@link
 * io.creditstream.scorer.decision.DecisionTopology}, the lifecycle (start, wait for a model, score,
 * close in order) from {@link ScorerRuntime}. Exit codes: 0 stopped on request, 1 bad
 * configuration, 2 Kafka Streams failed, 3 the model registry failed.
 */
@Command(
    name = "stream-scorer",
    mixinStandardHelpOptions = true,
    description = "Scores loan applications from Kafka and publishes decisions with their reasons.")
public final class ScorerApp implements java.util.concurrent.Callable<Integer> {

  public static final int EXIT_OK = ScorerExit.OK;
  public static final int EXIT_CONFIG = ScorerExit.CONFIG;
  public static final int EXIT_STREAMS_FAILED = ScorerExit.STREAMS_FAILED;
  public static final int EXIT_REGISTRY_FAILED = ScorerExit.REGISTRY_FAILED;

  private static final Logger log = LoggerFactory.getLogger(ScorerApp.class);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file; CREDITSTREAM_* environment variables override it.")
  Path config;

  private final ScorerExit exit = new ScorerExit();

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScorerApp()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ScorerSettings settings;
    try {
      settings = ScorerRuntime.settings(config, System.getenv());
    } catch (IllegalArgumentException e) {
      log.error("Bad configuration: {}", e.getMessage());
      return EXIT_CONFIG;
    }
    return new ScorerRuntime(settings, exit).run();
  }

  /** Asks a running {@link #call()} to close everything and return (as SIGTERM does). */
  public void stop() {
    exit.stop();
  }
}
