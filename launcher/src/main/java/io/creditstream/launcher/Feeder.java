package io.creditstream.launcher;

import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.records.LoanApplications;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submits the rows of an application file to the portal's front-office API at a steady rate, as a
 * lender's systems would, starting the file again at its end. Each request carries an idempotency
 * key, so a retried request never creates a second application.
 */
final class Feeder {
  private static final Logger log = LoggerFactory.getLogger(Feeder.class);
  private static final ObjectMapper JSON = JsonMapper.builderWithJackson2Defaults().build();
  private static final int KEPT_IDS = 500;

  private final Path file;
  private final String portalUrl;
  private final String apiKey;
  private final double ratePerSecond;
  private final Consumer<String> onClientLink;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong submitted = new AtomicLong();
  private final List<String> applicationIds = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Thread thread;

  Feeder(
      Path file,
      String portalUrl,
      String apiKey,
      double ratePerSecond,
      Consumer<String> onClientLink) {
    this.file = file;
    this.portalUrl = portalUrl;
    this.apiKey = apiKey;
    this.ratePerSecond = ratePerSecond;
    this.onClientLink = onClientLink;
  }

  void start() {
    thread = new Thread(this::run, "feeder");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    stop.set(true);
    if (thread != null) {
      thread.join(10_000);
    }
  }

  long submitted() {
    return submitted.get();
  }

  List<String> applicationIds() {
    return List.copyOf(applicationIds);
  }

  private void run() {
    long intervalNanos = (long) (1e9 / Math.max(0.1, ratePerSecond));
    long next = System.nanoTime();
    HomeCreditTable table =
        file.getFileName().toString().toLowerCase().contains("train")
            ? HomeCreditTable.APPLICATION_TRAIN
            : HomeCreditTable.APPLICATION_TEST;
    while (!stop.get()) {
      try (TableReader reader = TableReader.open(file, table)) {
        long[] due = {next};
        reader.forEachWhile(
            row -> {
              if (stop.get()) {
                return false;
              }
              long wait = due[0] - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
              due[0] += intervalNanos;
              // Typed through the record so that whole-number columns go out as JSON integers.
              Map<String, Object> body = new LinkedHashMap<>();
              try {
                LoanApplications.toColumns(
                        LoanApplications.fromColumns(row::get, "unused", "unused", Instant.EPOCH))
                    .forEach(
                        (column, value) -> {
                          if (value != null) {
                            body.put(column, value);
                          }
                        });
              } catch (IllegalArgumentException e) {
                log.warn("Row not submitted: {}", e.getMessage());
                return true;
              }
              body.put("channel", "LOCAL-FEEDER");
              submit(body);
              return !stop.get();
            },
            problem -> log.warn("Skipped malformed row: {}", problem));
        next = due[0];
      } catch (Exception e) {
        log.error("Feeder failed reading {}: {}", file, e.toString());
        LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
      }
    }
  }

  private void submit(Map<String, Object> body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(portalUrl + "/api/v1/applications"))
              .timeout(Duration.ofSeconds(15))
              .header("Content-Type", "application/json")
              .header("X-API-Key", apiKey)
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        JsonNode answer = JSON.readTree(response.body());
        submitted.incrementAndGet();
        if (applicationIds.size() < KEPT_IDS) {
          applicationIds.add(answer.path("applicationId").asString());
          onClientLink.accept(answer.path("clientLink").asString());
        }
      } else {
        log.warn(
            "Portal answered {} to client {}: {}",
            response.statusCode(),
            body.get("SK_ID_CURR"),
            abbreviate(response.body()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.set(true);
    } catch (Exception e) {
      log.warn("Submission of client {} failed: {}", body.get("SK_ID_CURR"), e.toString());
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
