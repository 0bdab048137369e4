package io.creditstream.portal.store;

import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.ModelRelease;

/** Writes into the store the way the mirror does, for slice tests that have no broker. */
public final class StoreFixtures {

  private StoreFixtures() {}

  public static void put(DecisionStore store, Decision decision) {
    store.upsert(DecisionView.of(decision), 0, 0);
  }

  /**
   * @return false when the store refused it (the id holds another client's decision)
   */
  public static boolean putDecision(DecisionStore store, Decision decision) {
    return store.upsert(DecisionView.of(decision), 0, 0);
  }

  public static void put(RefusalStore store, RefusalView refusal) {
    store.put(refusal);
  }

  /** A dead letter as the mirror stores it, for an application the scorer refused. */
  public static RefusalView refusal(
      String applicationId, long clientId, String code, String reason, long offset) {
    return new RefusalView(
        "loan-applications-dlq",
        0,
        offset,
        applicationId,
        clientId,
        code,
        reason,
        "loan-applications/0/" + offset,
        java.time.Instant.parse("2026-12-07T10:00:00Z"),
        "scorer-1",
        Long.toString(clientId),
        "{}");
  }

  public static void put(ModelCardStore store, ModelRelease release) {
    store.apply(release.getVersion(), release);
  }

  public static void put(DriftStore store, DriftReport report) {
    store.apply(report);
  }
}
