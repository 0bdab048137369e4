package io.creditstream.systemtests;

import io.creditstream.trainer.publish.ApplicationPublisher;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A stream of applications sent in the background while faults are injected. */
public final class Load {

  private final AtomicBoolean stop = new AtomicBoolean();
  private final CompletableFuture<ApplicationPublisher.Result> result;

  private Load(Deployment deployment, long n, double ratePerSecond) {
    this.result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return deployment.publish(n, ratePerSecond, stop);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  /** Starts sending {@code n} applications at {@code ratePerSecond} (0: as fast as possible). */
  public static Load start(Deployment deployment, long n, double ratePerSecond) {
    return new Load(deployment, n, ratePerSecond);
  }

  public boolean done() {
    return result.isDone();
  }

  /** Asks the publisher to stop early (the soak's end). */
  public void stop() {
    stop.set(true);
  }

  /** Waits for the publisher to finish and returns its counts; fails if any send failed. */
  public ApplicationPublisher.Result finish(Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    ApplicationPublisher.Result r = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r.failed() > 0) {
      throw new IllegalStateException(
          "The publisher could not send " + r.failed() + " applications");
    }
    return r;
  }
}
