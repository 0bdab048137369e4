package io.creditstream.scorer.decision;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.LoanApplication;
import io.creditstream.scorer.deadletter.ApplicationCarrier;

/**
 * What {@link ApplicationDoor} decided for one application: decide it, move it to its client's
 * partition first, or refuse it with its dead letter.
 */
record Admission(LoanApplication application, Route route, DeadLetter letter)
    implements ApplicationCarrier {

  enum Route {
    /** Valid, on its client's partition, and its id is new: join and decide. */
    DECIDE,
    /** Valid but not on its client's partition or key: re-key and move it first. */
    MOVE,
    /** Refused: {@link #letter} goes to the dead-letter topic. */
    REFUSE
  }

  boolean is(Route r) {
    return route == r;
  }
}
