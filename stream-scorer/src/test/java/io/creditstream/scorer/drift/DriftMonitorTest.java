package io.creditstream.scorer.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.DriftReport;
import io.creditstream.features.FeatureSet;
import io.creditstream.fixtures.Applications;
import io.creditstream.scorer.decision.AvroRow;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.scorer.testing.TestModels.TestModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

  private static final FeatureSet FEATURES = FeatureSet.current();

  @Test
  void reportsLowPsiForTheTrainingDistributionAndHighPsiForAShiftedOne() {
    // given the model trained on EXT_SOURCE_2 spread evenly over (0, 1)
    TestModel model = TestModels.extSource2Model(20);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ScorerMetrics metrics = new ScorerMetrics(registry);
    List<DriftReport> published = new ArrayList<>();
    DriftMonitor monitor =
        new DriftMonitor(
            "scorer-1",
            metrics,
            Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC),
            published::add);
    AvroRow row = new AvroRow();

    // when live traffic first looks like training, then every client has a low score
    for (int i = 0; i < 400; i++) {
      monitor.observe(
          model.model(),
          FEATURES.vector(row.reset(Applications.valid("a", i, (i + 0.5) / 400)), null));
    }
    DriftReport same = monitor.publish();
    for (int i = 0; i < 400; i++) {
      monitor.observe(
          model.model(), FEATURES.vector(row.reset(Applications.valid("b", i, 0.05)), null));
    }
    DriftReport shifted = monitor.publish();

    // then
    assertThat(published).containsExactly(same, shifted);
    assertThat(same.getCount()).isEqualTo(400);
    assertThat(same.getModelVersion()).isEqualTo(model.version());
    assertThat(same.getPsi()).containsKeys("EXT_SOURCE_2", "AMT_CREDIT", "DAYS_BIRTH");
    assertThat(same.getPsi().get("EXT_SOURCE_2")).isLessThan(0.02);
    assertThat(shifted.getPsi().get("EXT_SOURCE_2")).isGreaterThan(1.0);
    assertThat(
            registry.get("creditstream.feature.psi").tag("feature", "EXT_SOURCE_2").gauge().value())
        .isEqualTo(shifted.getPsi().get("EXT_SOURCE_2"));
    assertThat(monitor.publish()).isNull();
  }

  @Test
  void aWindowStaysOpenAcrossIntervalsUntilItHoldsTheMinimumOfRecords() {
    // given a monitor that judges no window under 500 records
    TestModel model = TestModels.extSource2Model(20);
    List<DriftReport> published = new ArrayList<>();
    Instant start = Instant.parse("2026-11-25T10:00:00Z");
    MutableTestClock clock = new MutableTestClock(start);
    DriftMonitor monitor =
        new DriftMonitor(
            "scorer-1", new ScorerMetrics(new SimpleMeterRegistry()), clock, published::add, 500);
    AvroRow row = new AvroRow();
    // when 400 records arrive in the first interval
    for (int i = 0; i < 400; i++) {
      monitor.observe(
          model.model(),
          FEATURES.vector(row.reset(Applications.valid("a", i, (i + 0.5) / 400)), null));
    }
    clock.now = start.plusSeconds(60);
    // then nothing is reported: 400 records are too few
    assertThat(monitor.publish()).isNull();
    assertThat(published).isEmpty();
    // when 200 more arrive in the next interval
    for (int i = 0; i < 200; i++) {
      monitor.observe(
          model.model(),
          FEATURES.vector(row.reset(Applications.valid("b", i, (i + 0.5) / 200)), null));
    }
    clock.now = start.plusSeconds(120);
    DriftReport report = monitor.publish();
    // then one report covers both intervals and all 600 records
    assertThat(published).containsExactly(report);
    assertThat(report.getCount()).isEqualTo(600);
    assertThat(report.getWindowStart()).isEqualTo(start);
    assertThat(report.getWindowEnd()).isEqualTo(start.plusSeconds(120));
  }

  /** A clock the test sets. */
  private static final class MutableTestClock extends Clock {
    Instant now;

    MutableTestClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void threadsCountingInTheirOwnShardsGiveTheReportOfOneThread() throws Exception {
    // given 1,200 vectors, and two monitors of the same model
    TestModel model = TestModels.extSource2Model(20);
    List<double[]> vectors = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      vectors.add(
          FEATURES.vector(
              new AvroRow(Applications.valid("t", i, ((i * 7) % 1_200 + 0.5) / 1_200)), null));
    }
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    DriftMonitor oneThread = new DriftMonitor("scorer-1", metrics, clock, r -> {});
    DriftMonitor fourThreads = new DriftMonitor("scorer-1", metrics, clock, r -> {});

    // when one sees them all on this thread, the other on four threads at once
    vectors.forEach(x -> oneThread.observe(model.model(), x));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int first = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = first; i < vectors.size(); i += 4) {
                  fourThreads.observe(model.model(), vectors.get(i));
                }
              }));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    // then both windows hold every record and give the same PSI for every feature
    DriftReport single = oneThread.publish();
    DriftReport sharded = fourThreads.publish();
    assertThat(sharded.getCount()).isEqualTo(1_200).isEqualTo(single.getCount());
    assertThat(sharded.getPsi()).isEqualTo(single.getPsi());
    assertThat(sharded.getPsi().get("EXT_SOURCE_2")).isLessThan(0.02);
  }
}
