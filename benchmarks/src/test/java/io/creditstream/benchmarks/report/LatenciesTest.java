package io.creditstream.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRankOverTheSamples() {
    // given 1..100 ms in shuffled order
    Latencies latencies = new Latencies();
    for (int i = 0; i < 100; i++) {
      latencies.add((i * 37) % 100 + 1);
    }

    // then
    assertThat(latencies.percentile(50)).isEqualTo(50);
    assertThat(latencies.percentile(95)).isEqualTo(95);
    assertThat(latencies.percentile(99)).isEqualTo(99);
    assertThat(latencies.max()).isEqualTo(100);
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    Latencies latencies = new Latencies();
    latencies.add(7.5);

    assertThat(latencies.percentile(1)).isEqualTo(7.5);
    assertThat(latencies.percentile(99)).isEqualTo(7.5);
  }

  @Test
  void refusesPercentilesWithoutSamplesOrOutOfRange() {
    Latencies latencies = new Latencies();

    assertThatThrownBy(() -> latencies.percentile(50)).hasMessageContaining("no latency samples");
    latencies.add(1);
    assertThatThrownBy(() -> latencies.percentile(0)).hasMessageContaining("(0, 100]");
    assertThatThrownBy(() -> latencies.add(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void figuresPrintOneLineOfNameValuePairsInOrder() {
    // given
    Figures figures = new Figures().put("throughput_ratio", 0.8567).put("p99_ms", 31.0);
    Latencies latencies = new Latencies();
    latencies.add(2);
    latencies.add(4);
    latencies.reportTo(figures, "x_");

    // then
    assertThat(figures.line())
        .isEqualTo("throughput_ratio=0.857 p99_ms=31 x_p50_ms=2 x_p95_ms=4 x_p99_ms=4 x_max_ms=4");
  }

  @Test
  void refusesFigureNamesAndValuesThatWouldBreakTheLine() {
    assertThatThrownBy(() -> new Figures().put("p99 ms", 1)).hasMessageContaining("snake_case");
    assertThatThrownBy(() -> new Figures().put("source", "two words"))
        .hasMessageContaining("without spaces");
  }
}
