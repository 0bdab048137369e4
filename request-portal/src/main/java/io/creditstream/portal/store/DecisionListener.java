package io.creditstream.portal.store;

/** Told about each decision after the transaction that stored it committed. */
@FunctionalInterface
public interface DecisionListener {
  void decisionStored(DecisionView decision);

  /** An application ended without a decision (only refusals that end their application). */
  default void refusalStored(RefusalView refusal) {}
}
