package io.creditstream.systemtests;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.runtime.Ports;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.TopicSpec;
import io.creditstream.topics.TopicSpecs;
import io.creditstream.topics.Topics;
import io.creditstream.trainer.publish.ApplicationPublisher;
import io.creditstream.trainer.publish.FeaturePublisher;
import io.creditstream.trainer.publish.ModelPublisher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One deployment of the system on the shared broker and registry: its own topics (every name
 * prefixed, so counts in one scenario are not disturbed by another), the model and client features
 * published to them, and the scorer instances and portal started on demand as child processes.
 */
public final class Deployment implements AutoCloseable {

  private final SystemUnderTest system;
  private final String prefix;
  private final Path dir;
  private final Map<String, Object> config;
  private final Topics topics;
  private final List<ServiceProcess> processes = new ArrayList<>();
  private final Deserializer<LoanApplication> applicationReader;
  private final Deserializer<Decision> decisionReader;
  private final Deserializer<DeadLetter> deadLetterReader;
  private Map<String, String> sealKeys;
  private final SealKeys.Signer releaseKey;
  private final Path releasePublicKey;

  private Deployment(
      SystemUnderTest system,
      String prefix,
      Path dir,
      Map<String, Object> config,
      SealKeys.Signer releaseKey,
      Path releasePublicKey) {
    this.system = system;
    this.prefix = prefix;
    this.dir = dir;
    this.config = config;
    this.releaseKey = releaseKey;
    this.releasePublicKey = releasePublicKey;
    this.topics = Topics.create(config);
    this.applicationReader = topics.loanApplications().valueSerde().deserializer();
    this.decisionReader = topics.loanDecisions().valueSerde().deserializer();
    this.deadLetterReader = topics.deadLetters().valueSerde().deserializer();
  }

  static Deployment create(SystemUnderTest system, String prefix, Path dir) throws Exception {
    Map<String, Object> config = new HashMap<>(system.platform().clientConfig());
    for (String name :
        List.of(
            Topics.LOAN_APPLICATIONS,
            Topics.CLIENT_FEATURES,
            Topics.LOAN_DECISIONS,
            Topics.MODEL_RELEASES,
            Topics.DEAD_LETTERS,
            Topics.MODEL_DRIFT,
            Topics.DECISION_CHECKPOINTS)) {
      config.put(Topics.OVERRIDE_PREFIX + name, prefix + "." + name);
    }
    for (TopicSpec topic : TopicSpecs.all(config)) {
      system.platform().createTopic(topic.name(), topic.partitions(), topic.configs());
    }
    // The release pipeline's key: the model is published signed, and the scorers believe only
    // releases signed by it (as in production: no scorer.release.allow-unsigned).
    java.security.KeyPair release = SealKeys.generate();
    SealKeys.Signer releaseKey =
        new SealKeys.Signer(SealKeys.keyIdOf(release.getPublic()), release.getPrivate());
    Path releasePublicKey =
        Files.writeString(
            Files.createDirectories(dir.resolve("release")).resolve("release.pub"),
            SealKeys.pem(release.getPublic()));
    TrainedModel model = system.model();
    FeaturePublisher.publish(model.dataDir(), config, Instant.now(), releaseKey);
    ModelPublisher.publish(model.modelBytes(), model.modelCard(), true, config, releaseKey);
    return new Deployment(system, prefix, dir, config, releaseKey, releasePublicKey);
  }

  /** The key that signed this deployment's model release (the training pipeline's). */
  public SealKeys.Signer releaseKey() {
    return releaseKey;
  }

  /** The PEM file of the release key's public half (what scorers and auditors are given). */
  public Path releasePublicKey() {
    return releasePublicKey;
  }

  /** Client configuration: the platform's plus this deployment's topic names. */
  public Map<String, Object> config() {
    return Map.copyOf(config);
  }

  public Topics topics() {
    return topics;
  }

  public String prefix() {
    return prefix;
  }

  public SystemUnderTest system() {
    return system;
  }

  /**
   * A scorer instance (not started). Instances of one deployment share the Kafka Streams {@code
   * application.id}, so they split the partitions between them; each keeps its own state directory,
   * so a restarted instance keeps its process id and fences its dead predecessor's transactions at
   * once.
   */
  public ServiceProcess scorer(String instance) throws IOException {
    int port = Ports.free();
    Properties p = new Properties();
    config.forEach((k, v) -> p.setProperty(k, v.toString()));
    p.setProperty("application.id", prefix + "-scorer");
    p.setProperty("state.dir", dir.resolve("scorer-state-" + instance).toString());
    p.setProperty("scorer.instance", instance);
    sealKeys().forEach(p::setProperty);
    p.setProperty("scorer.release.public-key." + releaseKey.keyId(), releasePublicKey.toString());
    p.setProperty("scorer.http.host", "127.0.0.1");
    p.setProperty("scorer.http.port", Integer.toString(port));
    p.setProperty("scorer.drift.interval.ms", "60000");
    // Passed through to Kafka Streams' consumers: a SIGKILLed member is noticed after 6 s (the
    // broker's minimum) instead of 45 s, so its partitions move on quickly.
    p.setProperty("session.timeout.ms", "6000");
    p.setProperty("heartbeat.interval.ms", "1500");
    Path file = dir.resolve("scorer-" + instance + ".properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "system test scorer " + instance);
    }
    ServiceProcess scorer =
        new ServiceProcess(
            "scorer-" + instance,
            "320m",
            List.of("io.creditstream.scorer.ScorerApp", "--config", file.toString()),
            Map.of(),
            dir.resolve("logs").resolve("scorer-" + instance + ".log"),
            "http://127.0.0.1:" + port + "/health/ready");
    processes.add(scorer);
    return scorer;
  }

  /**
   * This deployment's decision-sealing keys, made once: the scorer's settings (private key file,
   * key id, public key file under {@code scorer.seal.public-key.<id>}), which replay and the portal
   * verify with.
   */
  public synchronized Map<String, String> sealKeys() {
    if (sealKeys == null) {
      try {
        Path keys = Files.createDirectories(dir.resolve("seal"));
        java.security.KeyPair pair = SealKeys.generate();
        Path priv = keys.resolve("seal.key");
        Path pub = keys.resolve("seal.pub");
        Files.writeString(priv, SealKeys.pem(pair.getPrivate()));
        Files.writeString(pub, SealKeys.pem(pair.getPublic()));
        String keyId = SealKeys.keyIdOf(pair.getPublic());
        sealKeys =
            Map.of(
                "scorer.seal.private-key",
                priv.toString(),
                "scorer.seal.key-id",
                keyId,
                "scorer.seal.public-key." + keyId,
                pub.toString());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return sealKeys;
  }

  /**
   * The portal (not started), on a free port, with the system's API key, auditor and link secret.
   */
  public Portal portal() throws IOException {
    int port = Ports.free();
    String url = "http://127.0.0.1:" + port;
    List<String> args = new ArrayList<>();
    args.add("io.creditstream.portal.PortalApplication");
    args.add("--server.address=127.0.0.1");
    args.add("--server.port=" + port);
    args.add("--spring.kafka.bootstrap-servers=" + system.platform().bootstrapServers());
    args.add("--creditstream.portal.public-base-url=" + url);
    args.add("--creditstream.portal.schema-registry-url=" + system.platform().registryUrl());
    args.add("--creditstream.portal.store-dir=" + dir.resolve("portal-data"));
    args.add(
        "--creditstream.portal.replay-reports-dir="
            + Files.createDirectories(dir.resolve("replay-reports")));
    args.add("--creditstream.portal.front-offices[0].name=system-test");
    args.add(
        "--creditstream.portal.front-offices[0].api-key-sha256="
            + SystemUnderTest.sha256(system.apiKey()));
    args.add("--creditstream.portal.auditors[0].username=auditor");
    args.add("--creditstream.portal.auditors[0].password-bcrypt=" + system.auditorPasswordBcrypt());
    args.add("--creditstream.portal.rate-limit.capacity=1000");
    args.add("--creditstream.portal.rate-limit.per-second=500");
    // The portal shows only decisions sealed by this deployment's scorer key.
    String keyId = sealKeys().get("scorer.seal.key-id");
    args.add(
        "--creditstream.portal.mirror.seal-public-keys["
            + keyId
            + "]="
            + sealKeys().get("scorer.seal.public-key." + keyId));
    // And the model cards of releases this deployment's release key signed.
    args.add(
        "--creditstream.portal.mirror.release-public-keys["
            + releaseKey.keyId()
            + "]="
            + releasePublicKey);
    config.forEach(
        (k, v) -> {
          if (k.startsWith(Topics.OVERRIDE_PREFIX)) {
            args.add(
                "--creditstream.portal.topics["
                    + k.substring(Topics.OVERRIDE_PREFIX.length())
                    + "]="
                    + v);
          }
        });
    ServiceProcess process =
        new ServiceProcess(
            "portal",
            "448m",
            args,
            // Through the environment, not the command line that `ps` shows.
            Map.of("CREDITSTREAM_PORTAL_LINK_SECRET", system.linkSecret()),
            dir.resolve("logs").resolve("portal.log"),
            url + "/actuator/health/readiness");
    processes.add(process);
    return new Portal(process, url, system.apiKey());
  }

  /**
   * Sends {@code n} applications from the generated file (looping over it, each with a fresh
   * application id) straight to the applications topic; {@code ratePerSecond} 0 means flat out.
   */
  public ApplicationPublisher.Result publish(long n, double ratePerSecond, AtomicBoolean stop)
      throws IOException {
    return ApplicationPublisher.publish(
        system.model().trafficFile(), config, ratePerSecond, n, "SYSTEM-TEST", true, stop);
  }

  /** A raw producer to any of this deployment's topics (bad bytes, foreign writers). */
  public KafkaProducer<byte[], byte[]> rawProducer() {
    return rawProducer(Map.of());
  }

  /** A producer of raw bytes with these settings on top (compression, request size). */
  public KafkaProducer<byte[], byte[]> rawProducer(Map<String, Object> settings) {
    Map<String, Object> p = new HashMap<>(config);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putAll(settings);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A consumer of raw bytes without a group; {@code committedOnly} reads only committed data. */
  public KafkaConsumer<byte[], byte[]> rawConsumer(boolean committedOnly) {
    Map<String, Object> p = new HashMap<>(config);
    p.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        committedOnly ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  LoanApplication decodeApplication(byte[] value) {
    return applicationReader.deserialize(topics.loanApplications().name(), value);
  }

  Decision decodeDecision(byte[] value) {
    return decisionReader.deserialize(topics.loanDecisions().name(), value);
  }

  DeadLetter decodeDeadLetter(byte[] value) {
    return deadLetterReader.deserialize(topics.deadLetters().name(), value);
  }

  /** Stops every process this deployment started, last started first. */
  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    processes.clear();
  }
}
