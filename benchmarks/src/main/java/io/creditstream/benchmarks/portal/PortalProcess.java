package io.creditstream.benchmarks.portal;

import io.creditstream.benchmarks.pipeline.BenchPlatform;
import io.creditstream.runtime.ChildProcess;
import io.creditstream.runtime.Ports;
import io.creditstream.seal.SealKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The request portal as a child JVM, started as {@code LocalSystem} starts it but with a rate limit
 * too high to matter (the limit protects production from one front office; here it must not be what
 * is measured). Holds what a client of it needs: its URL, the front office's API key and the
 * private half of the seal key the scorer must sign with for the portal to verify decisions.
 */
final class PortalProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PortalBenchmark.class);

  /** The key id under which the portal knows the scorer's seal key. */
  static final String SEAL_KEY_ID = "bench-seal";

  private final ChildProcess process;
  private final String url;
  private final String apiKey;
  private final Path sealKey;

  private PortalProcess(ChildProcess process, String url, String apiKey, Path sealKey) {
    this.process = process;
    this.url = url;
    this.apiKey = apiKey;
    this.sealKey = sealKey;
  }

  /**
   * Starts the portal on a free port of 127.0.0.1 against the bench's broker and registry, with a
   * fresh API key, auditor password, link secret and seal key pair, and waits until it is ready.
   */
  static PortalProcess start(BenchPlatform bench, HttpClient http) throws Exception {
    // the scorer seals with the private half, the portal shows what the public half verifies
    KeyPair seal = SealKeys.generate();
    Path sealKey =
        Files.writeString(bench.dir().resolve("seal.key"), SealKeys.pem(seal.getPrivate()));
    Path sealPublic =
        Files.writeString(bench.dir().resolve("seal.pub"), SealKeys.pem(seal.getPublic()));
    SecureRandom random = new SecureRandom();
    String apiKey = "bench-" + token(random, 24);
    String auditorPassword = token(random, 12);
    int port = Ports.orFree(0);
    String portalUrl = "http://127.0.0.1:" + port;
    Path state = bench.dir();
    List<String> args =
        List.of(
            "io.creditstream.portal.PortalApplication",
            "--server.address=127.0.0.1",
            "--server.port=" + port,
            "--spring.kafka.bootstrap-servers=" + bench.platform().bootstrapServers(),
            "--creditstream.portal.public-base-url=" + portalUrl,
            "--creditstream.portal.schema-registry-url=" + bench.platform().registryUrl(),
            "--creditstream.portal.store-dir=" + state.resolve("portal-data"),
            "--creditstream.portal.replay-reports-dir=" + state.resolve("replay-reports"),
            "--creditstream.portal.front-offices[0].name=benchmark",
            "--creditstream.portal.front-offices[0].api-key-sha256=" + sha256(apiKey),
            "--creditstream.portal.mirror.seal-public-keys[" + SEAL_KEY_ID + "]=" + sealPublic,
            "--creditstream.portal.auditors[0].username=auditor",
            "--creditstream.portal.auditors[0].password-bcrypt="
                + new BCryptPasswordEncoder().encode(auditorPassword),
            // The limit protects production from one front office; here it must not be what is
            // measured.
            "--creditstream.portal.rate-limit.capacity=1000000",
            "--creditstream.portal.rate-limit.per-second=1000000");
    ChildProcess portal =
        ChildProcess.startJava(
            "portal",
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")),
            args,
            Map.of("CREDITSTREAM_PORTAL_LINK_SECRET", token(random, 32)),
            state.resolve("logs").resolve("portal.log"));
    try {
      awaitReady(portal, http, portalUrl);
    } catch (Exception e) {
      portal.close();
      throw e;
    }
    return new PortalProcess(portal, portalUrl, apiKey, sealKey);
  }

  /** Base URL, e.g. {@code http://127.0.0.1:40123}. */
  String url() {
    return url;
  }

  /** The benchmark front office's API key. */
  String apiKey() {
    return apiKey;
  }

  /** PEM file of the private seal key, for the scorer's settings. */
  Path sealKey() {
    return sealKey;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path logFile() {
    return process.logFile();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }

  private static void awaitReady(ChildProcess portal, HttpClient http, String portalUrl)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!portal.isAlive()) {
        throw new IOException("The portal exited; log " + portal.logFile() + ":\n" + portal.tail());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(portalUrl + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          log.info("Portal ready at {}", portalUrl);
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IOException("The portal was not ready after 3 minutes; log " + portal.logFile());
  }

  private static String token(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }
}
