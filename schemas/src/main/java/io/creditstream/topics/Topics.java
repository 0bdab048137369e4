package io.creditstream.topics;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.registry.SchemaRegistryClient;
import io.creditstream.registry.SchemaRegistryClients;
import io.creditstream.serde.AvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the system, each named once with its serdes. Input: a config with {@code
 * schema.registry.url} (and the other registry/serde settings) and optional name overrides {@code
 * topic.<default-name>=<name>}. Keys are the client id as a decimal string, except on the
 * dead-letter topic, whose keys are the bytes as received. All value serdes share one registry
 * client and its caches.
 */
public final class Topics {
  public static final String LOAN_APPLICATIONS = "loan-applications";
  public static final String CLIENT_FEATURES = "client-features";
  public static final String LOAN_DECISIONS = "loan-decisions";
  public static final String MODEL_RELEASES = "model-releases";
  public static final String DEAD_LETTERS = "loan-applications-dlq";
  public static final String MODEL_DRIFT = "model-drift";
  public static final String DECISION_CHECKPOINTS = "decision-checkpoints";

  /** Prefix of the name overrides: {@code topic.loan-applications=prod.loan-applications}. */
  public static final String OVERRIDE_PREFIX = "topic.";

  private final Topic<String, LoanApplication> loanApplications;
  private final Topic<String, ClientFeatures> clientFeatures;
  private final Topic<String, Decision> loanDecisions;
  private final Topic<String, ModelRelease> modelReleases;
  private final Topic<byte[], DeadLetter> deadLetters;
  private final Topic<String, DriftReport> modelDrift;
  private final Topic<String, DecisionCheckpoint> decisionCheckpoints;

  private Topics(Map<String, ?> config) {
    SchemaRegistryClient registry = SchemaRegistryClients.create(config);
    loanApplications = stringKeyed(config, registry, LOAN_APPLICATIONS, LoanApplication.class);
    clientFeatures = stringKeyed(config, registry, CLIENT_FEATURES, ClientFeatures.class);
    loanDecisions = stringKeyed(config, registry, LOAN_DECISIONS, Decision.class);
    modelReleases = stringKeyed(config, registry, MODEL_RELEASES, ModelRelease.class);
    deadLetters =
        new Topic<>(
            name(config, DEAD_LETTERS),
            Serdes.ByteArray(),
            AvroSerde.of(DeadLetter.class, registry, config, false));
    modelDrift = stringKeyed(config, registry, MODEL_DRIFT, DriftReport.class);
    decisionCheckpoints =
        stringKeyed(config, registry, DECISION_CHECKPOINTS, DecisionCheckpoint.class);
  }

  public static Topics create(Map<String, ?> config) {
    return new Topics(config);
  }

  /** The topic name to use for a default name: its override {@code topic.<default-name>} if set. */
  public static String name(Map<String, ?> config, String defaultName) {
    Object override = config.get(OVERRIDE_PREFIX + defaultName);
    if (override == null) {
      return defaultName;
    }
    String name = String.valueOf(override).trim();
    // Kafka's own rule for legal topic names; failing here names the setting instead of a broker
    // error later.
    if (name.isEmpty() || name.length() > 249 || !name.matches("[a-zA-Z0-9._-]+")) {
      throw new ConfigException(
          OVERRIDE_PREFIX + defaultName,
          override,
          "not a legal Kafka topic name ([a-zA-Z0-9._-], 1-249 chars)");
    }
    return name;
  }

  private static <V extends SpecificRecord> Topic<String, V> stringKeyed(
      Map<String, ?> config, SchemaRegistryClient registry, String defaultName, Class<V> type) {
    Serde<V> values = AvroSerde.of(type, registry, config, false);
    return new Topic<>(name(config, defaultName), Serdes.String(), values);
  }

  public Topic<String, LoanApplication> loanApplications() {
    return loanApplications;
  }

  public Topic<String, ClientFeatures> clientFeatures() {
    return clientFeatures;
  }

  public Topic<String, Decision> loanDecisions() {
    return loanDecisions;
  }

  public Topic<String, ModelRelease> modelReleases() {
    return modelReleases;
  }

  public Topic<byte[], DeadLetter> deadLetters() {
    return deadLetters;
  }

  public Topic<String, DriftReport> modelDrift() {
    return modelDrift;
  }

  /** Signed heads of the decision chains, keyed by chain (the decisions partition, in decimal). */
  public Topic<String, DecisionCheckpoint> decisionCheckpoints() {
    return decisionCheckpoints;
  }
}
