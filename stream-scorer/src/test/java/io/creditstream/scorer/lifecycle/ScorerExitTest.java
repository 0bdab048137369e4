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

  @Test
  void aThreadThatFailedOnKafkaIsReplacedAFewTimesThenTheScorerStops() {
    ScorerExit exit = new ScorerExit();
    // as a 15-second broker outage left it: the commit of a transaction the broker forgot
    Throwable kafka =
        new org.apache.kafka.streams.errors.StreamsException(
            "Error encountered trying to commit a transaction",
            new org.apache.kafka.common.errors.InvalidTxnStateException("invalid state"));

    for (int i = 0; i < ScorerExit.MAX_REPLACEMENTS; i++) {
      assertThat(exit.onStreamThreadFailure(kafka, 1_000L * i))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(exit.code()).isEqualTo(ScorerExit.OK);

    // one more within ten minutes: a failure that does not go away
    assertThat(exit.onStreamThreadFailure(kafka, 60_000L))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(exit.code()).isEqualTo(ScorerExit.STREAMS_FAILED);
  }

  @Test
  void replacementsOlderThanTenMinutesDoNotCount() {
    ScorerExit exit = new ScorerExit();
    Throwable kafka = new org.apache.kafka.common.errors.TimeoutException("broker away");

    for (int i = 0; i < 3 * ScorerExit.MAX_REPLACEMENTS; i++) {
      assertThat(exit.onStreamThreadFailure(kafka, i * ScorerExit.REPLACEMENT_WINDOW_MS / 2))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
  }

  @Test
  void aFailureThatIsNotKafkasShutsTheClientDownAtOnce() {
    ScorerExit exit = new ScorerExit();

    assertThat(
            exit.onStreamThreadFailure(
                new org.apache.kafka.streams.errors.StreamsException(
                    "wrapper", new IllegalStateException("our own bug")),
                0))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}
