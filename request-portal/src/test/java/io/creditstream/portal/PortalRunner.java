package io.creditstream.portal;

import io.creditstream.runtime.LocalPlatform;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real portal application (Tomcat, Kafka clients, H2 file store) against the test
 * platform, on its own topics (unique names per run) and a store directory the caller keeps, so a
 * test can stop it and start it again on the same store.
 */
public final class PortalRunner {

  private final LocalPlatform platform;
  private final Path storeDir;
  private final String prefix;
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private final int port;

  public PortalRunner(LocalPlatform platform, Path storeDir) throws IOException {
    this(platform, storeDir, "t" + UUID.randomUUID().toString().substring(0, 8) + "-");
  }

  /** Another instance on the same topics as {@code first}, with its own store and port. */
  public PortalRunner(PortalRunner first, Path storeDir) throws IOException {
    this(first.platform, storeDir, first.prefix);
  }

  private PortalRunner(LocalPlatform platform, Path storeDir, String prefix) throws IOException {
    this.platform = platform;
    this.storeDir = storeDir;
    this.prefix = prefix;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    platform.createTopic(topic(Topics.LOAN_APPLICATIONS), 3);
    platform.createTopic(topic(Topics.LOAN_DECISIONS), 3);
    platform.createTopic(topic(Topics.MODEL_RELEASES), 1);
    platform.createTopic(topic(Topics.MODEL_DRIFT), 1);
    platform.createTopic(topic(Topics.DEAD_LETTERS), 1);
  }

  /** This runner's name for a topic's default name. */
  public String topic(String defaultName) {
    return prefix + defaultName;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The serde/topic config a test's own producers and consumers use to match the portal's. */
  public Map<String, Object> topicsConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("schema.registry.url", platform.registryUrl());
    for (String t :
        new String[] {
          Topics.LOAN_APPLICATIONS,
          Topics.LOAN_DECISIONS,
          Topics.MODEL_RELEASES,
          Topics.MODEL_DRIFT,
          Topics.DEAD_LETTERS
        }) {
      c.put(Topics.OVERRIDE_PREFIX + t, topic(t));
    }
    return c;
  }

  /** One more portal setting for the portals this runner starts. */
  public PortalRunner with(String key, String value) {
    extra.put(key, value);
    return this;
  }

  public ConfigurableApplicationContext start() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.profiles.active", "test");
    p.put("server.port", port);
    p.put("spring.kafka.bootstrap-servers", platform.bootstrapServers());
    p.put("creditstream.portal.schema-registry-url", platform.registryUrl());
    p.put("creditstream.portal.store-dir", storeDir.toString());
    p.put("creditstream.portal.public-base-url", baseUrl());
    p.put("creditstream.portal.mirror.poll-timeout", "200ms");
    // model cards only from releases the tests' release key signed (ScorerDecisions.release())
    p.put(
        "creditstream.portal.mirror.release-public-keys[" + ScorerDecisions.RELEASE_KEY_ID + "]",
        "src/test/resources/seal/test-release.pub");
    p.put("creditstream.portal.rate-limit.capacity", "100");
    for (String t :
        new String[] {
          Topics.LOAN_APPLICATIONS,
          Topics.LOAN_DECISIONS,
          Topics.MODEL_RELEASES,
          Topics.MODEL_DRIFT,
          Topics.DEAD_LETTERS
        }) {
      p.put("creditstream.portal.topics[" + t + "]", topic(t));
    }
    p.putAll(extra);
    // As command-line arguments: they win over application.properties (default properties would
    // not).
    String[] args =
        p.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(PortalApplication.class).run(args);
  }
}
