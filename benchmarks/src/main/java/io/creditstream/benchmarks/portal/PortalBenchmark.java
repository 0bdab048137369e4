package io.creditstream.benchmarks.portal;

import io.creditstream.avro.LoanApplication;
import io.creditstream.benchmarks.pipeline.BenchPlatform;
import io.creditstream.benchmarks.pipeline.DecisionCollector;
import io.creditstream.benchmarks.pipeline.HomeCreditData;
import io.creditstream.benchmarks.pipeline.RunningTopology;
import io.creditstream.benchmarks.report.Figures;
import io.creditstream.benchmarks.report.Latencies;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.topics.TopicSpecs;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private PortalClient portal;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PortalBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Figures figures = Figures.started();
    Path realData = HomeCreditData.locate(data);
    try (BenchPlatform bench = BenchPlatform.start(dir.toAbsolutePath(), realData)) {
      bench.createTopics(Map.of());
      bench.trainAndPublish(3000, 100, false);
      int live = liveRate * liveSeconds;
      List<LoanApplication> applications = bench.applications(warmup + requests + pages + live);
      List<Map<String, Object>> bodies = new ArrayList<>();
      for (LoanApplication a : applications) {
        bodies.add(PortalClient.body(a));
      }
      try (PortalProcess process = PortalProcess.start(bench, http)) {
        portal = new PortalClient(http, process.url(), process.apiKey());
        Map<String, Object> values = bench.clientConfig();
        values.put(ScorerSettings.APPLICATION_ID, "bench-portal-scorer");
        values.put(ScorerSettings.INSTANCE, "bench-portal-scorer");
        values.put(ScorerSettings.SEAL_PRIVATE_KEY, process.sealKey().toString());
        values.put(ScorerSettings.SEAL_KEY_ID, PortalProcess.SEAL_KEY_ID);
        values.put(ScorerSettings.RELEASE_ALLOW_UNSIGNED, "true"); // as PipelineBenchmark
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
        if (!process.isAlive()) {
          throw new IOException("The portal died during the run; log " + process.logFile());
        }
      }
    }
    System.out.println(figures.finished());
    return 0;
  }

  private void submissions(List<Map<String, Object>> bodies, Figures figures) throws Exception {
    for (int i = 0; i < warmup; i++) {
      portal.submit(bodies.get(i));
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
                    if (portal.submit(bodies.get(i)) == null) {
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
    DecisionPages backlogPages = new DecisionPages(portal);
    for (Map<String, Object> body : backlog) {
      backlogPages.open(portal.submitted(body));
    }
    backlogPages.awaitOpened();
    figures.put("sse_pages", backlog.size());
    try (RunningTopology scorer = RunningTopology.scorer(settings)) {
      scorer.start(Duration.ofMinutes(2));
      backlogPages.awaitDecided(Duration.ofMinutes(5));
      // Submission-to-page is not reported here: the scorer was held back on purpose.
      backlogPages.reportTo(figures, "sse_", collector, false);
      figures.putLoad("sse_load");

      DecisionPages livePages = new DecisionPages(portal);
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
            http.sendAsync(portal.submission(live.get(i)), HttpResponse.BodyHandlers.ofString())
                .thenAccept(
                    response -> {
                      if (response.statusCode() != 202) {
                        log.warn("Portal answered {}: {}", response.statusCode(), response.body());
                        refused.incrementAndGet();
                        return;
                      }
                      livePages.open(PortalClient.accepted(response.body()));
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
      figures.put("live_max_open_pages", livePages.maxOpen());
      figures.putLoad("live_load");
    }
  }
}
