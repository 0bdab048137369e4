package io.creditstream.scorer.decision;

import io.creditstream.avro.LoanApplication;
import io.creditstream.features.contract.Violation;
import io.creditstream.scorer.deadletter.ApplicationCarrier;
import java.util.List;

/**
 * An application with its contract violations (empty when valid): what the topology's {@code
 * validate} step hands to the split between the dead-letter branch and the decision branch.
 */
record Checked(LoanApplication application, List<Violation> violations)
    implements ApplicationCarrier {}
