package io.creditstream.scorer.config;

import io.creditstream.scorer.release.ReleaseVerification;
import io.creditstream.seal.SealKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
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
  public static final String STREAM_THREADS = "num.stream.threads";
  public static final String PRODUCER_LINGER_MS = "producer.linger.ms";
  public static final String PRODUCER_COMPRESSION_TYPE = "producer.compression.type";
  public static final String PRODUCER_ZSTD_LEVEL = "producer.compression.zstd.level";
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

  /** PEM file of the scorer's Ed25519 signing key (PKCS#8): required unless dev-generate-key. */
  public static final String SEAL_PRIVATE_KEY = "scorer.seal.private-key";

  /** The id written in each seal; defaults to the key's fingerprint ({@link SealKeys#keyIdOf}). */
  public static final String SEAL_KEY_ID = "scorer.seal.key-id";

  /** Development only: generate a throw-away signing key at start when none is configured. */
  public static final String SEAL_DEV_GENERATE = "scorer.seal.dev-generate-key";

  /** {@code scorer.seal.public-key.<key-id>=<PEM file>}: the keys verifiers (replay) accept. */
  public static final String SEAL_PUBLIC_KEY_PREFIX = "scorer.seal.public-key.";

  /**
   * {@code scorer.release.public-key.<key-id>=<PEM file>}: the release keys (the training
   * pipeline's) whose signatures on {@code model-releases} the scorer believes.
   */
  public static final String RELEASE_PUBLIC_KEY_PREFIX = "scorer.release.public-key.";

  /**
   * Whether an unsigned model release or activation is believed: required {@code true} when no
   * release key is configured (development), a migration aid otherwise. A bad signature is never
   * believed.
   */
  public static final String RELEASE_ALLOW_UNSIGNED = "scorer.release.allow-unsigned";

  /** A signed checkpoint of a chain's head after this many decisions on it. */
  public static final String CHECKPOINT_EVERY = "scorer.checkpoint.every";

  /** And at least this often (wall clock) when the head moved since the last one. */
  public static final String CHECKPOINT_INTERVAL_MS = "scorer.checkpoint.interval.ms";

  private static final String SCORER_PREFIX = "scorer.";
  private static final String TOPIC_PREFIX = "topic.";

  private final Map<String, Object> values;
  // The signer is read (or, in development, generated) once, so that every task of this process
  // seals with the same key.
  private SealKeys.Signer signer;

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
    // One stream thread per core the JVM may use, not Kafka Streams' single thread: a decision is
    // CPU-bound (features, trees, SHAP, the seal's signature), and one thread can only ever use one
    // core, whatever the instance is given. Threads beyond the instance's share of partitions only
    // wait; in a container the JVM counts the CPU limit, so this follows what the pod is given. On
    // the 2-core benchmark machine, shared with the broker, two threads decided 20 % more than one
    // once the JIT had settled (docs/BENCHMARKS.md, 1c).
    d.put(STREAM_THREADS, String.valueOf(Runtime.getRuntime().availableProcessors()));
    // Kafka Streams gives its producer linger.ms=100. A decision is ~1.3 kB (compact, before
    // compression), so a 16 kB batch fills only at a dozen decisions per partition: at a few
    // hundred decisions a second per partition most batches would wait out the linger, adding up to
    // 100 ms to every decision's latency. 5 ms still batches under load (measured in
    // docs/BENCHMARKS.md, pipeline).
    d.put(PRODUCER_LINGER_MS, "5");
    // Decisions are kept 25 months: the producer compresses each batch, and the broker stores it as
    // sent. zstd over lz4: about a quarter fewer bytes per decision for a little more CPU; level 1
    // rather than zstd's default 3: 3% more bytes for a smaller share of the stream thread
    // (docs/BENCHMARKS.md, section 1c). It applies to every topic the streams write (dead
    // letters, checkpoints, changelogs) alike.
    d.put(PRODUCER_COMPRESSION_TYPE, "zstd");
    d.put(PRODUCER_ZSTD_LEVEL, "1");
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
    d.put(SEAL_DEV_GENERATE, "false");
    d.put(RELEASE_ALLOW_UNSIGNED, "false");
    d.put(CHECKPOINT_EVERY, "1000");
    d.put(CHECKPOINT_INTERVAL_MS, "10000");
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
    if (longValue(CHECKPOINT_EVERY) < 1 || longValue(CHECKPOINT_INTERVAL_MS) < 1) {
      throw new IllegalArgumentException(
          CHECKPOINT_EVERY + " and " + CHECKPOINT_INTERVAL_MS + " must be positive");
    }
    String dev = string(SEAL_DEV_GENERATE);
    if (!dev.equals("true") && !dev.equals("false")) {
      throw new IllegalArgumentException(SEAL_DEV_GENERATE + " must be true or false");
    }
    String unsigned = string(RELEASE_ALLOW_UNSIGNED);
    if (!unsigned.equals("true") && !unsigned.equals("false")) {
      throw new IllegalArgumentException(RELEASE_ALLOW_UNSIGNED + " must be true or false");
    }
  }

  /**
   * Which model releases the scorer believes: those signed by a {@code
   * scorer.release.public-key.<key-id>} key, and unsigned ones only with {@link
   * #RELEASE_ALLOW_UNSIGNED}.
   *
   * @throws IllegalArgumentException naming the settings when no release key is configured and
   *     unsigned releases are not allowed, or a key file cannot be read
   */
  public ReleaseVerification releaseVerification() {
    Map<String, PublicKey> keys = publicKeys(RELEASE_PUBLIC_KEY_PREFIX);
    boolean allowUnsigned = Boolean.parseBoolean(string(RELEASE_ALLOW_UNSIGNED));
    if (keys.isEmpty() && !allowUnsigned) {
      throw new IllegalArgumentException(
          "no key to verify model releases with: set "
              + RELEASE_PUBLIC_KEY_PREFIX
              + "<key-id> to the PEM file of the release key's public half (the key `trainer"
              + " publish model --release-key` signs with), or "
              + RELEASE_ALLOW_UNSIGNED
              + "=true to believe unsigned releases (development only: anyone who can write to"
              + " model-releases could then change the model)");
    }
    return new ReleaseVerification(new SealKeys.KeyRing(keys), allowUnsigned);
  }

  /** The release keys configured (possibly none), for replay's report: never refuses. */
  public SealKeys.KeyRing releaseKeyRing() {
    return new SealKeys.KeyRing(publicKeys(RELEASE_PUBLIC_KEY_PREFIX));
  }

  private Map<String, PublicKey> publicKeys(String prefix) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            try {
              keys.put(
                  k.substring(prefix.length()),
                  SealKeys.readPublicKey(Path.of(v.toString().trim())));
            } catch (IOException | RuntimeException e) {
              throw new IllegalArgumentException(
                  k + ": cannot read the public key: " + e.getMessage(), e);
            }
          }
        });
    return keys;
  }

  /**
   * The key that seals every decision: {@link #SEAL_PRIVATE_KEY} under {@link #SEAL_KEY_ID}. A
   * scorer never signs with a key nobody configured: without one it refuses to start, unless {@link
   * #SEAL_DEV_GENERATE} explicitly asks for a throw-away key (its decisions then verify only
   * against the public key it logs).
   *
   * @throws IllegalArgumentException naming the setting when no usable key is configured
   */
  public synchronized SealKeys.Signer sealSigner() {
    if (signer != null) {
      return signer;
    }
    Object file = values.get(SEAL_PRIVATE_KEY);
    if (file != null && !file.toString().isBlank()) {
      PrivateKey key;
      try {
        key = SealKeys.readPrivateKey(Path.of(file.toString().trim()));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            SEAL_PRIVATE_KEY + ": cannot read the signing key: " + e.getMessage(), e);
      }
      signer = new SealKeys.Signer(keyIdOr(SealKeys.keyIdOf(SealKeys.publicKeyOf(key))), key);
    } else if (Boolean.parseBoolean(string(SEAL_DEV_GENERATE))) {
      KeyPair pair = SealKeys.generate();
      signer =
          new SealKeys.Signer(
              keyIdOr("dev-" + SealKeys.keyIdOf(pair.getPublic())), pair.getPrivate());
    } else {
      throw new IllegalArgumentException(
          "no signing key for the decision seal: set "
              + SEAL_PRIVATE_KEY
              + " (a PEM PKCS#8 Ed25519 key) or, for development only, "
              + SEAL_DEV_GENERATE
              + "=true");
    }
    return signer;
  }

  private String keyIdOr(String fallback) {
    Object id = values.get(SEAL_KEY_ID);
    return id == null || id.toString().isBlank() ? fallback : id.toString().trim();
  }

  /**
   * The public keys a verifier accepts: every {@code scorer.seal.public-key.<key-id>} file, and the
   * public half of the configured signing key (under its key id) when there is one.
   */
  public SealKeys.KeyRing sealKeyRing() {
    Map<String, PublicKey> keys = publicKeys(SEAL_PUBLIC_KEY_PREFIX);
    Object file = values.get(SEAL_PRIVATE_KEY);
    if (file != null && !file.toString().isBlank()) {
      SealKeys.Signer s = sealSigner();
      keys.putIfAbsent(s.keyId(), s.publicKey());
    }
    return new SealKeys.KeyRing(keys);
  }

  public long checkpointEvery() {
    return longValue(CHECKPOINT_EVERY);
  }

  public Duration checkpointInterval() {
    return Duration.ofMillis(longValue(CHECKPOINT_INTERVAL_MS));
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
