package io.creditstream.scorer.lifecycle;

import io.creditstream.scorer.deadletter.NotTheRecordsFault;
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

  /** The exit code so far: {@link #OK} while nothing failed. */
  public int code() {
    return code.get();
  }

  /**
   * Ends the scorer when Kafka Streams fails; a thread that failed on Kafka itself is replaced
   * first (see {@link #onStreamThreadFailure}).
   */
  public void watch(KafkaStreams streams) {
    streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    streams.setStateListener(this::onStateChange);
  }

  /** Threads replaced after a Kafka failure within {@link #REPLACEMENT_WINDOW_MS}, at most. */
  static final int MAX_REPLACEMENTS = 5;

  static final long REPLACEMENT_WINDOW_MS = 10 * 60 * 1000L;

  private final java.util.ArrayDeque<Long> replacements = new java.util.ArrayDeque<>();

  /**
   * A stream thread that failed on Kafka itself (a broker that went away, a transaction the broker
   * no longer knows: {@code InvalidTxnStateException} after a 15-second outage in a system test) is
   * replaced: under exactly-once its transaction was aborted, so the new thread reads again from
   * the last committed offsets and nothing is lost or decided twice. Anything else, or more than
   * {@link #MAX_REPLACEMENTS} replacements within ten minutes, shuts the scorer down (code 2) for
   * its supervisor to restart.
   */
  StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
    return onStreamThreadFailure(e, System.currentTimeMillis());
  }

  synchronized StreamThreadExceptionResponse onStreamThreadFailure(Throwable e, long now) {
    while (!replacements.isEmpty() && replacements.peekFirst() < now - REPLACEMENT_WINDOW_MS) {
      replacements.pollFirst();
    }
    if (NotTheRecordsFault.causedByKafka(e) && replacements.size() < MAX_REPLACEMENTS) {
      replacements.addLast(now);
      log.warn(
          "Stream thread failed on Kafka; replacing it ({} of at most {} in ten minutes): {}",
          replacements.size(),
          MAX_REPLACEMENTS,
          e.toString(),
          e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
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
