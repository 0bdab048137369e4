package io.creditstream.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.portal.PortalRunner;
import io.creditstream.portal.TestSettings;
import io.creditstream.runtime.LocalPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the browser tests do besides the browser: a front office's calls, a topic's producer. */
/** Calls a test portal as a front office would, and writes to its broker. */
public final class PortalCalls {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PortalCalls() {}

  /** Submits an application through the front-office API as the branch office; expects 202. */
  public static JsonNode submit(PortalRunner runner, Map<String, Object> body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/v1/applications"))
                    .header("Content-Type", "application/json")
                    .header("X-API-Key", TestSettings.BRANCH_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body());
  }

  /** The HTTP status of a GET on {@code path} with the branch office's key. */
  public static int status(PortalRunner runner, String path) throws Exception {
    return status(runner, path, TestSettings.BRANCH_KEY);
  }

  /** The HTTP status of a GET on {@code path} with this front office's key. */
  public static int status(PortalRunner runner, String path, String apiKey) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(runner.baseUrl() + path))
                .header("X-API-Key", apiKey)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** A producer to the test platform's broker. */
  public static <K, V> KafkaProducer<K, V> producer(
      LocalPlatform platform, Serde<K> keys, Serde<V> values) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
        keys.serializer(),
        values.serializer());
  }
}
