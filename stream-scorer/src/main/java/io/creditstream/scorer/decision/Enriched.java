package io.creditstream.scorer.decision;

import io.creditstream.avro.LoanApplication;
import io.creditstream.scorer.deadletter.ApplicationCarrier;

/**
 * A valid application and the client's history features (null when the client has none): the result
 * of the join with {@code client-features}, the input of {@link DecisionProcessor}.
 */
record Enriched(LoanApplication application, ClientHistory features)
    implements ApplicationCarrier {}
