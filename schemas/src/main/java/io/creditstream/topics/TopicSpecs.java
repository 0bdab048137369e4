package io.creditstream.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The recommended settings of every topic, for whoever creates them (the local runtime, the Helm
 * chart's documentation, an operator). Input: the same config as {@link Topics#create(Map)} (for
 * name overrides).
 */
public final class TopicSpecs {
  /**
   * 25 months is the regulatory floor for keeping credit decisions; 800 days is above it whatever
   * the months' lengths.
   */
  public static final Duration DECISION_RETENTION = Duration.ofDays(800);

  /**
   * loan-applications and client-features are joined by key, so they must have the same partition
   * count (co-partitioning); loan-decisions has it too: each decision chain is one decisions
   * partition, fed by the scorer task of the same applications partition.
   */
  public static final int JOINED_PARTITIONS = 6;

  private TopicSpecs() {}

  public static List<TopicSpec> all(Map<String, ?> config) {
    return List.of(
        new TopicSpec(
            Topics.name(config, Topics.LOAN_APPLICATIONS),
            JOINED_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(30))),
            "Applications as submitted; replayed by auditors within the retention."),
        new TopicSpec(
            Topics.name(config, Topics.CLIENT_FEATURES),
            JOINED_PARTITIONS,
            Map.of("cleanup.policy", "compact"),
            "Latest history aggregates per client: compacted, co-partitioned with loan-applications."),
        new TopicSpec(
            Topics.name(config, Topics.LOAN_DECISIONS),
            JOINED_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(DECISION_RETENTION)),
            "Every decision for audit: never compacted, kept at least 25 months."),
        new TopicSpec(
            Topics.name(config, Topics.MODEL_RELEASES),
            1,
            // Model bytes can exceed the 1 MB default; 16 MB leaves room for a large ensemble.
            Map.of(
                "cleanup.policy", "compact", "max.message.bytes", String.valueOf(16 * 1024 * 1024)),
            "Every released model by version plus the 'active' pointer: compacted, one partition so the"
                + " order of releases is total."),
        new TopicSpec(
            Topics.name(config, Topics.DEAD_LETTERS),
            1,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(30))),
            "Records that could not be processed, with the reason and source coordinates."),
        new TopicSpec(
            Topics.name(config, Topics.MODEL_DRIFT),
            1,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(90))),
            "Periodic population-stability reports per scorer instance."),
        new TopicSpec(
            Topics.name(config, Topics.DECISION_CHECKPOINTS),
            1,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(DECISION_RETENTION)),
            "Signed heads of the decision chains (one chain per loan-decisions partition), written in"
                + " the decisions' transactions: kept as long as the decisions they vouch for."));
  }

  private static String millis(Duration duration) {
    return String.valueOf(duration.toMillis());
  }
}
