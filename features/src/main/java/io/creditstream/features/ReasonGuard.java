package io.creditstream.features;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last line before a reason reaches a client: zeroes the SHAP contributions of every feature
 * that is, or derives from, or is shown under the name of, a protected attribute ({@link
 * ProtectedAttributes}), so that the reason groups built from them sum to 0 and are never shown.
 *
 * <p>A model trained by the trainer gives those features exactly 0 already (they are missing for
 * it); this guard holds even for a card whose list of protected features is incomplete, because it
 * derives the features from the attribute names itself. A card without the list (a model released
 * before protected attributes were recorded) gets no guard, so that its decisions replay bit for
 * bit; the scorer does not activate such a model for new decisions.
 *
 * <p>Contributions are in {@link FeatureSet#names()} order (the scorer's), bias last. Thread-safe.
 */
public final class ReasonGuard {
  private static final Map<List<String>, ReasonGuard> GUARDS = new ConcurrentHashMap<>();
  private static final ReasonGuard NONE = new ReasonGuard(new int[0]);

  private final int[] silenced;

  private ReasonGuard(int[] silenced) {
    this.silenced = silenced;
  }

  /** The guard for a model card's protected attributes (null: a card from before the list). */
  public static ReasonGuard of(List<String> protectedAttributes) {
    if (protectedAttributes == null || protectedAttributes.isEmpty()) {
      return NONE;
    }
    return GUARDS.computeIfAbsent(
        List.copyOf(protectedAttributes),
        attributes -> {
          FeatureSet fs = FeatureSet.current();
          boolean[] mask = ProtectedAttributes.of(fs, attributes).mask(fs.names());
          int n = 0;
          for (boolean m : mask) {
            n += m ? 1 : 0;
          }
          int[] idx = new int[n];
          for (int j = 0, k = 0; j < mask.length; j++) {
            if (mask[j]) {
              idx[k++] = j;
            }
          }
          return new ReasonGuard(idx);
        });
  }

  /** Sets the protected features' contributions to 0, in place, and returns the array. */
  public double[] silence(double[] contributions) {
    for (int j : silenced) {
      contributions[j] = 0.0;
    }
    return contributions;
  }
}
