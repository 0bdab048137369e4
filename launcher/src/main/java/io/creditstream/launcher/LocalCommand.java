package io.creditstream.launcher;

import io.creditstream.features.table.HomeCreditTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code creditstream local}: the whole system on this machine until Ctrl-C. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description =
        "Run the whole system on this machine: broker, registry, model, scorer, portal and a flow of"
            + " applications. Ctrl-C stops everything.")
final class LocalCommand implements Callable<Integer> {

  @Option(
      names = "--state",
      defaultValue = ".local",
      description = "State directory (default ${DEFAULT-VALUE})")
  Path state;

  @Option(
      names = "--data",
      description = "Train on the real Kaggle tables in DIR instead of generated ones")
  Path data;

  @Option(
      names = "--retrain",
      description = "Generate and train again even if the state has a model")
  boolean retrain;

  @Option(
      names = "--applications",
      defaultValue = "6000",
      description = "Generated applications (default ${DEFAULT-VALUE})")
  int applications;

  @Option(
      names = "--rate",
      defaultValue = "2",
      description = "Applications submitted a second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--trials",
      defaultValue = "2",
      description = "Hyperparameter trials when training (default ${DEFAULT-VALUE})")
  int trials;

  @Spec CommandSpec spec;

  @Option(names = "--kafka-port", defaultValue = "9092")
  int kafkaPort;

  @Option(names = "--controller-port", defaultValue = "9093")
  int controllerPort;

  @Option(names = "--registry-port", defaultValue = "8081")
  int registryPort;

  @Option(names = "--portal-port", defaultValue = "8080")
  int portalPort;

  @Option(names = "--scorer-port", defaultValue = "8090")
  int scorerPort;

  @Override
  public Integer call() throws Exception {
    if (data != null && !Files.isDirectory(data)) {
      spec.commandLine().getErr().println("--data " + data + " is not a directory");
      return 2;
    }
    if (data != null) {
      String problem = dataProblem();
      if (problem != null) {
        spec.commandLine().getErr().println("creditstream local: --data " + data + ": " + problem);
        spec.commandLine().getErr().println("Nothing was started.");
        return 2;
      }
    }
    List<String> portProblems =
        LocalPorts.problems(
            List.of(
                new LocalPorts.Port("--kafka-port", "the Kafka broker", kafkaPort),
                new LocalPorts.Port(
                    "--controller-port", "the Kafka broker's controller", controllerPort),
                new LocalPorts.Port("--registry-port", "the schema registry", registryPort),
                new LocalPorts.Port("--portal-port", "the portal", portalPort),
                new LocalPorts.Port(
                    "--scorer-port", "the scorer's metrics and health", scorerPort)));
    if (!portProblems.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      portProblems.forEach(problem -> err.println("creditstream local: " + problem));
      err.println("Nothing was started.");
      err.flush();
      return 2;
    }
    LocalSystem.Settings settings =
        new LocalSystem.Settings(
            state,
            data,
            retrain,
            applications,
            rate,
            kafkaPort,
            controllerPort,
            registryPort,
            portalPort,
            scorerPort,
            trials,
            message -> System.out.println("==> " + message));
    LocalSystem system = LocalSystem.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("==> Stopping...");
                  try {
                    system.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  System.out.println("==> Stopped; state kept in " + state.toAbsolutePath());
                  stopped.countDown();
                },
                "local-system-shutdown"));
    waitForLinks(system);
    System.out.println();
    System.out.println("  Portal:        " + system.portalUrl());
    System.out.println(
        "  Auditor login: "
            + system.portalUrl()
            + "/audit  user 'auditor', password '"
            + system.auditorPassword()
            + "'");
    System.out.println(
        "  Front office:  POST "
            + system.portalUrl()
            + "/api/v1/applications  with header X-API-Key: "
            + system.apiKey());
    System.out.println("  API docs:      " + system.portalUrl() + "/v3/api-docs");
    System.out.println(
        "  Scorer:        "
            + system.scorerUrl()
            + "/metrics  "
            + system.scorerUrl()
            + "/health/ready");
    System.out.println("  Model:         " + system.modelVersion());
    System.out.println(
        "  Some clients' pages (each link is that client's own, signed credential):");
    List<String> links = system.clientLinks();
    links.stream().limit(5).forEach(link -> System.out.println("    " + link));
    System.out.println();
    System.out.println(
        "  Logs in " + state.toAbsolutePath().resolve("logs") + "; Ctrl-C stops everything.");
    stopped.await();
    return 0;
  }

  /**
   * What {@code --data} lacks for this start, or null: a labelled application file when a model is
   * to be trained (none in the state directory yet, or {@code --retrain}), and an application file
   * for the feeder to submit. Found before anything starts: it used to surface after the broker and
   * the registry had started, as the trainer's stack trace.
   */
  private String dataProblem() throws java.io.IOException {
    boolean labelled = HomeCreditTable.APPLICATION_TRAIN.locate(data).isPresent();
    boolean unlabelled = HomeCreditTable.APPLICATION_TEST.locate(data).isPresent();
    boolean trained = Files.exists(state.resolve("model").resolve("model.ubj"));
    if (!labelled && (retrain || !trained)) {
      return "no labelled application file to train the model on ("
          + HomeCreditTable.APPLICATION_TRAIN.describeFiles()
          + "; see data/README.md)";
    }
    if (!labelled && !unlabelled) {
      return "no application file to submit ("
          + HomeCreditTable.APPLICATION_TEST.describeFiles()
          + " or a labelled one)";
    }
    return null;
  }

  private static void waitForLinks(LocalSystem system) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (system.clientLinks().size() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }
}
