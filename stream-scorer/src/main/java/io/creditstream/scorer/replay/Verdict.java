package io.creditstream.scorer.replay;

import io.creditstream.avro.Outcome;
import java.util.List;

/**
 * What replay found out about one decision record.
 *
 * @param status IDENTICAL, DIFFERENT or NOT_REPRODUCIBLE
 * @param tampered the record's content hash does not match its content
 * @param differences one line per differing field (both values), or why it is not reproducible
 * @param applicationFeatures the application-derived features recomputed from the application
 * @param history the history features against {@code client-features} at decision time
 * @param featureDifferences one line per differing feature (both values)
 * @param replayedProbability NaN when not reproducible
 * @param replayedOutcome null when not reproducible
 */
public record Verdict(
    String applicationId,
    long clientId,
    int partition,
    long offset,
    String modelVersion,
    Status status,
    boolean tampered,
    List<String> differences,
    Check applicationFeatures,
    Check history,
    List<String> featureDifferences,
    double recordedProbability,
    double replayedProbability,
    Outcome recordedOutcome,
    Outcome replayedOutcome) {

  /** Whether a decision is reproduced. */
  public enum Status {
    IDENTICAL,
    DIFFERENT,
    NOT_REPRODUCIBLE
  }

  /** The outcome of a feature check. */
  public enum Check {
    /** recomputed values equal the recorded ones, bit for bit */
    IDENTICAL,
    DIFFERENT,
    /** nothing to compare with: application not found, or no client-features record in time */
    NOT_CHECKED,
    /** the decision was scored without history and records none */
    NOT_USED
  }

  /** True if the decision and its features are reproduced and its hash holds. */
  public boolean clean() {
    return status == Status.IDENTICAL
        && !tampered
        && applicationFeatures != Check.DIFFERENT
        && history != Check.DIFFERENT;
  }
}
