package io.creditstream.trainer.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Connection options shared by the publishing commands. Precedence: command-line options, then the
 * {@code --client-config} file (SASL, TLS and any other Kafka or registry setting), then the
 * environment ({@code CREDITSTREAM_BOOTSTRAP_SERVERS}, {@code CREDITSTREAM_SCHEMA_REGISTRY_URL}),
 * then the local system's defaults.
 */
public final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      description =
          "Kafka bootstrap servers (default: $CREDITSTREAM_BOOTSTRAP_SERVERS or 127.0.0.1:9092)")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      description =
          "Confluent-compatible schema registry URL (default: $CREDITSTREAM_SCHEMA_REGISTRY_URL or"
              + " http://127.0.0.1:8081/apis/ccompat/v7)")
  String registryUrl;

  @Option(
      names = "--client-config",
      description =
          "Properties file with further Kafka/registry client settings (SASL, TLS, topic.<name> overrides)")
  Path clientConfig;

  /** The merged client configuration. */
  public Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    if (clientConfig != null) {
      Properties props = new Properties();
      try (InputStream in = Files.newInputStream(clientConfig)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read --client-config " + clientConfig, e);
      }
      props.forEach((k, v) -> config.put(k.toString(), v));
    }
    if (bootstrapServers != null) {
      config.put("bootstrap.servers", bootstrapServers);
    }
    if (registryUrl != null) {
      config.put("schema.registry.url", registryUrl);
    }
    config.putIfAbsent(
        "bootstrap.servers",
        System.getenv().getOrDefault("CREDITSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
    config.putIfAbsent(
        "schema.registry.url",
        System.getenv()
            .getOrDefault(
                "CREDITSTREAM_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"));
    return config;
  }
}
