package io.creditstream.scorer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Outcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void reportsLivenessReadinessAndPrometheusMetrics() throws Exception {
    // given a server on a free loopback port, not ready yet, with one decision counted
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScorerMetrics metrics = new ScorerMetrics(prometheus);
    metrics.decision(Outcome.DECLINED, 40, 25_000);
    metrics.activeModel("0123456789abcdef");
    metrics.deadLetter("VALIDATION");
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HealthServer server =
        new HealthServer("127.0.0.1", 0, ready::get, () -> "detail", prometheus::scrape).start()) {
      String base = "http://127.0.0.1:" + server.port();

      // when / then
      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(base + "/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("NOT READY").contains("detail");
      ready.set(true);
      assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
      String scrape = get(base + "/metrics").body();
      assertThat(scrape)
          .contains("creditstream_decisions_total{outcome=\"DECLINED\"} 1.0")
          .contains("creditstream_model_active{version=\"0123456789abcdef\"} 1.0")
          .contains("creditstream_dead_letters_total{reason=\"VALIDATION\"} 1.0")
          .contains("creditstream_decision_latency_seconds_bucket");
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
