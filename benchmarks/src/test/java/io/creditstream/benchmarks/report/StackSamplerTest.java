package io.creditstream.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackSamplerTest {
  @Test
  void measuresTheNumberedThreadsThemselvesNotTheirClientsThreads() {
    assertThat(StackSampler.isNumbered("StreamThread", "bench-scorer-4ef1-StreamThread-1"))
        .isTrue();
    assertThat(StackSampler.isNumbered("StreamThread", "bench-scorer-4ef1-StreamThread-12"))
        .isTrue();
    assertThat(StackSampler.isNumbered("StreamThread", "bench-scorer-StreamThread-1-producer"))
        .isFalse();
    assertThat(StackSampler.isNumbered("StreamThread", "StateUpdater-1")).isFalse();
    assertThat(StackSampler.isNumbered("a.b", "x-axb-1")).isFalse(); // the name is not a pattern
  }

  @Test
  void samplesABusyNumberedThreadIntoItsBucketAndIgnoresOtherThreads() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread busy = new Thread(() -> spinUntil(stop), "sampler-test-Busy-1");
    Thread other = new Thread(() -> spinElsewhere(stop), "sampler-test-Busy-1-producer");
    busy.start();
    other.start();
    Figures figures = Figures.started();
    try (StackSampler sampler =
        new StackSampler(
            "Busy",
            List.of(new StackSampler.Bucket("spin", List.of("StackSamplerTest.spinUntil"))),
            2)) {
      Thread.sleep(400);
      sampler.reportTo(figures, "t_");
    } finally {
      stop.set(true);
      busy.join();
      other.join();
    }
    String line = figures.finished();
    // Only the numbered thread is sampled (one sample per period at most): had its client thread
    // been sampled too, its samples would be "other" and the spin bucket below 100 %.
    int samples = Integer.parseInt(line.replaceAll(".*\\bt_samples=(\\d+).*", "$1"));
    assertThat(samples).isBetween(20, 201);
    assertThat(line).contains("t_spin_pct=100");
  }

  private static void spinElsewhere(java.util.concurrent.atomic.AtomicBoolean stop) {
    long x = 0;
    while (!stop.get()) {
      x += System.nanoTime() & 1;
    }
    if (x == 43) {
      System.out.print("");
    }
  }

  private static void spinUntil(java.util.concurrent.atomic.AtomicBoolean stop) {
    long x = 0;
    while (!stop.get()) {
      x += System.nanoTime() & 1;
    }
    if (x == 42) {
      System.out.print("");
    }
  }
}
