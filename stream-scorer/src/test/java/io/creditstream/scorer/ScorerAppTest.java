package io.creditstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.scorer.testing.SealFixtures;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScorerAppTest {

  @TempDir Path dir;

  @Test
  void exitsWithTheConfigurationCodeOnABadSetting() throws Exception {
    // given a configuration file with an impossible review margin
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "scorer.review.below=-0.2\n");

    // when
    int code = new CommandLine(new ScorerApp()).execute("--config", file.toString());

    // then
    assertThat(code).isEqualTo(ScorerApp.EXIT_CONFIG);
  }

  @Test
  void refusesToStartWithoutASigningKey() throws Exception {
    // given an otherwise valid configuration that names no seal key and no dev setting
    Path file = dir.resolve("no-key.properties");
    Files.writeString(file, "bootstrap.servers=127.0.0.1:9\n");

    // when
    int code = new CommandLine(new ScorerApp()).execute("--config", file.toString());

    // then it does not start: a scorer never seals with a key nobody configured
    assertThat(code).isEqualTo(ScorerApp.EXIT_CONFIG);
  }

  private static String sealKeyLines() {
    StringBuilder b = new StringBuilder();
    SealFixtures.config().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    return b.toString();
  }

  @Test
  void reportsNotReadyWithoutABrokerAndStopsCleanly() throws Exception {
    // given a broker address nobody listens on
    int deadPort;
    int httpPort;
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0)) {
      deadPort = a.getLocalPort();
      httpPort = b.getLocalPort();
    }
    Path file = dir.resolve("scorer.properties");
    Files.writeString(
        file,
        "bootstrap.servers=127.0.0.1:"
            + deadPort
            + "\nschema.registry.url=mock://scorer-app-not-ready\n"
            + "state.dir="
            + dir.resolve("state")
            + "\nscorer.http.port="
            + httpPort
            + "\nscorer.model.wait.ms=500\n"
            + sealKeyLines());
    ScorerApp app = new ScorerApp();
    ExecutorService runner = Executors.newSingleThreadExecutor();

    // when it runs
    Future<Integer> exit =
        runner.submit(() -> new CommandLine(app).execute("--config", file.toString()));
    try {
      // then it is alive but not ready, and says why
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + httpPort;
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> get(http, base + "/health/live").statusCode() == 200);
      HttpResponse<String> ready = get(http, base + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("activeModel=none");
    } finally {
      app.stop();
    }
    assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(ScorerApp.EXIT_OK);
    runner.shutdown();
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
