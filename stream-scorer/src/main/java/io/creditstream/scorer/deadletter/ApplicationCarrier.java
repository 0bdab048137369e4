package io.creditstream.scorer.deadletter;

import io.creditstream.avro.LoanApplication;

/** A value inside the topology that carries an application (so a dead letter can name it). */
public interface ApplicationCarrier {
  LoanApplication application();
}
