package io.creditstream.scorer.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM a clean stop: the JVM halts as soon as its shutdown hooks return, so the hook asks
 * the scorer to stop and then waits (bounded by the close timeout and 10 s more) until the scorer
 * says it closed everything: the transaction committed, the group left, the last drift report sent.
 */
final class ShutdownHook {

  private static final Logger log = LoggerFactory.getLogger(ScorerRuntime.LOGGER);

  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread thread;

  ShutdownHook(String instance, ScorerExit exit, Duration closeTimeout) {
    this.thread =
        new Thread(
            () -> {
              log.info("Stopping scorer {}", instance);
              exit.stop();
              try {
                cleanedUp.await(closeTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "scorer-shutdown");
  }

  /** Registers the hook with the JVM. */
  ShutdownHook install() {
    Runtime.getRuntime().addShutdownHook(thread);
    return this;
  }

  /** The scorer closed everything: a running hook returns, and an idle one is removed. */
  void cleanedUp() {
    cleanedUp.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: nothing to remove
    }
  }

  /** The hook's thread (tests run it as the JVM would). */
  Thread thread() {
    return thread;
  }
}
