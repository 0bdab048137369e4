package io.creditstream.scorer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ScorerExitTest {

  @Test
  void endsWithZeroWhenAskedToStop() {
    ScorerExit exit = new ScorerExit();

    exit.stop();

    assertThat(exit.stopRequested()).isTrue();
    assertThat(exit.code()).isEqualTo(ScorerExit.OK);
  }

  @Test
  void aFailedStreamThreadShutsTheClientDownWithCodeTwo() {
    ScorerExit exit = new ScorerExit();

    StreamThreadExceptionResponse response =
        exit.onStreamThreadFailure(new IllegalStateException("boom"));

    // the client shuts down; the stop follows from its ERROR state, not from the handler
    assertThat(response).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(exit.code()).isEqualTo(ScorerExit.STREAMS_FAILED);
    assertThat(exit.stopRequested()).isFalse();
  }

  @Test
  void errorStateStopsTheScorerAndOnlyTheFirstFailureCounts() {
    ScorerExit exit = new ScorerExit();

    exit.onStateChange(State.RUNNING, State.REBALANCING);
    assertThat(exit.stopRequested()).isFalse();

    exit.onStateChange(State.ERROR, State.PENDING_ERROR);
    exit.registryFailed();

    assertThat(exit.stopRequested()).isTrue();
    assertThat(exit.code()).isEqualTo(ScorerExit.STREAMS_FAILED);
  }

  @Test
  void aFailedRegistryEndsWithCodeThree() {
    ScorerExit exit = new ScorerExit();

    exit.registryFailed();

    assertThat(exit.code()).isEqualTo(ScorerExit.REGISTRY_FAILED);
  }
}
