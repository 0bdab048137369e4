package io.creditstream.portal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The portal's business counters, scraped at {@code /actuator/prometheus} beside Boot's technical
 * ones: {@code creditstream_portal_submissions_total{result, status}} (every answer to a
 * submission: accepted, replayed or refused, with its HTTP status), {@code
 * creditstream_portal_client_refusals_total{kind}} (client links refused: missing, malformed,
 * forged, expired, another application's), {@code creditstream_portal_live_streams} (open live
 * streams) with {@code creditstream_portal_live_streams_opened_total} and {@code ..._refused_total}
 * (over the per-link limit), {@code creditstream_portal_decisions_shown_total{outcome, via}} (a
 * decision shown to its client on the page, by the live stream or as JSON), {@code
 * creditstream_portal_signins_total{result}} (auditors: success, failure, throttled).
 */
@Component
public class PortalMetrics {

  private final MeterRegistry registry;

  public PortalMetrics(ObjectProvider<MeterRegistry> registry) {
    // Without actuator (MVC slice tests) the counters still count, in a private registry.
    this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
  }

  public void submission(String result, int status) {
    counter(
            "creditstream.portal.submissions",
            "Answers to front-office submissions",
            "result",
            result,
            "status",
            Integer.toString(status))
        .increment();
  }

  /** A model release or activation the portal did not believe (its signature, or its age). */
  public void modelReleaseRefused(String reason) {
    counter(
            "creditstream.portal.model.releases.refused",
            "Model releases and activations not believed (release signature)",
            "reason",
            reason)
        .increment();
  }

  public void clientRefusal(String kind) {
    counter("creditstream.portal.client.refusals", "Client links refused", "kind", kind)
        .increment();
  }

  public void decisionShown(String outcome, String via) {
    counter(
            "creditstream.portal.decisions.shown",
            "Decisions shown to their client",
            "outcome",
            outcome,
            "via",
            via)
        .increment();
  }

  public void streamOpened() {
    counter("creditstream.portal.live.streams.opened", "Live streams opened").increment();
  }

  public void streamRefused() {
    counter(
            "creditstream.portal.live.streams.refused",
            "Live streams refused: the link holds the most it may")
        .increment();
  }

  /** Registers the gauge of open live streams. */
  public void openStreams(Supplier<Number> open) {
    io.micrometer.core.instrument.Gauge.builder("creditstream.portal.live.streams", open)
        .description("Live streams open now")
        .register(registry);
  }

  public void signin(String result) {
    counter("creditstream.portal.signins", "Auditor sign-in attempts", "result", result)
        .increment();
  }

  /** The count of a counter, 0 if it was never incremented (for tests). */
  public double count(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }
}
