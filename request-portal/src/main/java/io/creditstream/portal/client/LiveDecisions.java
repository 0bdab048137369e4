package io.creditstream.portal.client;

import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.ops.PortalMetrics;
import io.creditstream.portal.store.DecisionListener;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.DecisionView;
import io.creditstream.portal.store.RefusalStore;
import io.creditstream.portal.store.RefusalView;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Server-Sent Events hub: each open client page subscribes to its application id and gets one
 * {@code decision} event the moment the mirror has committed the decision (or at once if it already
 * had), then the stream ends. Until then a {@code status} event says pending and comments every 15
 * s keep proxies from closing the connection. In-memory per instance, which is enough because every
 * instance mirrors every partition.
 *
 * <p>A refusal is sent as a {@code refused} event but does not end the stream: a refused
 * application's id may be used again for the corrected application (the API accepts it, and the
 * scorer decides it), so a page left open on the refusal shows that decision when it comes, as a
 * page opened afresh would.
 *
 * <p>One link may hold at most {@code creditstream.portal.client.max-streams-per-link} streams at
 * once (a few tabs); more are refused, so that one credential cannot pin down the server's
 * connections.
 */
@Component
public class LiveDecisions implements DecisionListener {

  private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(10);

  private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Integer> perLink = new ConcurrentHashMap<>();
  private final DecisionStore store;
  private final RefusalStore refusals;
  private final ClientViews views;
  private final JsonMapper json;
  private final PortalMetrics metrics;
  private final int maxPerLink;
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "portal-sse-heartbeat");
            t.setDaemon(true);
            return t;
          });

  public LiveDecisions(
      DecisionStore store,
      RefusalStore refusals,
      ClientViews views,
      JsonMapper json,
      PortalMetrics metrics,
      PortalProperties properties) {
    this.store = store;
    this.refusals = refusals;
    this.views = views;
    this.json = json;
    this.metrics = metrics;
    this.maxPerLink = properties.client().maxStreamsPerLink();
    metrics.openStreams(this::openStreams);
    heartbeat.scheduleAtFixedRate(this::beat, 15, 15, TimeUnit.SECONDS);
  }

  /** Refused: the link already holds as many streams as it may. */
  public static final class TooManyStreamsException extends RuntimeException {
    private final String applicationId;
    private final int open;

    TooManyStreamsException(String applicationId, int open) {
      super("too many live streams on one link", null, false, false);
      this.applicationId = applicationId;
      this.open = open;
    }

    public String applicationId() {
      return applicationId;
    }

    public int open() {
      return open;
    }
  }

  /**
   * Opens a stream for one application of one client; the caller has checked the credential, which
   * is what the per-link limit counts.
   *
   * @throws TooManyStreamsException when this link already holds the most streams it may
   */
  public SseEmitter open(String applicationId, long clientId, String credential, Locale locale) {
    int[] held = new int[1];
    boolean admitted =
        perLink.compute(
                credential,
                (k, n) -> {
                  held[0] = n == null ? 0 : n;
                  return held[0] >= maxPerLink ? n : held[0] + 1;
                })
            > held[0];
    if (!admitted) {
      metrics.streamRefused();
      throw new TooManyStreamsException(applicationId, held[0]);
    }
    metrics.streamOpened();
    SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
    Subscriber s = new Subscriber(emitter, clientId, locale, new AtomicBoolean());
    Set<Subscriber> set =
        subscribers.computeIfAbsent(applicationId, k -> ConcurrentHashMap.newKeySet());
    set.add(s);
    Runnable remove =
        () -> {
          // Completion, timeout and error may each call this: count the stream down once.
          if (set.remove(s)) {
            perLink.computeIfPresent(credential, (k, n) -> n <= 1 ? null : n - 1);
          }
        };
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    // Subscribed before looking, so a decision committed in between is not missed; the flag keeps
    // it from being sent twice.
    Optional<DecisionView> decision = store.find(applicationId, clientId);
    Optional<RefusalView> refusal =
        decision.isPresent() ? Optional.empty() : refusals.ending(applicationId, clientId);
    if (decision.isPresent()) {
      deliver(s, decision.get());
    } else if (refusal.isPresent()) {
      deliver(s, refusal.get());
    } else {
      send(s, "status", views.pending(applicationId, locale));
    }
    return emitter;
  }

  @Override
  public void decisionStored(DecisionView decision) {
    Set<Subscriber> set = subscribers.get(decision.applicationId());
    if (set != null) {
      set.forEach(s -> deliver(s, decision));
    }
  }

  @Override
  public void refusalStored(RefusalView refusal) {
    Set<Subscriber> set = subscribers.get(refusal.applicationId());
    if (set != null) {
      set.forEach(s -> deliver(s, refusal));
    }
  }

  /** Open streams, for tests and metrics. */
  public int openStreams() {
    return subscribers.values().stream().mapToInt(Set::size).sum();
  }

  private void deliver(Subscriber s, DecisionView d) {
    if (d.clientId() != s.clientId()) {
      // Another client's decision under a reused application id: never pushed, and this client's
      // own is still to come.
      return;
    }
    if (s.done().compareAndSet(false, true)) {
      send(s, "decision", views.decided(d, s.locale()));
      metrics.decisionShown(d.outcome(), "stream");
      s.emitter().complete();
    }
  }

  /**
   * A refusal is shown but leaves the stream open for a later decision of the corrected application
   * under the same id; never pushed to another client's page.
   */
  private void deliver(Subscriber s, RefusalView r) {
    if (r.clientId() != null && r.clientId() != s.clientId()) {
      return; // another client's, under a reused application id
    }
    if (!s.done().get()) {
      send(s, "refused", views.refused(r, s.locale()));
    }
  }

  private void send(Subscriber s, String event, ClientView view) {
    try {
      s.emitter()
          .send(
              SseEmitter.event()
                  .name(event)
                  .data(json.writeValueAsString(view), MediaType.APPLICATION_JSON));
    } catch (IOException | IllegalStateException e) {
      s.emitter().completeWithError(e);
    }
  }

  private void beat() {
    subscribers.values().forEach(set -> set.forEach(this::ping));
  }

  private void ping(Subscriber s) {
    try {
      s.emitter().send(SseEmitter.event().comment("keep-alive"));
    } catch (IOException | IllegalStateException e) {
      s.emitter().completeWithError(e);
    }
  }

  @PreDestroy
  void close() {
    heartbeat.shutdownNow();
    subscribers.values().forEach(set -> set.forEach(s -> s.emitter().complete()));
  }

  private record Subscriber(SseEmitter emitter, long clientId, Locale locale, AtomicBoolean done) {}
}
