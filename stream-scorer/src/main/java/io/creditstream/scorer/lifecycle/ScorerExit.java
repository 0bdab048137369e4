package io.creditstream.scorer.lifecycle;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a running scorer ends, and with which exit code: a stop request (SIGTERM, {@code stop()}), a
 * failed stream thread or Kafka Streams in ERROR (code 2), a failed model registry (code 3). The
 * first failure wins: a later one does not overwrite the code an operator will look up.
 */
public final class ScorerExit {

  public static final int OK = 0;
  public static final int CONFIG = 1;
  public static final int STREAMS_FAILED = 2;
  public static final int REGISTRY_FAILED = 3;

  private static final Logger log = LoggerFactory.getLogger(ScorerRuntime.LOGGER);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicInteger code = new AtomicInteger(OK);

  /** Asks the scorer to close everything and return (as SIGTERM does). */
  public void stop() {
    stopped.countDown();
  }

  boolean stopRequested() {
    return stopped.getCount() == 0;
  }

  void awaitStop() throws InterruptedException {
    stopped.await();
  }

  void registryFailed() {
    code.compareAndSet(OK, REGISTRY_FAILED);
  }

  int code() {
    return code.get();
  }

  /** Ends the scorer when Kafka Streams fails: a failed thread shuts the client down. */
  void watch(KafkaStreams streams) {
    streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    streams.setStateListener(this::onStateChange);
  }

  StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
    log.error("Stream thread failed; stopping this scorer: {}", e.toString(), e);
    code.compareAndSet(OK, STREAMS_FAILED);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
    log.info("Kafka Streams state {} -> {}", before, now);
    if (now == KafkaStreams.State.ERROR) {
      code.compareAndSet(OK, STREAMS_FAILED);
      stopped.countDown();
    }
  }
}
