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

  public static void put(ModelCardStore store, ModelRelease release) {
    store.apply(release.getVersion(), release);
  }

  public static void put(DriftStore store, DriftReport report) {
    store.apply(report);
  }
}
