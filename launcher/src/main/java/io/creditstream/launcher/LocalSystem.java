package io.creditstream.launcher;

import io.creditstream.datagen.HomeCreditGenerator;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.runtime.ChildProcess;
import io.creditstream.runtime.ProcessPlatform;
import io.creditstream.topics.TopicSpec;
import io.creditstream.topics.TopicSpecs;
import io.creditstream.trainer.publish.FeaturePublisher;
import io.creditstream.trainer.publish.ModelPublisher;
import io.creditstream.trainer.train.TrainCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system on one machine. State lives in one directory: the broker's and registry's data,
 * the generated tables, the model, the secrets, and every process's log. A second start with the
 * same directory resumes: nothing is generated, trained or published again unless asked ({@code
 * retrain}).
 *
 * <p>Processes: the broker and registry (children, from {@code local-runtime}), the scorer and the
 * portal (children running this JVM's classpath), and a feeder thread here that submits
 * applications through the portal's front-office API, as a lender's systems would.
 */
public final class LocalSystem implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);
  private static final ObjectMapper JSON = JsonMapper.builderWithJackson2Defaults().build();

  /** What the local system is started with; ports 0 mean free ones. */
  public record Settings(
      Path stateDir,
      Path realData,
      boolean retrain,
      int applications,
      double ratePerSecond,
      int kafkaPort,
      int controllerPort,
      int registryPort,
      int portalPort,
      int scorerPort,
      int trainTrials,
      Consumer<String> progress) {}

  private final Settings settings;
  private final List<ChildProcess> services = new ArrayList<>();
  private final List<String> clientLinks = new CopyOnWriteArrayList<>();
  private ProcessPlatform platform;
  private Feeder feeder;
  private String portalUrl;
  private String scorerUrl;
  private String apiKey;
  private String auditorPassword;
  private String modelVersion;

  private LocalSystem(Settings settings) {
    this.settings = settings;
  }

  /** Starts everything, in order, reporting each step; on failure stops what it started. */
  public static LocalSystem start(Settings settings) throws Exception {
    LocalSystem system = new LocalSystem(settings);
    try {
      system.startAll();
      return system;
    } catch (Exception | Error e) {
      system.close();
      throw e;
    }
  }

  public String portalUrl() {
    return portalUrl;
  }

  public String scorerUrl() {
    return scorerUrl;
  }

  public String apiKey() {
    return apiKey;
  }

  public String auditorPassword() {
    return auditorPassword;
  }

  public String modelVersion() {
    return modelVersion;
  }

  public ProcessPlatform platform() {
    return platform;
  }

  /** Client links of the applications submitted so far (the first few hundred). */
  public List<String> clientLinks() {
    return List.copyOf(clientLinks);
  }

  public long submitted() {
    return feeder == null ? 0 : feeder.submitted();
  }

  private void step(String message) {
    log.info(message);
    settings.progress().accept(message);
  }

  private void startAll() throws Exception {
    Path state = settings.stateDir().toAbsolutePath();
    Files.createDirectories(state.resolve("logs"));
    Properties secrets = secrets(state.resolve("secrets.properties"));
    apiKey = secrets.getProperty("front-office.api-key");
    auditorPassword = secrets.getProperty("auditor.password");

    step("Starting the Kafka broker and the schema registry...");
    platform =
        ProcessPlatform.start(
            state.resolve("platform"),
            settings.kafkaPort(),
            settings.controllerPort(),
            settings.registryPort(),
            true);
    Map<String, Object> config = platform.clientConfig();
    for (TopicSpec topic : TopicSpecs.all(config)) {
      platform.createTopic(topic.name(), topic.partitions(), topic.configs());
    }
    step(
        "Broker at "
            + platform.bootstrapServers()
            + ", registry at "
            + platform.registryUrl()
            + "; topics ready");

    Path data =
        settings.realData() != null
            ? settings.realData()
            : Files.createDirectories(state.resolve("data"));
    Path modelDir = state.resolve("model");
    Path published = state.resolve("published.properties");
    boolean haveModel = Files.exists(modelDir.resolve("model.ubj"));
    if (settings.retrain() || !haveModel) {
      if (settings.realData() == null
          && (settings.retrain() || HomeCreditTable.APPLICATION_TRAIN.locate(data).isEmpty())) {
        step("Generating " + settings.applications() + " Home-Credit-shaped applications...");
        HomeCreditGenerator.generate(data, settings.applications(), 42, 0.3);
      }
      step("Training the model on " + data + " (takes a minute)...");
      int exit =
          new CommandLine(new TrainCommand())
              .execute(
                  "--data",
                  data.toString(),
                  "--out",
                  modelDir.toString(),
                  "--folds",
                  "3",
                  "--trials",
                  Integer.toString(settings.trainTrials()),
                  "--max-rounds",
                  "400",
                  "--early-stopping",
                  "30");
      if (exit != 0) {
        throw new IOException("Training failed (exit " + exit + ")");
      }
      Files.deleteIfExists(published);
    } else {
      step("Reusing the model in " + modelDir + " (pass --retrain to train again)");
    }
    byte[] model = Files.readAllBytes(modelDir.resolve("model.ubj"));
    modelVersion = io.creditstream.model.ModelVersion.of(model);
    Properties done = load(published);
    // The local system's own release key signs the model and the client histories; its scorer
    // believes nothing else (a state published unsigned is published again, signed).
    SealKeyFiles release = keyPair(state.resolve("release"), "release");
    if (!modelVersion.equals(done.getProperty("model"))
        || !release.keyId().equals(done.getProperty("signed-by"))) {
      step("Publishing the client features and model " + modelVersion + "...");
      io.creditstream.seal.SealKeys.Signer releaseKey =
          new io.creditstream.seal.SealKeys.Signer(
              release.keyId(), io.creditstream.seal.SealKeys.readPrivateKey(release.privateKey()));
      FeaturePublisher.publish(data, config, Instant.now(), releaseKey);
      ModelPublisher.publish(
          model, Files.readString(modelDir.resolve("model-card.json")), true, config, releaseKey);
      done.setProperty("model", modelVersion);
      done.setProperty("signed-by", release.keyId());
      store(done, published);
    } else {
      step("Features and model " + modelVersion + " already published");
    }

    step("Starting the scorer...");
    int scorerPort = io.creditstream.runtime.Ports.orFree(settings.scorerPort());
    Path scorerConfig = state.resolve("scorer.properties");
    Properties scorer = new Properties();
    scorer.setProperty("bootstrap.servers", platform.bootstrapServers());
    scorer.setProperty("schema.registry.url", platform.registryUrl());
    scorer.setProperty("application.id", "creditstream-scorer");
    scorer.setProperty("state.dir", state.resolve("scorer-state").toString());
    scorer.setProperty("scorer.instance", "local-scorer-1");
    scorer.setProperty("scorer.http.host", "127.0.0.1");
    scorer.setProperty("scorer.http.port", Integer.toString(scorerPort));
    scorer.setProperty("scorer.drift.interval.ms", "30000");
    SealKeyFiles seal = sealKeys(state.resolve("seal"));
    scorer.setProperty("scorer.seal.private-key", seal.privateKey().toString());
    scorer.setProperty("scorer.seal.key-id", seal.keyId());
    // replay with this file verifies with the public key, as an auditor's copy would
    scorer.setProperty("scorer.seal.public-key." + seal.keyId(), seal.publicKey().toString());
    // model releases: only those signed by the local release key are believed
    scorer.setProperty(
        "scorer.release.public-key." + release.keyId(), release.publicKey().toString());
    store(scorer, scorerConfig);
    services.add(
        ChildProcess.startJava(
            "scorer",
            jvm("384m"),
            List.of("io.creditstream.scorer.ScorerApp", "--config", scorerConfig.toString()),
            Map.of(),
            state.resolve("logs").resolve("scorer.log")));
    scorerUrl = "http://127.0.0.1:" + scorerPort;

    step("Starting the portal...");
    int portalPort = io.creditstream.runtime.Ports.orFree(settings.portalPort());
    portalUrl = "http://127.0.0.1:" + portalPort;
    Path reports = Files.createDirectories(state.resolve("replay-reports"));
    List<String> portalArgs =
        List.of(
            "io.creditstream.portal.PortalApplication",
            "--server.address=127.0.0.1",
            "--server.port=" + portalPort,
            "--spring.kafka.bootstrap-servers=" + platform.bootstrapServers(),
            "--creditstream.portal.public-base-url=" + portalUrl,
            "--creditstream.portal.schema-registry-url=" + platform.registryUrl(),
            "--creditstream.portal.store-dir=" + state.resolve("portal-data"),
            "--creditstream.portal.replay-reports-dir=" + reports,
            "--creditstream.portal.front-offices[0].name=local-feeder",
            "--creditstream.portal.front-offices[0].api-key-sha256=" + sha256(apiKey),
            "--creditstream.portal.auditors[0].username=auditor",
            "--creditstream.portal.auditors[0].password-bcrypt="
                + secrets.getProperty("auditor.password-bcrypt"),
            // The local feeder submits faster than a real front office would.
            "--creditstream.portal.rate-limit.capacity=200",
            "--creditstream.portal.rate-limit.per-second=100",
            // the portal shows only decisions sealed by this scorer's key
            "--creditstream.portal.mirror.seal-public-keys["
                + seal.keyId()
                + "]="
                + seal.publicKey(),
            // and model cards only of releases the local release key signed
            "--creditstream.portal.mirror.release-public-keys["
                + release.keyId()
                + "]="
                + release.publicKey());
    // The link secret goes through the environment, not the command line, which `ps` shows.
    services.add(
        ChildProcess.startJava(
            "portal",
            jvm("512m"),
            portalArgs,
            Map.of("CREDITSTREAM_PORTAL_LINK_SECRET", secrets.getProperty("link-secret")),
            state.resolve("logs").resolve("portal.log")));

    awaitHttp("scorer", scorerUrl + "/health/ready", services.get(0), Duration.ofMinutes(3));
    awaitHttp(
        "portal", portalUrl + "/actuator/health/readiness", services.get(1), Duration.ofMinutes(3));
    step("Scorer and portal ready");

    Path traffic =
        HomeCreditTable.APPLICATION_TEST
            .locate(data)
            .or(() -> locateQuietly(HomeCreditTable.APPLICATION_TRAIN, data))
            .orElseThrow(() -> new IOException("No application file to replay in " + data));
    feeder = new Feeder(traffic, portalUrl, apiKey, settings.ratePerSecond(), clientLinks::add);
    feeder.start();
    step("Submitting applications from " + traffic + " at " + settings.ratePerSecond() + "/s");
  }

  private static java.util.Optional<Path> locateQuietly(HomeCreditTable table, Path dir) {
    try {
      return table.locate(dir);
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static List<String> jvm(String heap) {
    return List.of(
        "-Xmx" + heap,
        // Small heaps and the serial collector: the whole system shares a laptop's cores.
        "-XX:+UseSerialGC",
        "-cp",
        System.getProperty("java.class.path"));
  }

  private static void awaitHttp(String name, String url, ChildProcess process, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
    process.awaitReady(
        name + " (" + url + ")",
        timeout,
        () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  record SealKeyFiles(String keyId, Path privateKey, Path publicKey) {}

  /**
   * The local system's own decision-sealing key pair, made once per state directory (the private
   * key mode 600): the scorer signs with it, the portal and replay verify with its public half.
   */
  static SealKeyFiles sealKeys(Path dir) throws IOException {
    return keyPair(dir, "seal");
  }

  /**
   * An Ed25519 key pair {@code NAME.key} / {@code NAME.pub} in {@code dir}, made once (the private
   * key mode 600): the seal's (the scorer signs decisions) and the release key's (the launcher
   * signs the model it publishes, the scorer believes only what it signed).
   */
  static SealKeyFiles keyPair(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path priv = dir.resolve(name + ".key");
    Path pub = dir.resolve(name + ".pub");
    if (!Files.exists(priv) || !Files.exists(pub)) {
      java.security.KeyPair pair = io.creditstream.seal.SealKeys.generate();
      Files.writeString(pub, io.creditstream.seal.SealKeys.pem(pair.getPublic()));
      Files.writeString(priv, io.creditstream.seal.SealKeys.pem(pair.getPrivate()));
      try {
        Files.setPosixFilePermissions(
            priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's own permissions apply.
      }
    }
    String keyId =
        io.creditstream.seal.SealKeys.keyIdOf(io.creditstream.seal.SealKeys.readPublicKey(pub));
    return new SealKeyFiles(keyId, priv, pub);
  }

  /** Secrets are made once per state directory and kept there (mode 600), never logged. */
  private static Properties secrets(Path file) throws IOException {
    Properties secrets = load(file);
    if (secrets.getProperty("link-secret") == null) {
      SecureRandom random = new SecureRandom();
      secrets.setProperty("link-secret", token(random, 32));
      secrets.setProperty("front-office.api-key", "local-" + token(random, 24));
      String password = token(random, 12);
      secrets.setProperty("auditor.password", password);
      secrets.setProperty("auditor.password-bcrypt", new BCryptPasswordEncoder().encode(password));
      store(secrets, file);
      try {
        Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's own permissions apply.
      }
    }
    return secrets;
  }

  private static String token(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      }
    }
    return props;
  }

  private static void store(Properties props, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "written by creditstream local");
    }
  }

  /** Stops the feeder, the portal, the scorer, then the broker and registry. */
  @Override
  public void close() throws InterruptedException {
    if (feeder != null) {
      feeder.stop();
    }
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    services.clear();
    if (platform != null) {
      platform.close();
      platform = null;
    }
  }

  /** Reads a decision through the portal's front-office API: the JSON, or null while pending. */
  public JsonNode decision(String applicationId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            portalUrl + "/api/v1/applications/" + applicationId + "/decision"))
                    .header("X-API-Key", apiKey)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  /** Application ids the feeder had accepted, in order. */
  public List<String> submittedApplicationIds() {
    return feeder == null ? List.of() : feeder.applicationIds();
  }
}
