package io.creditstream.benchmarks.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditstream.avro.LoanApplication;
import io.creditstream.benchmarks.pipeline.BenchPlatform;
import io.creditstream.benchmarks.pipeline.DecisionCollector;
import io.creditstream.benchmarks.pipeline.HomeCreditData;
import io.creditstream.benchmarks.pipeline.RunningTopology;
import io.creditstream.benchmarks.report.Figures;
import io.creditstream.benchmarks.report.Latencies;
import io.creditstream.records.LoanApplications;
import io.creditstream.runtime.ChildProcess;
import io.creditstream.runtime.Ports;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.topics.TopicSpecs;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The request portal as a child process (started as {@code LocalSystem} starts it, with a rate
 * limit too high to matter), on the real broker and registry.
 *
 * <p>1. Submission: {@code --clients} threads share {@code --requests} POSTs to {@code
 * /api/v1/applications} with the API key; latency per request and requests a second (after a
 * warm-up that is not counted). The scorer is not running meanwhile: this is the portal alone.
 *
 * <p>2. SSE, backlog: {@code --pages} applications are submitted and a client page's event stream
 * is opened for each; then the scorer starts (in this process), decides the backlog, and the time
 * from each decision's append time on {@code loan-decisions} (LogAppendTime) to the {@code
 * decision} event reaching its page is recorded.
 *
 * <p>3. SSE, live: with the scorer running, {@code --live-rate} applications a second for {@code
 * --live-seconds} (sent without waiting for the previous answer), each page opened right after its
 * submission is accepted, as a client does; the same time, and the time from the submission's
 * answer to the decision on the page. Output: one line of {@code name=value} figures.
 */
@Command(
    name = "portal-benchmark",
    mixinStandardHelpOptions = true,
    description = "Submission API throughput and latency; decision-to-page time by SSE.")
public final class PortalBenchmark implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(PortalBenchmark.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--dir",
      defaultValue = "target/bench-portal",
      description = "State directory (emptied first).")
  Path dir;

  @Option(
      names = "--data",
      description = "Home Credit directory (default: ../shared/data/home-credit).")
  Path data;

  @Option(names = "--clients", defaultValue = "8")
  int clients;

  @Option(names = "--requests", defaultValue = "2000")
  int requests;

  @Option(
      names = "--warmup",
      defaultValue = "200",
      description = "Requests before the measured ones.")
  int warmup;

  @Option(
      names = "--pages",
      defaultValue = "200",
      description = "Client pages open by SSE while the scorer drains their backlog.")
  int pages;

  @Option(
      names = "--live-rate",
      defaultValue = "50",
      description = "Live phase: applications a second submitted, each with its page opened.")
  int liveRate;

  @Option(names = "--live-seconds", defaultValue = "10", description = "Live phase duration.")
  int liveSeconds;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private String portalUrl;
  private String apiKey;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PortalBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Figures figures = new Figures();
    figures.put("date", Instant.now().toString());
    figures.putLoad("load_start");
    Path realData = HomeCreditData.locate(data);
    deleteRecursively(dir);
    try (BenchPlatform bench = BenchPlatform.start(dir.toAbsolutePath(), realData)) {
      bench.createTopics(Map.of());
      bench.trainAndPublish(3000, 100, false);
      int live = liveRate * liveSeconds;
      List<LoanApplication> applications = bench.applications(warmup + requests + pages + live);
      List<Map<String, Object>> bodies = new ArrayList<>();
      for (LoanApplication a : applications) {
        bodies.add(body(a));
      }
      try (ChildProcess portal = startPortal(bench)) {
        Map<String, Object> values = bench.clientConfig();
        values.put(ScorerSettings.APPLICATION_ID, "bench-portal-scorer");
        values.put(ScorerSettings.INSTANCE, "bench-portal-scorer");
        values.put(ScorerSettings.SEAL_PRIVATE_KEY, sealKey.toString());
        values.put(ScorerSettings.SEAL_KEY_ID, SEAL_KEY_ID);
        values.put("state.dir", bench.dir().resolve("streams-scorer").toString());
        ScorerSettings settings = ScorerSettings.of(values);
        submissions(bodies, figures);
        try (DecisionCollector collector =
            new DecisionCollector(
                settings.clientConfig(),
                Topics.create(settings.all()).loanDecisions(),
                TopicSpecs.JOINED_PARTITIONS,
                0)) {
          int first = warmup + requests;
          sse(
              settings,
              bodies.subList(first, first + pages),
              bodies.subList(first + pages, first + pages + live),
              collector,
              figures);
        }
        if (!portal.isAlive()) {
          throw new IOException("The portal died during the run; log " + portal.logFile());
        }
      }
    }
    figures.putLoad("load_end");
    System.out.println(figures.line());
    return 0;
  }

  private void submissions(List<Map<String, Object>> bodies, Figures figures) throws Exception {
    for (int i = 0; i < warmup; i++) {
      submit(bodies.get(i));
    }
    AtomicInteger next = new AtomicInteger(warmup);
    int end = warmup + requests;
    Latencies[] perClient = new Latencies[clients];
    AtomicInteger refused = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Latencies mine = perClient[c] = new Latencies();
      Thread t =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                  long t0 = System.nanoTime();
                  try {
                    if (submit(bodies.get(i)) == null) {
                      refused.incrementAndGet();
                    }
                  } catch (Exception e) {
                    refused.incrementAndGet();
                    log.warn("Request failed: {}", e.toString());
                  }
                  mine.add((System.nanoTime() - t0) / 1e6);
                }
              },
              "client-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Latencies all = new Latencies();
    merge(perClient, all);
    figures.put("clients", clients).put("requests", requests);
    figures.put("submit_per_s", (requests - refused.get()) / seconds);
    figures.put("submit_refused", refused.get());
    all.reportTo(figures, "submit_");
    figures.putLoad("submit_load");
  }

  private static void merge(Latencies[] parts, Latencies into) {
    for (Latencies part : parts) {
      part.copyTo(into);
    }
  }

  /**
   * Backlog: the pages are opened for applications submitted while no scorer runs, then the scorer
   * starts and drains them. Live: with the scorer running, applications are submitted at {@code
   * --live-rate} and each page opened at once, as a client does after submitting.
   */
  private void sse(
      ScorerSettings settings,
      List<Map<String, Object>> backlog,
      List<Map<String, Object>> live,
      DecisionCollector collector,
      Figures figures)
      throws Exception {
    Pages backlogPages = new Pages();
    for (Map<String, Object> body : backlog) {
      backlogPages.open(submitted(body));
    }
    backlogPages.awaitOpened();
    figures.put("sse_pages", backlog.size());
    try (RunningTopology scorer = RunningTopology.scorer(settings)) {
      scorer.start(Duration.ofMinutes(2));
      backlogPages.awaitDecided(Duration.ofMinutes(5));
      // Submission-to-page is not reported here: the scorer was held back on purpose.
      backlogPages.reportTo(figures, "sse_", collector, false);
      figures.putLoad("sse_load");

      Pages livePages = new Pages();
      List<CompletableFuture<Void>> submissions = new ArrayList<>();
      AtomicInteger refused = new AtomicInteger();
      long interval = 1_000_000_000L / liveRate;
      long start = System.nanoTime();
      for (int i = 0; i < live.size(); i++) {
        long wait = start + i * interval - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        // Asynchronous, so that a slow answer does not hold back the next client.
        submissions.add(
            http.sendAsync(submission(live.get(i)), HttpResponse.BodyHandlers.ofString())
                .thenAccept(
                    response -> {
                      if (response.statusCode() != 202) {
                        log.warn("Portal answered {}: {}", response.statusCode(), response.body());
                        refused.incrementAndGet();
                        return;
                      }
                      livePages.open(accepted(response.body()));
                    }));
      }
      double offered = live.size() * 1e9 / (System.nanoTime() - start);
      CompletableFuture.allOf(submissions.toArray(CompletableFuture[]::new))
          .get(2, TimeUnit.MINUTES);
      if (refused.get() > 0) {
        throw new IOException(
            "The portal refused " + refused.get() + " applications of the live phase");
      }
      livePages.awaitOpened();
      livePages.awaitDecided(Duration.ofMinutes(2));
      figures.put("live_pages", live.size()).put("live_offered_per_s", offered);
      livePages.reportTo(figures, "live_", collector, true);
      figures.put("live_max_open_pages", livePages.maxOpen.get());
      figures.putLoad("live_load");
    }
  }

  /** An accepted application: its id, its client credential and when the 202 arrived. */
  private record Submitted(String id, String credential, long acceptedAtMillis) {}

  private Submitted submitted(Map<String, Object> body) throws IOException, InterruptedException {
    JsonNode answer = submit(body);
    if (answer == null) {
      throw new IOException("The portal refused an application for the SSE phase");
    }
    return accepted(answer);
  }

  private static Submitted accepted(String body) {
    try {
      return accepted(JSON.readTree(body));
    } catch (IOException e) {
      throw new UncheckedIOException("The portal's 202 is not JSON: " + body, e);
    }
  }

  private static Submitted accepted(JsonNode answer) {
    String link = answer.path("clientLink").asText();
    return new Submitted(
        answer.path("applicationId").asText(),
        link.substring(link.lastIndexOf('/') + 1),
        System.currentTimeMillis());
  }

  /** Client pages' event streams: when each received its {@code decision} event. */
  private final class Pages {
    // Added from the HTTP client's threads in the live phase.
    private final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    void open(Submitted page) {
      submitted.add(page);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      portalUrl
                          + "/client/api/applications/"
                          + page.id()
                          + "/events?credential="
                          + page.credential()))
              .header("Accept", "text/event-stream")
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
          .thenAccept(
              response -> {
                opened.incrementAndGet();
                if (response.statusCode() != 200) {
                  log.warn("SSE for {} answered {}", page.id(), response.statusCode());
                  return;
                }
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                Thread reader =
                    new Thread(
                        () -> {
                          try (Stream<String> lines = response.body()) {
                            lines
                                .filter(l -> l.startsWith("event:") && l.contains("decision"))
                                .findFirst()
                                .ifPresent(
                                    l -> received.put(page.id(), System.currentTimeMillis()));
                          } finally {
                            open.decrementAndGet();
                          }
                        },
                        "sse-" + page.id());
                reader.setDaemon(true);
                reader.start();
              });
    }

    void awaitOpened() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (opened.get() < submitted.size()) {
        if (System.nanoTime() > deadline) {
          throw new IOException("Only " + opened.get() + " SSE streams opened");
        }
        Thread.sleep(10);
      }
    }

    void awaitDecided(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (received.size() < submitted.size() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      if (received.size() < submitted.size()) {
        log.warn("{} pages never received their decision", submitted.size() - received.size());
      }
      // The collector may see a decision just after its page did.
      Thread.sleep(2000);
    }

    /**
     * {@code <prefix>p50_ms...}: decision appended on the topic to its page; with {@code
     * fromSubmission}, {@code <prefix>submit_to_page_p50_ms...}: the submission's 202 to the
     * decision on its page.
     */
    void reportTo(
        Figures figures, String prefix, DecisionCollector collector, boolean fromSubmission) {
      Latencies fromTopic = new Latencies();
      Latencies fromSubmit = new Latencies();
      int missing = 0;
      for (Submitted page : submitted) {
        Long shown = received.get(page.id());
        Long appended = collector.appendTime(page.id());
        if (shown == null || appended == null) {
          missing++;
          continue;
        }
        fromTopic.add(shown - appended);
        fromSubmit.add(shown - page.acceptedAtMillis());
      }
      figures.put(prefix + "missing", missing);
      fromTopic.reportTo(figures, prefix);
      if (fromSubmission) {
        fromSubmit.reportTo(figures, prefix + "submit_to_page_");
      }
    }
  }

  /** The 202 answer's JSON, or null when the portal refused the application. */
  private JsonNode submit(Map<String, Object> body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(submission(body), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      log.warn("Portal answered {}: {}", response.statusCode(), response.body());
      return null;
    }
    return JSON.readTree(response.body());
  }

  /** A front office's POST of one application, with its API key and a fresh idempotency key. */
  private HttpRequest submission(Map<String, Object> body) throws IOException {
    return HttpRequest.newBuilder(URI.create(portalUrl + "/api/v1/applications"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-API-Key", apiKey)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
  }

  /** The JSON a front office sends: the Kaggle columns with values, typed through the record. */
  private static Map<String, Object> body(LoanApplication a) {
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

  private static final String SEAL_KEY_ID = "bench-seal";
  private Path sealKey;

  private ChildProcess startPortal(BenchPlatform bench) throws Exception {
    // the scorer seals with the private half, the portal shows what the public half verifies
    java.security.KeyPair seal = io.creditstream.seal.SealKeys.generate();
    sealKey =
        Files.writeString(
            bench.dir().resolve("seal.key"), io.creditstream.seal.SealKeys.pem(seal.getPrivate()));
    Path sealPublic =
        Files.writeString(
            bench.dir().resolve("seal.pub"), io.creditstream.seal.SealKeys.pem(seal.getPublic()));
    SecureRandom random = new SecureRandom();
    apiKey = "bench-" + token(random, 24);
    String auditorPassword = token(random, 12);
    int port = Ports.orFree(0);
    portalUrl = "http://127.0.0.1:" + port;
    Path state = bench.dir();
    List<String> args =
        List.of(
            "io.creditstream.portal.PortalApplication",
            "--server.address=127.0.0.1",
            "--server.port=" + port,
            "--spring.kafka.bootstrap-servers=" + bench.platform().bootstrapServers(),
            "--creditstream.portal.public-base-url=" + portalUrl,
            "--creditstream.portal.schema-registry-url=" + bench.platform().registryUrl(),
            "--creditstream.portal.store-dir=" + state.resolve("portal-data"),
            "--creditstream.portal.replay-reports-dir=" + state.resolve("replay-reports"),
            "--creditstream.portal.front-offices[0].name=benchmark",
            "--creditstream.portal.front-offices[0].api-key-sha256=" + sha256(apiKey),
            "--creditstream.portal.mirror.seal-public-keys[" + SEAL_KEY_ID + "]=" + sealPublic,
            "--creditstream.portal.auditors[0].username=auditor",
            "--creditstream.portal.auditors[0].password-bcrypt="
                + new BCryptPasswordEncoder().encode(auditorPassword),
            // The limit protects production from one front office; here it must not be what is
            // measured.
            "--creditstream.portal.rate-limit.capacity=1000000",
            "--creditstream.portal.rate-limit.per-second=1000000");
    ChildProcess portal =
        ChildProcess.startJava(
            "portal",
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")),
            args,
            Map.of("CREDITSTREAM_PORTAL_LINK_SECRET", token(random, 32)),
            state.resolve("logs").resolve("portal.log"));
    try {
      awaitReady(portal);
    } catch (Exception e) {
      portal.close();
      throw e;
    }
    return portal;
  }

  private void awaitReady(ChildProcess portal) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!portal.isAlive()) {
        throw new IOException("The portal exited; log " + portal.logFile() + ":\n" + portal.tail());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(portalUrl + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          log.info("Portal ready at {}", portalUrl);
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IOException("The portal was not ready after 3 minutes; log " + portal.logFile());
  }

  private static String token(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!java.nio.file.Files.exists(path)) {
      return;
    }
    try (var walk = java.nio.file.Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }
}
