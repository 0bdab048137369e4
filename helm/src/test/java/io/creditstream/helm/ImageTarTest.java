package io.creditstream.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The images Jib built under {@code -Pimages} (tarballs in {@code target/images/<name>/image.tar},
 * FROM the local base made by {@code images/make-local-base-image.sh}): their configuration, their
 * layers, and a real run of each entrypoint in the unpacked image, as the image's user, with {@code
 * chroot} in a private mount namespace (so it needs root and util-linux, as on the build machines).
 * Only runs in the images profile; the default build does not build images.
 */
@SuppressWarnings("unchecked")
class ImageTarTest {

  private static final Path IMAGES = Path.of("target/images").toAbsolutePath();

  @TempDir static Path work;
  private static final Map<String, Image> unpacked = new java.util.HashMap<>();

  /** Each image is unpacked once (about 250 MB) and shared by the tests that read or run it. */
  private static synchronized Image image(String name) throws Exception {
    Image image = unpacked.get(name);
    if (image == null) {
      image = Image.unpack(IMAGES.resolve(name).resolve("image.tar"), work.resolve(name));
      unpacked.put(name, image);
    }
    return image;
  }

  @BeforeAll
  static void needsTheImagesAndRoot() throws Exception {
    for (String name : List.of("scorer", "portal")) {
      Path tar = IMAGES.resolve(name).resolve("image.tar");
      if (!Files.isRegularFile(tar)) {
        throw new IllegalStateException(
            "No image at " + tar + ": build with ./mvnw -Pimages verify (jib:buildTar at package)");
      }
    }
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!"0".equals(uid)) {
      throw new IllegalStateException(
          "Running an unpacked image needs root (chroot, mount namespace); uid is " + uid);
    }
  }

  @Test
  void scorerImageRunsAsNonRootWithContainerAwareJvmFlagsOnPort8090() throws Exception {
    // given the scorer image
    Image image = image("scorer");

    // then its configuration is the one the chart relies on
    assertThat((String) image.config("User")).isEqualTo("65532:65532");
    assertThat((List<String>) image.config("Entrypoint"))
        .containsSubsequence(
            "java",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            "@/app/jib-classpath-file",
            "io.creditstream.scorer.ScorerApp");
    assertThat((Map<String, Object>) image.config("ExposedPorts")).containsOnlyKeys("8090/tcp");
    assertThat((Map<String, Object>) image.config("Labels"))
        .containsEntry("org.opencontainers.image.title", "creditstream-scorer")
        .containsKeys(
            "org.opencontainers.image.source",
            "org.opencontainers.image.revision",
            "org.opencontainers.image.version");
    // and the scorer scores in pure Java: XGBoost4J (and its native libgomp need) is not shipped
    assertThat(image.libs()).isNotEmpty().noneMatch(jar -> jar.startsWith("xgboost4j"));
    assertThat(image.libs()).anyMatch(jar -> jar.startsWith("kafka-streams-"));
  }

  @Test
  void scorerEntrypointStartsInTheImageAndReadsItsSettingsFromTheEnvironment() throws Exception {
    // given the unpacked scorer image
    Image image = image("scorer");

    // when its entrypoint runs with --help, then picocli's usage comes out of the image's JVM
    Run help = image.run(List.of(), List.of("--help"));
    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: stream-scorer").contains("--config=FILE");

    // when it runs with an impossible setting, then it refuses it by name and exits 1
    Run bad = image.run(List.of("CREDITSTREAM_SCORER_REASONS_COUNT=0"), List.of());
    assertThat(bad.exitCode()).as(bad.output()).isEqualTo(1);
    assertThat(bad.output()).contains("scorer.reasons.count must be at least 1");

    // when it runs without a sealing key, then it refuses to start and says which setting
    Run unsealed = image.run(List.of(), List.of());
    assertThat(unsealed.exitCode()).as(unsealed.output()).isNotZero();
    assertThat(unsealed.output()).contains("no signing key for the decision seal");
  }

  @Test
  void scorerServesHealthAndMetricsFromAReadOnlyRootAndStopsCleanlyOnSigterm() throws Exception {
    // given the scorer image run as the chart runs it: read-only root, /tmp and the state dir
    // writable, listening on all interfaces, and no broker to reach (nothing listens on port 1)
    Image image = image("scorer");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // and its sealing key where the chart mounts the seal Secret, named by the chart's settings
    Map<String, String> chartEnv =
        ChartScorerSettingsTest.environment(RenderedChart.render(), Map.of());
    String keyFile = chartEnv.get("CREDITSTREAM_SCORER_SEAL_PRIVATE__KEY");
    Path key = image.rootfs().resolve(keyFile.substring(1));
    Files.createDirectories(key.getParent());
    Files.writeString(
        key,
        io.creditstream.seal.SealKeys.pem(io.creditstream.seal.SealKeys.generate().getPrivate()));
    // and the release keys' public halves where the chart mounts their ConfigMap
    List<String> env = new java.util.ArrayList<>();
    for (Map.Entry<String, String> e : chartEnv.entrySet()) {
      if (e.getKey().startsWith("CREDITSTREAM_SCORER_RELEASE_")) {
        env.add(e.getKey() + "=" + e.getValue());
        if (e.getKey().startsWith("CREDITSTREAM_SCORER_RELEASE_PUBLIC__KEY_")) {
          Path pub = image.rootfs().resolve(e.getValue().substring(1));
          Files.createDirectories(pub.getParent());
          Files.writeString(
              pub,
              io.creditstream.seal.SealKeys.pem(
                  io.creditstream.seal.SealKeys.generate().getPublic()));
        }
      }
    }
    assertThat(env).anyMatch(v -> v.startsWith("CREDITSTREAM_SCORER_RELEASE_PUBLIC__KEY_"));
    env.addAll(
        List.of(
            "CREDITSTREAM_SCORER_SEAL_PRIVATE__KEY=" + keyFile,
            "CREDITSTREAM_SCORER_SEAL_KEY__ID=" + chartEnv.get("CREDITSTREAM_SCORER_SEAL_KEY__ID"),
            "CREDITSTREAM_SCORER_HTTP_HOST=0.0.0.0",
            "CREDITSTREAM_SCORER_HTTP_PORT=" + port,
            "CREDITSTREAM_BOOTSTRAP_SERVERS=127.0.0.1:1",
            "CREDITSTREAM_SCHEMA_REGISTRY_URL=http://127.0.0.1:1",
            "CREDITSTREAM_STATE_DIR=/var/lib/creditstream/state"));
    Process scorer =
        image.start(
            env,
            image.<List<String>>config("Entrypoint"),
            List.of("/tmp", "/var/lib/creditstream/state"));
    StringBuffer output = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try (var in = scorer.getInputStream()) {
                output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                output.append(e);
              }
            });
    reader.start();
    try {
      // when the probes and Prometheus ask it, as the kubelet and the ServiceMonitor would
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> live = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (live == null && System.nanoTime() < deadline && scorer.isAlive()) {
        try {
          live = http.send(get(port, "/health/live"), HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYet) {
          TimeUnit.MILLISECONDS.sleep(250);
        }
      }
      assertThat(live).as("no answer on /health/live; output:%n%s", output).isNotNull();

      // then it is alive, not ready (no model, no broker), and serves its metrics
      assertThat(live.statusCode()).isEqualTo(200);
      HttpResponse<String> ready =
          http.send(get(port, "/health/ready"), HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      HttpResponse<String> metrics =
          http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("# TYPE");
    } finally {
      // when it gets SIGTERM, then it stops by itself within the chart's grace period
      // (SIGTERM goes to the JVM itself: chroot's change of user clears unshare's kill-child)
      scorer.descendants().forEach(ProcessHandle::destroy);
      // 60 s: the chart's terminationGracePeriodSeconds, after which the kubelet kills it. With
      // no broker to reach, closing the clients took ~40 s here on a loaded machine.
      boolean stopped = scorer.waitFor(60, TimeUnit.SECONDS);
      if (!stopped) {
        scorer.descendants().forEach(ProcessHandle::destroyForcibly);
        scorer.destroyForcibly();
      }
      reader.join(5_000);
      assertThat(stopped).as("still running 60 s after SIGTERM; output:%n%s", output).isTrue();
    }
    assertThat(output.toString()).contains("Stopping scorer");
  }

  @Test
  void portalImageStartsWithTheChartsConfigFilesOnAReadOnlyRootAndReportsLiveAndReady()
      throws Exception {
    // given the portal image and the chart's own config files for it, on a free port, with no
    // broker to reach (the portal starts without one and catches up when it can)
    Image image = image("portal");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    int chosenPort = port;
    RenderedChart chart =
        RenderedChart.render(
            cmd ->
                cmd.set("portal.httpPort", chosenPort)
                    .set("kafka.bootstrapServers", "127.0.0.1:1")
                    .set("schemaRegistry.url", "http://127.0.0.1:1")
                    .set("portal.keys.linkSecret", "k".repeat(48)));
    String appYaml =
        RenderedChart.at(
            chart.get("ConfigMap", RenderedChart.FULLNAME + "-portal"), "data.[application.yaml]");
    String keysYaml =
        ChartDefaultValuesTest.decode(
            RenderedChart.at(
                chart.get("Secret", RenderedChart.FULLNAME + "-portal-keys"),
                "data.[portal-keys.yaml]"));
    Files.createDirectories(image.rootfs().resolve("etc/creditstream/portal"));
    Files.createDirectories(image.rootfs().resolve("etc/creditstream/keys"));
    Files.writeString(image.rootfs().resolve("etc/creditstream/portal/application.yaml"), appYaml);
    Files.writeString(image.rootfs().resolve("etc/creditstream/keys/portal-keys.yaml"), keysYaml);
    // the sealing keys' ConfigMap, one file per key id, where the chart mounts it
    Path sealKeys = image.rootfs().resolve("etc/creditstream/seal-keys");
    Files.createDirectories(sealKeys);
    Map<String, String> sealFiles =
        RenderedChart.at(
            chart.get("ConfigMap", RenderedChart.FULLNAME + "-portal-seal-keys"), "data");
    for (Map.Entry<String, String> file : sealFiles.entrySet()) {
      Files.writeString(sealKeys.resolve(file.getKey()), file.getValue());
    }
    Map<String, Object> container =
        RenderedChart.at(
            chart.get("Deployment", RenderedChart.FULLNAME + "-portal"),
            "spec.template.spec.containers[0]");
    String locations =
        RenderedChart.at(container, "env[name=SPRING_CONFIG_ADDITIONAL_LOCATION].value");

    Process portal =
        image.start(
            List.of(
                "SPRING_CONFIG_ADDITIONAL_LOCATION=" + locations,
                "CREDITSTREAM_PORTAL_LINK_SECRET=" + "k".repeat(48)),
            image.<List<String>>config("Entrypoint"),
            List.of("/tmp", "/var/lib/creditstream/portal"));
    StringBuffer output = new StringBuffer();
    Thread reader = drain(portal, output);
    try {
      // when the kubelet's probes ask it, on the paths and port the chart's probes use
      String livePath = RenderedChart.at(container, "livenessProbe.httpGet.path");
      String readyPath = RenderedChart.at(container, "readinessProbe.httpGet.path");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> live = poll(http, port, livePath, portal, Duration.ofSeconds(180));
      assertThat(live).as("no answer on %s; output:%n%s", livePath, output).isNotNull();

      // then it is live and ready
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(http.send(get(port, readyPath), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    } finally {
      portal.descendants().forEach(ProcessHandle::destroy);
      boolean stopped = portal.waitFor(30, TimeUnit.SECONDS);
      if (!stopped) {
        portal.descendants().forEach(ProcessHandle::destroyForcibly);
        portal.destroyForcibly();
      }
      reader.join(5_000);
      // 30 s: Kubernetes' default grace period, which the chart keeps for the portal
      assertThat(stopped).as("still running 30 s after SIGTERM; output:%n%s", output).isTrue();
    }
  }

  private static Thread drain(Process process, StringBuffer into) {
    Thread reader =
        new Thread(
            () -> {
              try (var in = process.getInputStream()) {
                into.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                into.append(e);
              }
            });
    reader.start();
    return reader;
  }

  private static HttpResponse<String> poll(
      HttpClient http, int port, String path, Process process, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        return http.send(get(port, path), HttpResponse.BodyHandlers.ofString());
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(250);
      }
    }
    return null;
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void portalImageLoadsItsMainClassWithTheImagesJvmAsNonRootOnPort8080() throws Exception {
    // given the portal image
    Image image = image("portal");

    // then its configuration matches the chart's
    assertThat((String) image.config("User")).isEqualTo("65532:65532");
    assertThat((List<String>) image.config("Entrypoint"))
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
        .endsWith("io.creditstream.portal.PortalApplication");
    assertThat((Map<String, Object>) image.config("ExposedPorts")).containsOnlyKeys("8080/tcp");
    assertThat(image.libs()).anyMatch(jar -> jar.startsWith("spring-boot-"));

    // when the JVM is asked to load the main class without running it (java --dry-run: the
    // portal itself would wait for Kafka), then the class path and the flags are valid
    Run dryRun = image.runWithJavaOption("--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
  }

  @Test
  void imagesAreReproducibleFixedCreationAndFileTimes() throws Exception {
    for (String name : List.of("scorer", "portal")) {
      // given an image
      Image image = image(name);

      // then it was created at the epoch, and every file Jib wrote has the fixed time
      assertThat(image.configJson().get("created")).isEqualTo("1970-01-01T00:00:00Z");
      List<Map<String, Object>> history =
          (List<Map<String, Object>>) image.configJson().get("history");
      assertThat(history)
          .allSatisfy(h -> assertThat(h.get("created")).isEqualTo("1970-01-01T00:00:00Z"));
      assertThat(
              Files.getLastModifiedTime(image.rootfs().resolve("app/jib-classpath-file"))
                  .toMillis())
          .isEqualTo(1000L);
    }
  }

  record Run(int exitCode, String output) {}

  /** An image tarball unpacked: its config.json and its layers applied in order to a rootfs. */
  record Image(Map<String, Object> configJson, Path rootfs) {

    static Image unpack(Path tar, Path work) throws Exception {
      Path extracted = Files.createDirectories(work.resolve("tar"));
      exec(List.of("tar", "-xf", tar.toString(), "-C", extracted.toString()));
      Yaml yaml = new Yaml();
      List<Map<String, Object>> manifest =
          yaml.load(Files.readString(extracted.resolve("manifest.json")));
      Map<String, Object> config =
          yaml.load(Files.readString(extracted.resolve((String) manifest.get(0).get("Config"))));
      Path rootfs = Files.createDirectories(work.resolve("rootfs"));
      for (Object layer : (List<?>) manifest.get(0).get("Layers")) {
        exec(
            List.of(
                "tar",
                "--warning=no-unknown-keyword",
                "-xf",
                extracted.resolve((String) layer).toString(),
                "-C",
                rootfs.toString()));
      }
      return new Image(config, rootfs);
    }

    @SuppressWarnings("unchecked")
    <T> T config(String key) {
      return (T) ((Map<String, Object>) configJson.get("config")).get(key);
    }

    List<String> libs() throws IOException {
      try (var files = Files.list(rootfs.resolve("app/libs"))) {
        return files.map(p -> p.getFileName().toString()).sorted().toList();
      }
    }

    Run run(List<String> extraEnv, List<String> args) throws Exception {
      List<String> command = new ArrayList<>(this.<List<String>>config("Entrypoint"));
      command.addAll(args);
      return runInImage(extraEnv, command);
    }

    Run runWithJavaOption(String option) throws Exception {
      List<String> command = new ArrayList<>(this.<List<String>>config("Entrypoint"));
      command.add(1, option);
      return runInImage(List.of(), command);
    }

    /**
     * Runs a command the way a container runtime would: the image's environment only, its user, its
     * root, with /proc mounted (the JVM's launcher resolves its own libraries through it).
     */
    private Run runInImage(List<String> extraEnv, List<String> command) throws Exception {
      Process process = start(extraEnv, command, List.of("/tmp"));
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Timed out: " + command + "\n" + output);
      }
      return new Run(process.exitValue(), output);
    }

    /**
     * Starts a command the way Kubernetes runs the chart's pods: the image's environment only, its
     * user, its root mounted read-only, the given directories writable (emptyDir-like tmpfs), and
     * /proc (the JVM's launcher finds its own libraries through it). The returned process is {@code
     * unshare}: terminating it sends SIGTERM to the command, as the kubelet does.
     */
    Process start(List<String> extraEnv, List<String> command, List<String> writable)
        throws IOException {
      List<String> env = new ArrayList<>(this.<List<String>>config("Env"));
      env.addAll(extraEnv);
      String executable = resolve(command.get(0), env);
      List<String> chrooted = new ArrayList<>(command);
      chrooted.set(0, executable);
      String mount = hostTool("mount");
      StringBuilder script = new StringBuilder();
      script.append(mount).append(" --bind \"$0\" \"$0\" && ");
      script.append(mount).append(" -o remount,bind,ro \"$0\" && ");
      script.append(mount).append(" -t proc proc \"$0/proc\"");
      for (String dir : writable) {
        Files.createDirectories(rootfs.resolve(dir.substring(1)));
        script
            .append(" && ")
            .append(mount)
            .append(" -t tmpfs -o mode=1777 tmpfs \"$0")
            .append(dir)
            .append('"');
      }
      script.append(" && exec ").append(hostTool("chroot"));
      script.append(" --userspec=").append(config("User").toString()).append(" \"$0\"");
      for (int i = 0; i < chrooted.size(); i++) {
        script.append(" \"${").append(i + 1).append("}\"");
      }
      // The image's environment only (env -i), so the host tools are named by absolute path.
      List<String> full = new ArrayList<>(List.of(hostTool("env"), "-i"));
      full.addAll(env);
      full.addAll(
          List.of(
              hostTool("unshare"),
              "--mount",
              "--fork",
              "--kill-child=SIGTERM",
              hostTool("sh"),
              "-c",
              script.toString(),
              rootfs.toString()));
      full.addAll(chrooted);
      return new ProcessBuilder(full).redirectErrorStream(true).start();
    }

    /** A tool of this machine, by absolute path. */
    private static String hostTool(String name) {
      for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return dir + "/" + name;
        }
      }
      throw new IllegalStateException(name + " is not installed (util-linux/coreutils)");
    }

    /** The entrypoint's program found on the image's PATH, as a container runtime does. */
    private String resolve(String program, List<String> env) {
      if (program.startsWith("/")) {
        return program;
      }
      String path =
          env.stream()
              .filter(e -> e.startsWith("PATH="))
              .findFirst()
              .map(e -> e.substring(5))
              .orElseThrow(() -> new AssertionError("The image sets no PATH: " + env));
      for (String dir : path.split(":")) {
        if (Files.isExecutable(rootfs.resolve(dir.substring(1)).resolve(program))) {
          return dir + "/" + program;
        }
      }
      throw new AssertionError(program + " is not on the image's PATH " + path);
    }

    private static void exec(List<String> command) throws Exception {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException(command + " failed: " + out);
      }
    }
  }
}
