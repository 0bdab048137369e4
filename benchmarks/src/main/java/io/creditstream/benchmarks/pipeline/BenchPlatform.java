package io.creditstream.benchmarks.pipeline;

import io.creditstream.avro.LoanApplication;
import io.creditstream.datagen.HomeCreditGenerator;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.Violation;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.records.LoanApplications;
import io.creditstream.runtime.ProcessPlatform;
import io.creditstream.scorer.decision.AvroRow;
import io.creditstream.topics.TopicSpec;
import io.creditstream.topics.TopicSpecs;
import io.creditstream.topics.Topics;
import io.creditstream.trainer.publish.FeaturePublisher;
import io.creditstream.trainer.publish.ModelPublisher;
import io.creditstream.trainer.train.TrainCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * What every pipeline and portal benchmark runs on: this machine's real broker and registry (child
 * processes, state under {@code dir}), a model trained once by the trainer's command on generated
 * data and published with the client features, and the applications to send (the real {@code
 * application_test} rows when the data directory has them, generated ones otherwise).
 */
public final class BenchPlatform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BenchPlatform.class);

  /** Decisions carry the broker's append time, so latency ends when the decision is in the log. */
  public static final Map<String, String> APPEND_TIME =
      Map.of("message.timestamp.type", "LogAppendTime");

  private final Path dir;
  private final Path realData;
  private final ProcessPlatform platform;
  private Path generated;
  private String modelVersion;
  private int modelTrees;
  private int refusedByContract;

  private BenchPlatform(Path dir, Path realData, ProcessPlatform platform) {
    this.dir = dir;
    this.realData = realData;
    this.platform = platform;
  }

  /**
   * Starts the broker and registry under {@code dir}, emptied first: a run never reads what an
   * earlier one left.
   *
   * @param realData the Home Credit directory, or null to use generated applications only
   */
  public static BenchPlatform start(Path dir, Path realData)
      throws IOException, InterruptedException {
    deleteRecursively(dir);
    Files.createDirectories(dir);
    ProcessPlatform platform = ProcessPlatform.start(dir.resolve("platform"), 0, 0, 0, false);
    return new BenchPlatform(dir, realData, platform);
  }

  public ProcessPlatform platform() {
    return platform;
  }

  public Path dir() {
    return dir;
  }

  public String modelVersion() {
    return modelVersion;
  }

  public int modelTrees() {
    return modelTrees;
  }

  public Map<String, Object> clientConfig() {
    return new HashMap<>(platform.clientConfig());
  }

  /**
   * Creates every topic of {@link TopicSpecs} under the names {@code config} gives them, the
   * decisions topic with the broker's append time.
   */
  public void createTopics(Map<String, ?> config) {
    String decisions = Topics.name(config, Topics.LOAN_DECISIONS);
    for (TopicSpec topic : TopicSpecs.all(config)) {
      Map<String, String> configs = new HashMap<>(topic.configs());
      if (topic.name().equals(decisions)) {
        configs.putAll(APPEND_TIME);
      }
      platform.createTopic(topic.name(), topic.partitions(), configs);
    }
  }

  /**
   * Generates a small Home-Credit-shaped data set, trains the product's model on it with the
   * trainer's command (small budget), and publishes the generated clients' features (with {@code
   * realHistory}, also those aggregated from the real child tables) and the model (active).
   */
  public void trainAndPublish(int applications, int maxRounds, boolean realHistory)
      throws Exception {
    trainAndPublish(applications, maxRounds, realHistory, null);
  }

  /**
   * As {@link #trainAndPublish(int, int, boolean)}, but with {@code trainedModel} (a directory with
   * model.ubj and model-card.json, e.g. the model benchmark's model trained on the real rows) the
   * training is skipped and that model is published.
   */
  public void trainAndPublish(
      int applications, int maxRounds, boolean realHistory, Path trainedModel) throws Exception {
    generated = Files.createDirectories(dir.resolve("generated"));
    HomeCreditGenerator.generate(generated, applications, 42, 0.3);
    Path modelDir = trainedModel != null ? trainedModel : dir.resolve("model");
    if (trainedModel == null) {
      log.info("Training on {} generated applications", applications);
      int exit =
          new CommandLine(new TrainCommand())
              .execute(
                  "--data",
                  generated.toString(),
                  "--out",
                  modelDir.toString(),
                  "--folds",
                  "2",
                  "--trials",
                  "1",
                  "--max-rounds",
                  Integer.toString(maxRounds),
                  "--early-stopping",
                  "20");
      if (exit != 0) {
        throw new IOException("Training failed (exit " + exit + ")");
      }
    }
    Map<String, Object> config = clientConfig();
    FeaturePublisher.publish(generated, config, Instant.now(), null);
    if (realHistory && realData != null) {
      // The real application_test clients that have real history rows get joined with them.
      Path children = realData.resolve("child-tables");
      FeaturePublisher.publish(
          Files.isDirectory(children) ? children : realData, config, Instant.now(), null);
    }
    byte[] model = Files.readAllBytes(modelDir.resolve("model.ubj"));
    modelTrees = io.creditstream.model.TreeEnsemble.fromXgboost(model).numTrees();
    modelVersion =
        ModelPublisher.publish(
            model, Files.readString(modelDir.resolve("model-card.json")), true, config, null);
    log.info("Model {} published and active", modelVersion);
  }

  /** Where the applications come from: the real test file, or the generated one. */
  public Path applicationFile() throws IOException {
    Optional<Path> real =
        realData == null ? Optional.empty() : HomeCreditTable.APPLICATION_TEST.locate(realData);
    if (real.isPresent()) {
      return real.get();
    }
    return HomeCreditTable.APPLICATION_TEST
        .locate(generated)
        .orElseThrow(() -> new IOException("No application_test file in " + generated));
  }

  /** Up to {@code limit} applications of {@link #applicationFile()}, in file order. */
  public List<LoanApplication> applications(int limit) throws IOException {
    Path file = applicationFile();
    List<LoanApplication> out = new ArrayList<>();
    try (TableReader reader = TableReader.open(file, HomeCreditTable.APPLICATION_TEST)) {
      reader.forEach(
          row -> {
            if (out.size() >= limit) {
              throw Enough.INSTANCE;
            }
            try {
              LoanApplication a =
                  LoanApplications.fromColumns(row::get, "unset", "BENCHMARK", Instant.EPOCH);
              // The benchmark measures decisions: an application the contract refuses would end
              // on the dead-letter topic, never as a decision the collector waits for.
              List<Violation> refused = ApplicationContract.current().check(new AvroRow(a));
              if (refused.isEmpty()) {
                out.add(a);
              } else {
                refusedByContract++;
                log.info("Row not used, the application contract refuses it: {}", refused);
              }
            } catch (IllegalArgumentException e) {
              log.warn("Row not used: {}", e.getMessage());
            }
          },
          problem -> log.warn("Skipped malformed row: {}", problem));
    } catch (Enough enough) {
      // the rest of the file is not needed
    }
    if (out.isEmpty()) {
      throw new IOException("No usable application in " + file);
    }
    log.info("{} applications read from {}", out.size(), file);
    return out;
  }

  /**
   * Rows of the application file left out of {@link #applications} because the contract refuses
   * them.
   */
  public int refusedByContract() {
    return refusedByContract;
  }

  /** Stops reading the file once enough rows are in. */
  private static final class Enough extends RuntimeException {
    static final Enough INSTANCE = new Enough();

    private Enough() {
      super("enough rows", null, false, false);
    }
  }

  @Override
  public void close() throws InterruptedException {
    platform.close();
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
