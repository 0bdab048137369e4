package io.creditstream.benchmarks.portal;

import io.creditstream.avro.LoanApplication;
import io.creditstream.records.LoanApplications;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's front office and client pages towards the portal: the POST of an application with
 * the API key and a fresh idempotency key, the 202's answer read as a {@link Submitted} page, and
 * the request that opens a client page's event stream. One HTTP/1.1 client for all of it, as the
 * measured latencies include its connection handling.
 */
record PortalClient(HttpClient http, String portalUrl, String apiKey) {
  private static final Logger log = LoggerFactory.getLogger(PortalBenchmark.class);
  private static final ObjectMapper JSON = JsonMapper.builderWithJackson2Defaults().build();

  /** An accepted application: its id, its client credential and when the 202 arrived. */
  record Submitted(String id, String credential, long acceptedAtMillis) {}

  Submitted submitted(Map<String, Object> body) throws IOException, InterruptedException {
    JsonNode answer = submit(body);
    if (answer == null) {
      throw new IOException("The portal refused an application for the SSE phase");
    }
    return accepted(answer);
  }

  static Submitted accepted(String body) {
    try {
      return accepted(JSON.readTree(body));
    } catch (JacksonException e) {
      // Jackson 3's exceptions are unchecked; keep the UncheckedIOException callers saw before.
      throw new UncheckedIOException(
          "The portal's 202 is not JSON: " + body, new IOException(e.getMessage(), e));
    }
  }

  private static Submitted accepted(JsonNode answer) {
    String link = answer.path("clientLink").asString();
    return new Submitted(
        answer.path("applicationId").asString(),
        link.substring(link.lastIndexOf('/') + 1),
        System.currentTimeMillis());
  }

  /** The 202 answer's JSON, or null when the portal refused the application. */
  JsonNode submit(Map<String, Object> body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(submission(body), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      log.warn("Portal answered {}: {}", response.statusCode(), response.body());
      return null;
    }
    return JSON.readTree(response.body());
  }

  /** A front office's POST of one application, with its API key and a fresh idempotency key. */
  HttpRequest submission(Map<String, Object> body) throws IOException {
    return HttpRequest.newBuilder(URI.create(portalUrl + "/api/v1/applications"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-API-Key", apiKey)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
  }

  /** The JSON a front office sends: the Kaggle columns with values, typed through the record. */
  static Map<String, Object> body(LoanApplication a) {
    Map<String, Object> body = new LinkedHashMap<>();
    LoanApplications.toColumns(a)
        .forEach(
            (column, value) -> {
              if (value != null) {
                body.put(column, value);
              }
            });
    body.put("channel", "BENCHMARK");
    return body;
  }

  /** The GET that opens the client page's event stream of a submitted application. */
  HttpRequest events(Submitted page) {
    return HttpRequest.newBuilder(
            URI.create(
                portalUrl
                    + "/client/api/applications/"
                    + page.id()
                    + "/events?credential="
                    + page.credential()))
        .header("Accept", "text/event-stream")
        .build();
  }
}
