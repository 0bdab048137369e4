package io.creditstream.scorer.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The scorer's typed configuration.
 *
 * <p>Layers, strongest first: {@code CREDITSTREAM_*} environment variables, then the properties
 * file given with {@code --config}, then the defaults below (applied with {@code putIfAbsent}).
 * Every key that is not a {@code scorer.*} or {@code topic.*} key passes through unchanged to Kafka
 * Streams, to the model-release consumer and to the registry client, so SASL/TLS and registry
 * credentials need no code here.
 *
 * <p>Environment names map to keys by dropping {@code CREDITSTREAM_}, lower-casing, turning {@code
 * __} into {@code -} and {@code _} into {@code .}: {@code CREDITSTREAM_SCORER_REVIEW_BELOW} is
 * {@code scorer.review.below}, {@code CREDITSTREAM_TOPIC_LOAN__DECISIONS} is {@code
 * topic.loan-decisions}.
 */
public final class ScorerSettings {

  public static final String ENV_PREFIX = "CREDITSTREAM_";

  public static final String APPLICATION_ID = "application.id";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String REGISTRY_URL = "schema.registry.url";
  public static final String STANDBY_REPLICAS = "num.standby.replicas";
  public static final String PRODUCER_LINGER_MS = "producer.linger.ms";
  public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";

  public static final String INSTANCE = "scorer.instance";
  public static final String REASONS_COUNT = "scorer.reasons.count";
  public static final String REVIEW_BELOW = "scorer.review.below";
  public static final String REVIEW_ABOVE = "scorer.review.above";
  public static final String THRESHOLD = "scorer.threshold";
  public static final String HTTP_HOST = "scorer.http.host";
  public static final String HTTP_PORT = "scorer.http.port";
  public static final String DRIFT_INTERVAL_MS = "scorer.drift.interval.ms";

  /** The fewest records a drift window holds before it is reported (PSI on a few is noise). */
  public static final String DRIFT_MIN_RECORDS = "scorer.drift.min.records";

  public static final String MODEL_WAIT_MS = "scorer.model.wait.ms";
  public static final String SHUTDOWN_TIMEOUT_MS = "scorer.shutdown.timeout.ms";

  private static final String SCORER_PREFIX = "scorer.";
  private static final String TOPIC_PREFIX = "topic.";

  private final Map<String, Object> values;

  private ScorerSettings(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
    validate();
  }

  /** The defaults: local broker and registry, no review band, four reasons, loopback HTTP. */
  public static Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put(APPLICATION_ID, "creditstream-scorer");
    d.put(BOOTSTRAP_SERVERS, "localhost:9092");
    d.put(REGISTRY_URL, "http://localhost:8081");
    d.put(STANDBY_REPLICAS, "0");
    // Kafka Streams gives its producer linger.ms=100. A decision is ~4 kB, so a 16 kB batch fills
    // only at 4 decisions per partition: at a few hundred decisions a second per partition most
    // batches would wait out the linger, adding up to 100 ms to every decision's latency. 5 ms
    // still batches under load (measured in docs/BENCHMARKS.md, pipeline).
    d.put(PRODUCER_LINGER_MS, "5");
    // The classic group protocol's rebalance timeout is max.poll.interval.ms (Kafka Streams: 300
    // s).
    // After a broker crash, a fenced instance rejoins under a new member id and the coordinator
    // waits out that timeout for its old id: the soak saw decisions stop for exactly 5 minutes. A
    // poll loop here takes a second or two (1,000 records at ~1 ms), so 60 s bounds the pause
    // with a wide margin.
    d.put(MAX_POLL_INTERVAL_MS, "60000");
    d.put(INSTANCE, defaultInstance());
    d.put(REASONS_COUNT, "4");
    d.put(REVIEW_BELOW, "0");
    d.put(REVIEW_ABOVE, "0");
    d.put(HTTP_HOST, "127.0.0.1");
    d.put(HTTP_PORT, "8090");
    d.put(DRIFT_INTERVAL_MS, "60000");
    d.put(DRIFT_MIN_RECORDS, "500");
    d.put(MODEL_WAIT_MS, "60000");
    d.put(SHUTDOWN_TIMEOUT_MS, "30000");
    return d;
  }

  /** Settings from explicit values over the defaults (tests, embedded runtime). */
  public static ScorerSettings of(Map<String, ?> explicit) {
    Map<String, Object> merged = new TreeMap<>(explicit);
    defaults().forEach(merged::putIfAbsent);
    return new ScorerSettings(merged);
  }

  /**
   * Settings from a properties file (may be null), overridden by the environment, over the
   * defaults.
   */
  public static ScorerSettings load(Path configFile, Map<String, String> environment) {
    Map<String, Object> merged = new TreeMap<>();
    if (configFile != null) {
      merged.putAll(readProperties(configFile));
    }
    merged.putAll(fromEnvironment(environment));
    defaults().forEach(merged::putIfAbsent);
    return new ScorerSettings(merged);
  }

  /** The keys that {@code CREDITSTREAM_*} variables name, with their values. */
  public static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> out = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            out.put(keyOf(name), value);
          }
        });
    return out;
  }

  static String keyOf(String environmentName) {
    return environmentName
        .substring(ENV_PREFIX.length())
        .toLowerCase(Locale.ROOT)
        .replace("__", "\u0000")
        .replace('_', '.')
        .replace('\u0000', '-');
  }

  private static Map<String, String> readProperties(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the configuration file " + file + ": " + e, e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  private static String defaultInstance() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "scorer-" + ProcessHandle.current().pid();
    }
  }

  private void validate() {
    int reasons = intValue(REASONS_COUNT);
    if (reasons < 1) {
      throw new IllegalArgumentException(REASONS_COUNT + " must be at least 1, got " + reasons);
    }
    for (String key : new String[] {REVIEW_BELOW, REVIEW_ABOVE}) {
      double margin = doubleValue(key);
      if (!(margin >= 0 && margin < 1)) {
        throw new IllegalArgumentException(key + " must be in [0, 1), got " + margin);
      }
    }
    OptionalDouble t = thresholdOverride();
    if (t.isPresent() && !(t.getAsDouble() > 0 && t.getAsDouble() < 1)) {
      throw new IllegalArgumentException(THRESHOLD + " must be in (0, 1), got " + t.getAsDouble());
    }
    int port = intValue(HTTP_PORT);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(HTTP_PORT + " must be a TCP port (0-65535), got " + port);
    }
    if (longValue(DRIFT_INTERVAL_MS) < 1) {
      throw new IllegalArgumentException(DRIFT_INTERVAL_MS + " must be positive");
    }
    if (longValue(DRIFT_MIN_RECORDS) < 1) {
      throw new IllegalArgumentException(DRIFT_MIN_RECORDS + " must be positive");
    }
    if (string(INSTANCE).isBlank()) {
      throw new IllegalArgumentException(INSTANCE + " must not be blank");
    }
  }

  public String string(String key) {
    Object v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("Missing configuration key " + key);
    }
    return v.toString().trim();
  }

  public int intValue(String key) {
    try {
      return Integer.parseInt(string(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be an integer, got '" + values.get(key) + "'");
    }
  }

  public long longValue(String key) {
    try {
      return Long.parseLong(string(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be an integer, got '" + values.get(key) + "'");
    }
  }

  public double doubleValue(String key) {
    try {
      return Double.parseDouble(string(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + values.get(key) + "'");
    }
  }

  public String applicationId() {
    return string(APPLICATION_ID);
  }

  public String instance() {
    return string(INSTANCE);
  }

  public int reasonsCount() {
    return intValue(REASONS_COUNT);
  }

  public double reviewBelow() {
    return doubleValue(REVIEW_BELOW);
  }

  public double reviewAbove() {
    return doubleValue(REVIEW_ABOVE);
  }

  /** A threshold that replaces the model card's, if configured. */
  public OptionalDouble thresholdOverride() {
    Object v = values.get(THRESHOLD);
    if (v == null || v.toString().isBlank()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(doubleValue(THRESHOLD));
  }

  public String httpHost() {
    return string(HTTP_HOST);
  }

  public int httpPort() {
    return intValue(HTTP_PORT);
  }

  public Duration driftInterval() {
    return Duration.ofMillis(longValue(DRIFT_INTERVAL_MS));
  }

  public long driftMinRecords() {
    return longValue(DRIFT_MIN_RECORDS);
  }

  public Duration modelWait() {
    return Duration.ofMillis(longValue(MODEL_WAIT_MS));
  }

  public Duration shutdownTimeout() {
    return Duration.ofMillis(longValue(SHUTDOWN_TIMEOUT_MS));
  }

  /** Every setting, as loaded (read-only). */
  public Map<String, Object> all() {
    return values;
  }

  /**
   * What Kafka clients and the registry client get: everything but the scorer's own keys and the
   * topic-name overrides (Kafka Streams reads {@code topic.*} as internal-topic configs).
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (!k.startsWith(SCORER_PREFIX) && !k.startsWith(TOPIC_PREFIX)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** A copy with some values replaced (tests, replay). */
  public ScorerSettings with(Map<String, ?> overrides) {
    Map<String, Object> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new ScorerSettings(merged);
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
    return "ScorerSettings" + shown;
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("jaas")
        || k.contains("user.info")
        || k.contains("secret");
  }
}
