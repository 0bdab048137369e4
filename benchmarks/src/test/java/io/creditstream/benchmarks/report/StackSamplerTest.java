package io.creditstream.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

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
}
