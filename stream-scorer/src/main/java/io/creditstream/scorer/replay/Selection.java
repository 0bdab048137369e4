package io.creditstream.scorer.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which decisions of {@code loan-decisions} a replay covers.
 *
 * <p>By time: {@code decidedAt} in {@code [from, to)} (either end open when null); the topic is
 * entered at the offsets of {@code from - margin} by record time, because a decision record carries
 * its application's timestamp, which precedes the decision by the scorer's lag. By offsets: one
 * partition, {@code fromOffset} to {@code toOffset} inclusive. By application ids: only those
 * decisions, within the time range if one is given. Nothing given: the whole topic.
 *
 * @param margin how far an application's record time may lie from its decision's (scorer lag)
 */
public record Selection(
    Instant from,
    Instant to,
    Integer partition,
    Long fromOffset,
    Long toOffset,
    Set<String> applicationIds,
    Duration margin) {

  public Selection {
    applicationIds = applicationIds == null ? Set.of() : Set.copyOf(applicationIds);
  }

  public boolean byOffsets() {
    return partition != null;
  }

  public boolean byIds() {
    return !applicationIds.isEmpty();
  }

  /** True if a readable decision with this id and decision time is in the selection. */
  public boolean selects(String applicationId, Instant decidedAt) {
    if (from != null && decidedAt.isBefore(from)) {
      return false;
    }
    if (to != null && !decidedAt.isBefore(to)) {
      return false;
    }
    return !byIds() || applicationIds.contains(applicationId);
  }

  /** A plain description for reports and logs. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    if (byOffsets()) {
      b.append("partition ").append(partition).append(", offsets ").append(fromOffset);
      b.append(" to ").append(toOffset == null ? "the end" : toOffset + " (inclusive)");
    } else if (from != null || to != null) {
      b.append("decided from ").append(from == null ? "the beginning" : from);
      b.append(" to ").append(to == null ? "now" : to + " (exclusive)");
    } else {
      b.append("the whole topic");
    }
    if (byIds()) {
      b.append(", ").append(applicationIds.size()).append(" application id(s)");
    }
    return b.toString();
  }
}
