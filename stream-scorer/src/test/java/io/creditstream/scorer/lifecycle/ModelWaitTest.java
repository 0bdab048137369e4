package io.creditstream.scorer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.FeatureSet;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelWaitTest {

  private static ModelRegistry registryWithoutModels() {
    ScorerSettings settings = LifecyclePartsTest.nobodyListening("mock://model-wait");
    Topics topics = Topics.create(settings.all());
    ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    return new ModelRegistry(
        settings.clientConfig(),
        topics.modelReleases(),
        new ModelCatalog(FeatureSet.current(), metrics));
  }

  @Test
  void waitsOnPastTheFirstWaitUntilTheScorerIsStopped() throws Exception {
    // given a registry that never names a model (never started: nothing is read)
    try (ModelRegistry registry = registryWithoutModels()) {
      ScorerExit exit = new ScorerExit();

      // when the first wait ends without a model, the scorer keeps waiting
      CompletableFuture<Boolean> waited =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ModelWait.forModel(registry, Duration.ofMillis(100), exit);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(1_500);
      assertThat(waited).isNotDone();

      // then a stop ends the wait: no model, no scoring, and no failure to report
      exit.stop();
      assertThat(waited.get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(exit.code()).isEqualTo(ScorerExit.OK);
    }
  }
}
