package io.creditstream.scorer.lifecycle;

import io.creditstream.scorer.release.ModelRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds scoring back until the model registry has caught up and names an active model: first a
 * bounded wait, then (reported NOT READY meanwhile) on until a model is activated, the scorer is
 * stopped or the registry fails. A scorer never decides without a model, and never exits only
 * because none is released yet.
 */
final class ModelWait {

  private static final Logger log = LoggerFactory.getLogger(ScorerRuntime.LOGGER);

  private ModelWait() {}

  /** True once a model is active; false if the scorer was stopped or the registry failed first. */
  static boolean forModel(ModelRegistry registry, Duration firstWait, ScorerExit exit)
      throws InterruptedException {
    log.info(
        "Waiting up to {} for the model registry to catch up and name an active model", firstWait);
    if (registry.awaitReady(firstWait)) {
      log.info("Active model {}; starting to score", registry.current().version());
      return true;
    }
    log.warn(
        "No active model after {} (registry caught up: {}): the scorer stays NOT READY and starts"
            + " scoring as soon as a model is activated on model-releases",
        firstWait,
        registry.caughtUp());
    while (!exit.stopRequested()) {
      if (registry.failure().isPresent()) {
        log.error("Model registry failed: {}", registry.failure().get().toString());
        return false;
      }
      if (registry.awaitReady(Duration.ofSeconds(1))) {
        log.info("Active model {}; starting to score", registry.current().version());
        return true;
      }
    }
    return false;
  }
}
