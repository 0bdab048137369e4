package io.creditstream.systemtests;

import io.creditstream.runtime.ProcessPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The fixed part of the system under test: a real broker and a real registry (persistent, so a
 * registry restart keeps every schema id), the trained model, and the portal's secrets. Each test
 * scenario then gets its own {@link Deployment} (own topics, scorers and portal) on it.
 */
public final class SystemUnderTest implements AutoCloseable {

  private final Path dir;
  private final ProcessPlatform platform;
  private final TrainedModel model;
  private final String apiKey;
  private final String linkSecret;
  private final String auditorPassword;
  private final String auditorPasswordBcrypt;
  private int deployments;

  private SystemUnderTest(Path dir, ProcessPlatform platform, TrainedModel model) {
    this.dir = dir;
    this.platform = platform;
    this.model = model;
    SecureRandom random = new SecureRandom();
    this.apiKey = "systest-" + token(random, 24);
    this.linkSecret = token(random, 32);
    this.auditorPassword = token(random, 12);
    this.auditorPasswordBcrypt = new BCryptPasswordEncoder().encode(auditorPassword);
  }

  /**
   * This module's {@code target} directory, found from where this class was loaded ({@code
   * target/test-classes}), whatever directory Maven was started in.
   */
  static Path moduleTarget() {
    try {
      return Path.of(
              SystemUnderTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A fresh directory for one test class's system under {@code target/system-tests}, kept after the
   * run so that the processes' logs can be read when a test fails.
   */
  public static Path workDir(String name) throws IOException {
    Path dir = moduleTarget().resolve("system-tests").resolve(name);
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }

  /**
   * Starts the broker and a persistent registry under {@code dir} and trains (or reuses) the model.
   */
  public static SystemUnderTest start(Path dir) throws IOException, InterruptedException {
    TrainedModel model = TrainedModel.get();
    ProcessPlatform platform = ProcessPlatform.start(dir.resolve("platform"), 0, 0, 0, true);
    return new SystemUnderTest(dir, platform, model);
  }

  public ProcessPlatform platform() {
    return platform;
  }

  public TrainedModel model() {
    return model;
  }

  public Path dir() {
    return dir;
  }

  public String apiKey() {
    return apiKey;
  }

  public String linkSecret() {
    return linkSecret;
  }

  public String auditorPassword() {
    return auditorPassword;
  }

  String auditorPasswordBcrypt() {
    return auditorPasswordBcrypt;
  }

  /** A fresh deployment: its own topics (model and features published), no process running yet. */
  public synchronized Deployment deploy(String name) throws Exception {
    deployments++;
    String prefix = "st" + deployments + "-" + name;
    return Deployment.create(this, prefix, Files.createDirectories(dir.resolve(prefix)));
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

  private static String token(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public void close() throws InterruptedException {
    platform.close();
  }
}
