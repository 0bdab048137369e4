package io.creditstream.scorer.release;

import io.creditstream.model.ScoringModel;
import java.util.Map;
import java.util.Optional;

/**
 * Where the topology gets its model: the active one for live scoring, any released one by version
 * for replay.
 */
public interface ModelProvider {

  /**
   * The active model. Each call returns one immutable model, so a record is scored entirely by one
   * version even while another is being activated.
   *
   * @throws NoActiveModelException when no model is active (the scorer is not ready)
   */
  ScoringModel current();

  /** True once a model is active. */
  boolean hasActive();

  /** A released (and accepted) model by its version. */
  Optional<ScoringModel> byVersion(String version);

  /** A provider over fixed models, the first one active (replay, tests). */
  static ModelProvider of(ScoringModel active, ScoringModel... others) {
    Map<String, ScoringModel> byVersion = new java.util.HashMap<>();
    byVersion.put(active.version(), active);
    for (ScoringModel m : others) {
      byVersion.put(m.version(), m);
    }
    Map<String, ScoringModel> frozen = Map.copyOf(byVersion);
    return new ModelProvider() {
      @Override
      public ScoringModel current() {
        return active;
      }

      @Override
      public boolean hasActive() {
        return true;
      }

      @Override
      public Optional<ScoringModel> byVersion(String version) {
        return Optional.ofNullable(frozen.get(version));
      }
    };
  }
}
