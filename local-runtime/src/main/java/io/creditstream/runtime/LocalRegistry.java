package io.creditstream.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 2.6 in its own JVM, from the distribution archive Maven resolved from
 * Maven Central, bound to loopback, with the global compatibility rule BACKWARD (Confluent's
 * default; Apicurio's is NONE). Clients use only its Confluent-compatible API, {@link
 * #confluentUrl()}.
 *
 * <p>In memory by default. With {@code persistent}, its data lives in an H2 file beside the
 * broker's data: an in-memory registry restarted under a broker that kept its records would hand
 * out schema ids 1, 2, ... again and old records would decode against the wrong schema.
 */
public final class LocalRegistry extends LocalService {
  private final Path dir;
  private final int port;
  private final boolean persistent;
  private final String heap;

  LocalRegistry(Path dir, int port, boolean persistent, String heap) {
    super("Apicurio registry", Duration.ofSeconds(20));
    this.dir = dir;
    this.port = Ports.orFree(port);
    this.persistent = persistent;
    this.heap = heap;
  }

  /** The Confluent Schema Registry compatible base URL. */
  public String confluentUrl() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  @Override
  String address() {
    return confluentUrl();
  }

  public int port() {
    return port;
  }

  @Override
  public Path logFile() {
    return dir.resolve("registry.log");
  }

  public synchronized void start() throws IOException, InterruptedException {
    Path home = distribution();
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xms64m");
    jvm.add("-Xmx" + heap);
    jvm.add("-Dquarkus.http.host=127.0.0.1");
    jvm.add("-Dquarkus.http.port=" + port);
    // 2.6.x reads registry.*; the 3.x name apicurio.rules.* is silently ignored by 2.6 (see
    // STACK.md).
    jvm.add("-Dregistry.rules.global.compatibility=BACKWARD");
    // Compare canonical forms, so one schema written by two clients is one version.
    jvm.add("-Dregistry.ccompat.use-canonical-hash=true");
    jvm.add("-Dquarkus.log.level=INFO");
    Map<String, String> env =
        persistent
            ? Map.of(
                "REGISTRY_DATASOURCE_URL",
                "jdbc:h2:file:" + dir.resolve("registry_db").toAbsolutePath())
            : Map.of();
    jvm.add("-jar");
    jvm.add(home.resolve("apicurio-registry-app-runner.jar").toString());
    launch("apicurio-registry", jvm, List.of(), env, Duration.ofSeconds(120));
  }

  @Override
  void awaitReady(ChildProcess process, String what, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(confluentUrl() + "/subjects"))
            .timeout(Duration.ofSeconds(3))
            .build();
    process.awaitReady(
        what,
        timeout,
        () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  /**
   * The unpacked distribution, in a cache beside the local Maven repository's archive so that it is
   * unpacked once per machine, not per run. Unpacked into a temporary directory and renamed, so a
   * run that was interrupted half-way never leaves a broken copy.
   */
  static Path distribution() throws IOException, InterruptedException {
    Path archive = archive();
    String name = archive.getFileName().toString().replace(".tar.gz", "");
    Path cache =
        Path.of(
            System.getProperty(
                "creditstream.cache",
                Path.of(System.getProperty("user.home"), ".cache", "creditstream").toString()));
    Path home = cache.resolve(name);
    Path runner = home.resolve("apicurio-registry-app-runner.jar");
    if (Files.exists(runner)) {
      return home;
    }
    Files.createDirectories(cache);
    Path tmp = Files.createTempDirectory(cache, name + ".unpacking-");
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", tmp.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
      throw new IOException("Could not unpack " + archive + " with tar: " + output);
    }
    try (var files = Files.list(tmp)) {
      Path jar =
          files
              .filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
              .findFirst()
              .orElseThrow(() -> new IOException("No *-runner.jar in " + archive));
      Files.move(jar, tmp.resolve("apicurio-registry-app-runner.jar"));
    }
    try {
      Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      if (!Files.exists(runner)) {
        throw raced;
      }
      // Another JVM unpacked it at the same time: use theirs.
    }
    return home;
  }

  private static Path archive() throws IOException {
    try (InputStream in = LocalRegistry.class.getResourceAsStream("registry.distribution")) {
      if (in == null) {
        throw new IOException(
            "registry.distribution resource missing: build local-runtime with Maven so that it resolves"
                + " io.apicurio:apicurio-registry-app:tar.gz:all");
      }
      Path archive = Path.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
      if (!Files.exists(archive)) {
        throw new IOException(
            "Apicurio distribution "
                + archive
                + " is missing: run ./mvnw -pl local-runtime install");
      }
      return archive;
    }
  }
}
