package io.creditstream.scorer.replay;

import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A replay to run, its arguments validated and resolved ({@link ReplayOptions#job()}): what {@link
 * Replay} needs and nothing of the command line.
 *
 * @param client the client settings (security, registry) each read-only consumer starts from
 * @param candidateVersion what-if model version, or null
 * @param labels outcomes for the what-if's cost and AUC, or null
 * @param verdictsFile where every verdict goes, one JSON line each, or null
 * @param progress whether a progress line goes to stderr
 * @param verifyOnly only verify the log, re-score nothing
 */
record ReplayJob(
    Selection selection,
    ScorerSettings scorer,
    Topics topics,
    SealKeys.KeyRing keys,
    Map<String, Object> client,
    String candidateVersion,
    Labels labels,
    Duration applicationMargin,
    Path reportDir,
    Path verdictsFile,
    boolean noHistoryCheck,
    int maxExamples,
    int chunkSize,
    Duration timeout,
    boolean progress,
    boolean verifyOnly) {}
