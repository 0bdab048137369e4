package io.creditstream.scorer.drift;

import io.creditstream.avro.DriftReport;
import io.creditstream.model.LiveHistogram;
import io.creditstream.model.ModelCard.FeatureReference;
import io.creditstream.model.ReferenceStats;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.ops.ScorerMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live drift of the scored features against the active model's reference statistics.
 *
 * <p>Input: every scored vector ({@link #observe}), counted over the model card's reference bin
 * edges in {@link LiveHistogram}s. Output, at each {@link #publish()} (a fixed interval in the
 * app): PSI per feature as the {@code creditstream_feature_psi} gauges and one {@link DriftReport}
 * for the window to the given sink ({@code model-drift}). Windows are tumbling: the histograms
 * start afresh after each report, and when another model becomes active (its references differ). A
 * window is reported only once it holds {@code minRecords} records ({@code
 * scorer.drift.min.records}): until then it stays open across intervals, since a PSI over a few
 * dozen records is sampling noise, not drift.
 */
public final class DriftMonitor implements FeatureObserver {

  private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);

  private final String instance;
  private final ScorerMetrics metrics;
  private final Clock clock;
  private final Consumer<DriftReport> sink;
  private final long minRecords;
  private volatile Window window;

  /** A monitor that reports every window with at least one record. */
  public DriftMonitor(
      String instance, ScorerMetrics metrics, Clock clock, Consumer<DriftReport> sink) {
    this(instance, metrics, clock, sink, 1);
  }

  public DriftMonitor(
      String instance,
      ScorerMetrics metrics,
      Clock clock,
      Consumer<DriftReport> sink,
      long minRecords) {
    this.instance = instance;
    this.metrics = metrics;
    this.clock = clock;
    this.sink = sink;
    this.minRecords = Math.max(1, minRecords);
  }

  @Override
  public void observe(ScoringModel model, double[] x) {
    Window w = window;
    if (w == null || w.model != model) {
      w = switchTo(model);
    }
    w.count.incrementAndGet();
    for (int j = 0; j < w.index.length; j++) {
      w.histograms[j].add(x[w.index[j]]);
    }
  }

  private synchronized Window switchTo(ScoringModel model) {
    Window w = window;
    if (w == null || w.model != model) {
      w = new Window(model, clock.instant());
      window = w;
    }
    return w;
  }

  /**
   * Closes the current window: PSI per feature to the gauges and a report to the sink. Returns the
   * report, or null when the window holds fewer than {@code minRecords} records (it then stays
   * open).
   */
  public DriftReport publish() {
    Window w;
    Instant end = clock.instant();
    synchronized (this) {
      w = window;
      if (w == null || w.count.get() < minRecords) {
        return null;
      }
      window = new Window(w.model, end);
    }
    Map<String, Double> psi = new LinkedHashMap<>();
    for (int j = 0; j < w.index.length; j++) {
      double value = ReferenceStats.psi(w.references[j], w.histograms[j]);
      if (!Double.isNaN(value)) {
        psi.put(w.names[j], value);
        metrics.psi(w.names[j], value);
      }
    }
    DriftReport report =
        new DriftReport(w.model.version(), instance, w.start, end, w.count.get(), psi);
    try {
      sink.accept(report);
    } catch (RuntimeException e) {
      log.warn("Drift report for model {} not published: {}", w.model.version(), e.toString());
    }
    return report;
  }

  /** One tumbling window's histograms for one model. */
  private static final class Window {
    final ScoringModel model;
    final Instant start;
    final int[] index;
    final String[] names;
    final FeatureReference[] references;
    final LiveHistogram[] histograms;
    final AtomicLong count = new AtomicLong();

    Window(ScoringModel model, Instant start) {
      this.model = model;
      this.start = start;
      List<String> featureNames = model.card().featureNames();
      Map<String, FeatureReference> refs = model.card().referenceStats();
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < featureNames.size(); i++) {
        if (refs.containsKey(featureNames.get(i))) {
          idx.add(i);
        }
      }
      index = idx.stream().mapToInt(Integer::intValue).toArray();
      names = new String[index.length];
      references = new FeatureReference[index.length];
      histograms = new LiveHistogram[index.length];
      for (int j = 0; j < index.length; j++) {
        names[j] = featureNames.get(index[j]);
        references[j] = refs.get(names[j]);
        histograms[j] = LiveHistogram.over(references[j]);
      }
    }
  }
}
