package io.creditstream.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The portal child process and an HTTP client for it (no redirects followed, so a refusal is seen
 * as the portal sent it).
 */
public final class Portal implements AutoCloseable {

  private final ServiceProcess process;
  private final String url;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  Portal(ServiceProcess process, String url, String apiKey) {
    this.process = process;
    this.url = url;
    this.apiKey = apiKey;
  }

  public ServiceProcess process() {
    return process;
  }

  public String url() {
    return url;
  }

  public Portal start() throws IOException {
    process.start();
    return this;
  }

  /** POSTs an application with the front-office key. */
  public HttpResponse<String> submit(String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/applications"))
            .header("Content-Type", "application/json")
            .header("X-API-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The front-office decision endpoint's status for one application. */
  public int decisionStatus(String applicationId) throws IOException, InterruptedException {
    return get("/api/v1/applications/" + applicationId + "/decision", Map.of("X-API-Key", apiKey))
        .statusCode();
  }

  /**
   * The ids among {@code decided} that the portal does not answer 200 for, after giving its mirror
   * of the decisions topic up to {@code patience} to catch up (it reads the topic asynchronously,
   * so a decision committed a moment ago may not be there yet). Each id maps to the last status the
   * portal answered.
   */
  public Map<String, Integer> notShown(java.util.Collection<String> decided, Duration patience)
      throws IOException, InterruptedException {
    Map<String, Integer> missing = new java.util.TreeMap<>();
    for (String id : decided) {
      int status = decisionStatus(id);
      if (status != 200) {
        missing.put(id, status);
      }
    }
    long deadline = System.nanoTime() + patience.toNanos();
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      for (String id : java.util.List.copyOf(missing.keySet())) {
        int status = decisionStatus(id);
        if (status == 200) {
          missing.remove(id);
        } else {
          missing.put(id, status);
        }
      }
    }
    return missing;
  }

  /** GET {@code pathAndQuery} (sent as written: encoded sequences are kept) with these headers. */
  public HttpResponse<String> get(String pathAndQuery, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + pathAndQuery)).GET();
    headers.forEach(b::header);
    return send(b);
  }

  public HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpClient http() {
    return http;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
