package io.creditstream.scorer.drift;

import io.creditstream.avro.DriftReport;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live drift of the scored features against the active model's reference statistics.
 *
 * <p>Input: every scored vector ({@link #observe}), counted over the model card's reference bin
 * edges, each stream thread in its own shard. Output, at each {@link #publish()} (a fixed interval
 * in the app): PSI per feature as the {@code creditstream_feature_psi} gauges and one {@link
 * DriftReport} for the window to the given sink ({@code model-drift}). Windows are tumbling: the
 * histograms start afresh after each report, and when another model becomes active (its references
 * differ). A window is reported only once it holds {@code minRecords} records ({@code
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
  // Each stream thread counts into its own shard of the current window: no two threads write the
  // same counter, so a count is a plain read and a release store instead of a locked increment
  // on a cache line the other threads also write (440 features per decision).
  private final ThreadLocal<Shard> shards = new ThreadLocal<>();

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
    Shard shard = shards.get();
    if (shard == null || shard.window != w) {
      shard = w.newShard();
      shards.set(shard);
    }
    shard.add(x);
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
      if (w == null || w.count() < minRecords) {
        return null;
      }
      window = new Window(w.model, end);
    }
    Map<String, Double> psi = new LinkedHashMap<>();
    for (int j = 0; j < w.index.length; j++) {
      double value = w.psi(j);
      if (!Double.isNaN(value)) {
        psi.put(w.names[j], value);
        metrics.psi(w.names[j], value);
      }
    }
    DriftReport report =
        new DriftReport(w.model.version(), instance, w.start, end, w.count(), psi, null);
    try {
      sink.accept(report);
    } catch (RuntimeException e) {
      log.warn("Drift report for model {} not published: {}", w.model.version(), e.toString());
    }
    return report;
  }

  /** One tumbling window's counts for one model, in one shard per stream thread. */
  private static final class Window {
    final ScoringModel model;
    final Instant start;
    final int[] index;
    final String[] names;
    final FeatureReference[] references;
    final double[][] edges;
    final List<Shard> shards = new CopyOnWriteArrayList<>();

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
      edges = new double[index.length][];
      for (int j = 0; j < index.length; j++) {
        names[j] = featureNames.get(index[j]);
        references[j] = refs.get(names[j]);
        edges[j] = references[j].edges().clone();
      }
    }

    Shard newShard() {
      Shard shard = new Shard(this);
      shards.add(shard);
      return shard;
    }

    long count() {
      long n = 0;
      for (Shard s : shards) {
        n += s.records.get();
      }
      return n;
    }

    /** PSI of feature {@code j} over every shard's counts (adds racing with it may not show). */
    double psi(int j) {
      long[] counts = new long[edges[j].length + 1];
      long missing = 0;
      for (Shard s : shards) {
        AtomicLongArray c = s.counts[j];
        for (int b = 0; b < counts.length; b++) {
          counts[b] += c.get(b);
        }
        missing += c.get(counts.length);
      }
      return ReferenceStats.psi(references[j], counts, missing);
    }
  }

  /**
   * One thread's counts in a window: per feature, a slot per bin of the reference's edges and a
   * last one for missing values ({@link ReferenceStats#binOf}). Written by its thread only.
   */
  private static final class Shard {
    final Window window;
    final AtomicLongArray[] counts;
    final AtomicLong records = new AtomicLong();

    Shard(Window window) {
      this.window = window;
      this.counts = new AtomicLongArray[window.index.length];
      for (int j = 0; j < counts.length; j++) {
        counts[j] = new AtomicLongArray(window.edges[j].length + 2);
      }
    }

    void add(double[] x) {
      int[] index = window.index;
      double[][] edges = window.edges;
      for (int j = 0; j < index.length; j++) {
        int bin = ReferenceStats.binOf(edges[j], x[index[j]]);
        AtomicLongArray c = counts[j];
        int slot = bin < 0 ? c.length() - 1 : bin;
        c.setRelease(slot, c.getPlain(slot) + 1);
      }
      records.setRelease(records.getPlain() + 1);
    }
  }
}
