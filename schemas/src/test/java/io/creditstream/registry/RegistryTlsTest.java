package io.creditstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.creditstream.avro.DriftReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code schema.registry.ssl.*} settings against an HTTPS stub whose certificate is made for
 * this test with the JDK's keytool.
 */
class RegistryTlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir static Path dir;
  private static HttpsServer server;

  @BeforeAll
  static void startHttpsStub() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve("server.p12").toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "registry",
        "-keystore",
        dir.resolve("server.p12").toString(),
        "-storepass",
        PASSWORD,
        "-file",
        dir.resolve("server.crt").toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "registry",
        "-file",
        dir.resolve("server.crt").toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve("trust.p12").toString(),
        "-storepass",
        PASSWORD);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    byte[] answer =
        new ObjectMapper()
            .createObjectNode()
            .put("schema", DriftReport.getClassSchema().toString())
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stopHttpsStub() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void trustsTheRegistryThroughTheConfiguredTruststore() {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of(
                    "schema.registry.url",
                    url(),
                    "schema.registry.ssl.truststore.location",
                    dir.resolve("trust.p12").toString(),
                    "schema.registry.ssl.truststore.password",
                    PASSWORD,
                    "schema.registry.ssl.truststore.type",
                    "PKCS12")));

    assertThat(client.getById(1)).isEqualTo(DriftReport.getClassSchema());
  }

  @Test
  void failsAtOnceNamingTheTlsSettingsWhenTheCertificateIsNotTrusted() {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of(
                    "schema.registry.url",
                    url(),
                    "schema.registry.retries",
                    5,
                    "schema.registry.retry.backoff.ms",
                    5000,
                    "schema.registry.retry.backoff.max.ms",
                    5000)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("TLS handshake")
        .hasMessageContaining("schema.registry.ssl.truststore.location");
    // no retries: the first alone would have waited 5 s
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
  }

  @Test
  void refusesAKeystoreItCannotReadNamingTheProperty() {
    assertThatThrownBy(
            () ->
                new RestSchemaRegistryClient(
                    RegistryClientConfig.from(
                        Map.of(
                            "schema.registry.url", url(),
                            "schema.registry.ssl.keystore.location",
                                dir.resolve("missing.p12").toString(),
                            "schema.registry.ssl.keystore.password", PASSWORD))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.ssl.keystore.location")
        .hasMessageContaining("missing.p12");
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }
}
