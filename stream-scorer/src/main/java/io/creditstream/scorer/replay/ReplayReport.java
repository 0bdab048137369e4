package io.creditstream.scorer.replay;

import io.creditstream.features.FeatureSet;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON report of a replay, field by field in the order readers (the portal's auditor view, the
 * HTML report, scripts) have always seen: the run, the selection and topics, then the summary, the
 * log's verification and the what-if.
 */
final class ReplayReport {

  private ReplayReport() {}

  /** A replay that re-decided decisions. */
  static ObjectNode full(
      ReplayJob job,
      Instant started,
      Instant finished,
      int exit,
      ReplaySummary summary,
      FeatureSet featureSet,
      DecisionPolicy policy,
      ModelArchive archive,
      ChainAudit audit,
      WhatIf whatIf) {
    Topics topics = job.topics();
    ObjectNode report = summary.toJson();
    ObjectNode head = report.objectNode();
    opening(head, null, started, finished, summary.records);
    head.put("selection", job.selection().describe());
    head.put("decisionsTopic", topics.loanDecisions().name());
    head.put("applicationsTopic", topics.loanApplications().name());
    head.put("clientFeaturesTopic", job.noHistoryCheck() ? null : topics.clientFeatures().name());
    head.put("modelReleasesTopic", topics.modelReleases().name());
    head.put("featureSetVersion", featureSet.version());
    head.put(
        "policy",
        "reasons "
            + policy.reasonsCount()
            + ", review margins "
            + policy.reviewBelow()
            + "/"
            + policy.reviewAbove()
            + ", threshold "
            + (Double.isNaN(policy.thresholdOverride())
                ? "from each model card"
                : String.valueOf(policy.thresholdOverride())));
    head.put("exitCode", exit);
    ObjectNode versions = head.putObject("modelVersionsOnTopic");
    new TreeMap<>(archive.versions()).forEach(versions::put);
    head.setAll(report);
    if (audit != null) {
      head.set("log", audit.toJson());
    }
    if (whatIf != null) {
      head.set("whatIf", whatIf.toJson());
    }
    return head;
  }

  /** {@code --verify-only}: the log's verification alone. */
  static ObjectNode verifyOnly(
      ReplayJob job, Instant started, Instant finished, int exit, ChainAudit audit) {
    ObjectNode head = JsonNodeFactory.instance.objectNode();
    opening(head, "verify-only", started, finished, audit.records());
    head.put("selection", "the whole log (--verify-only)");
    head.put("decisionsTopic", job.topics().loanDecisions().name());
    head.put("exitCode", exit);
    head.set("log", audit.toJson());
    return head;
  }

  /** What every report starts with: its kind and format, the mode if any, and the timing. */
  private static void opening(
      ObjectNode head, String mode, Instant started, Instant finished, long records) {
    head.put("kind", "creditstream-replay");
    head.put("formatVersion", 1);
    if (mode != null) {
      head.put("mode", mode);
    }
    head.put("startedAt", started.toString());
    head.put("finishedAt", finished.toString());
    double seconds = Math.max(1e-3, Duration.between(started, finished).toMillis() / 1000.0);
    head.put("durationSeconds", seconds);
    head.put("decisionsPerSecond", records / seconds);
  }
}
