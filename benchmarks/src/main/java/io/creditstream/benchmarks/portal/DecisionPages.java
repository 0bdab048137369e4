package io.creditstream.benchmarks.portal;

import io.creditstream.benchmarks.pipeline.DecisionCollector;
import io.creditstream.benchmarks.report.Figures;
import io.creditstream.benchmarks.report.Latencies;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client pages' event streams: when each received its {@code decision} event. Each open stream is
 * read on its own daemon thread, so that hundreds of pages can wait at once as browsers do.
 */
final class DecisionPages {
  private static final Logger log = LoggerFactory.getLogger(PortalBenchmark.class);

  private final PortalClient portal;
  // Added from the HTTP client's threads in the live phase.
  private final List<PortalClient.Submitted> submitted = new CopyOnWriteArrayList<>();
  private final Map<String, Long> received = new ConcurrentHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();

  DecisionPages(PortalClient portal) {
    this.portal = portal;
  }

  /** The most streams that were open at once. */
  int maxOpen() {
    return maxOpen.get();
  }

  void open(PortalClient.Submitted page) {
    submitted.add(page);
    HttpRequest request = portal.events(page);
    portal
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
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
                              .ifPresent(l -> received.put(page.id(), System.currentTimeMillis()));
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
   * fromSubmission}, {@code <prefix>submit_to_page_p50_ms...}: the submission's 202 to the decision
   * on its page.
   */
  void reportTo(
      Figures figures, String prefix, DecisionCollector collector, boolean fromSubmission) {
    Latencies fromTopic = new Latencies();
    Latencies fromSubmit = new Latencies();
    int missing = 0;
    for (PortalClient.Submitted page : submitted) {
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
