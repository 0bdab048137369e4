package io.creditstream.scorer.replay;

import io.creditstream.avro.ModelRelease;
import io.creditstream.features.FeatureSet;
import io.creditstream.fixtures.Applications;
import io.creditstream.fixtures.ModelFixtures;
import io.creditstream.model.InvalidModelException;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ScoringModel;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.decision.AvroRow;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Models, topics and a command runner for the replay tests. */
final class ReplayFixtures {

  static final FeatureSet FEATURES = FeatureSet.current();
  private static final Map<String, Model> CACHE = new ConcurrentHashMap<>();

  private ReplayFixtures() {}

  /** A released model: bytes, version, release record, loaded model. */
  record Model(String version, ModelRelease release, ScoringModel scoring) {}

  /**
   * A model that learnt "defaults if and only if EXT_SOURCE_2 is below {@code cut}" (threshold
   * 0.5), with the given card costs (null = the card's defaults). Its trees only split at the cut,
   * so every application on one side of it gets the same probability.
   */
  static Model cutModel(double cut, Double costFalseNegative, Double costFalsePositive) {
    return CACHE.computeIfAbsent(
        cut + "/" + costFalseNegative + "/" + costFalsePositive,
        k -> train(cut, costFalseNegative, costFalsePositive));
  }

  private static Model train(double cut, Double costFn, Double costFp) {
    int n = 400;
    int width = FEATURES.names().size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    AvroRow row = new AvroRow();
    for (int i = 0; i < n; i++) {
      double es2 = (i + 0.5) / n;
      double[] x = FEATURES.vector(row.reset(Applications.valid("train-" + i, i, es2)), null);
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (float) x[j];
      }
      labels[i] = es2 < cut ? 1f : 0f;
    }
    byte[] bytes =
        ModelFixtures.train(data, labels, width, ModelFixtures.params(2, 0.5, 11), 12, null)
            .bytes();
    String version = ModelVersion.of(bytes);
    ModelCard card =
        ModelFixtures.card(
            "replay-test",
            version,
            FEATURES.version(),
            FEATURES.names(),
            0.5,
            costFn,
            costFp,
            Map.of(),
            Map.of());
    ModelRelease release = TestModels.release(version, bytes, card.toJson(), FEATURES.version());
    try {
      return new Model(version, release, ScoringModel.load(bytes, card.toJson()));
    } catch (InvalidModelException e) {
      throw new IllegalStateException("the test model does not load: " + e, e);
    }
  }

  /** Settings naming unique topics for one test run. */
  static Map<String, Object> config(LocalPlatform platform, String prefix) {
    String run = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    config.put("application.id", run);
    config.putAll(SealFixtures.config());
    for (String t :
        List.of(
            Topics.LOAN_APPLICATIONS,
            Topics.CLIENT_FEATURES,
            Topics.LOAN_DECISIONS,
            Topics.MODEL_RELEASES,
            Topics.DEAD_LETTERS,
            Topics.MODEL_DRIFT,
            Topics.DECISION_CHECKPOINTS)) {
      config.put("topic." + t, t + "-" + run);
    }
    return config;
  }

  /** Creates the topics the replay reads. */
  static void createTopics(LocalPlatform platform, Topics topics, int partitions) {
    platform.createTopic(topics.loanApplications().name(), partitions);
    platform.createTopic(
        topics.clientFeatures().name(), partitions, Map.of("cleanup.policy", "compact"));
    platform.createTopic(topics.loanDecisions().name(), partitions);
    platform.createTopic(topics.modelReleases().name(), 1, Map.of("cleanup.policy", "compact"));
    platform.createTopic(topics.deadLetters().name(), 1);
    platform.createTopic(topics.modelDrift().name(), 1);
    platform.createTopic(topics.decisionCheckpoints().name(), 1);
  }

  static <K, V> KafkaProducer<K, V> producer(
      LocalPlatform platform, Serializer<K> keys, Serializer<V> values) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, keys, values);
  }

  /** The replay's arguments that point it at this run's broker, registry and topics. */
  static List<String> connection(Map<String, Object> config, Path reportDir) {
    List<String> args = new ArrayList<>();
    args.add("--bootstrap-servers=" + config.get("bootstrap.servers"));
    args.add("--registry-url=" + config.get("schema.registry.url"));
    config.forEach(
        (k, v) -> {
          // an auditor is given the public keys only (the seal's and the release keys'), never
          // the scorer's private one
          if (k.startsWith("topic.")
              || k.startsWith(ScorerSettings.SEAL_PUBLIC_KEY_PREFIX)
              || k.startsWith(ScorerSettings.RELEASE_PUBLIC_KEY_PREFIX)) {
            args.add("--set=" + k + "=" + v);
          }
        });
    args.add("--report-dir=" + reportDir);
    args.add("--no-progress");
    args.add("--timeout=PT20S");
    return args;
  }

  /** What one run of the command gave. */
  record Run(int exitCode, String out, String err, JsonNode report, Path json, Path html) {}

  static Run replay(List<String> args) throws IOException {
    ReplayCommand command = new ReplayCommand();
    CommandLine cl = ReplayCommand.commandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args.toArray(String[]::new));
    Path json = command.jsonReport().orElse(null);
    // -Dreplay.keep-reports=DIR keeps a copy of every report, to look at the HTML by hand.
    String keep = System.getProperty("replay.keep-reports");
    if (keep != null && json != null) {
      Path into = Files.createDirectories(Path.of(keep));
      Files.copy(json, into.resolve(json.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      Path html = command.htmlReport().orElseThrow();
      Files.copy(html, into.resolve(html.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    JsonNode report = json == null ? null : new ObjectMapper().readTree(json.toFile());
    return new Run(
        code, out.toString(), err.toString(), report, json, command.htmlReport().orElse(null));
  }
}
