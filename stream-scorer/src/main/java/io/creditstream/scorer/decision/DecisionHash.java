package io.creditstream.scorer.decision;

import io.creditstream.avro.Decision;

/**
 * The scorer's name for {@link io.creditstream.seal.DecisionHash}, which moved to {@code schemas}
 * so that every verifier (replay, the portal) computes the very same hash.
 */
public final class DecisionHash {

  private DecisionHash() {}

  /** The hash the decision should carry in {@code contentHash} (ignores its current value). */
  public static String compute(Decision d) {
    return io.creditstream.seal.DecisionHash.compute(d);
  }

  /** True if the decision's {@code contentHash} matches its content. */
  public static boolean verify(Decision d) {
    return io.creditstream.seal.DecisionHash.verify(d);
  }
}
