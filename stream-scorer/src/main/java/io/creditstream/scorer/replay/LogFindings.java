package io.creditstream.scorer.replay;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the log audit found: a count per {@link ChainAudit.Kind} and the first examples, each with
 * its partition, offset and sequence. Bounded whatever the log holds: only {@code maxExamples}
 * examples are kept.
 */
final class LogFindings {

  private final int maxExamples;
  private final Map<ChainAudit.Kind, Long> counts = new EnumMap<>(ChainAudit.Kind.class);
  private final List<ObjectNode> examples = new ArrayList<>();

  LogFindings(int maxExamples) {
    this.maxExamples = maxExamples;
  }

  /** Counts a finding and keeps it as an example while there is room (-1: not known). */
  void add(ChainAudit.Kind kind, int partition, long offset, long sequence, String detail) {
    counts.merge(kind, 1L, Long::sum);
    if (examples.size() < maxExamples) {
      ObjectNode e = JsonNodeFactory.instance.objectNode();
      e.put("kind", kind.name());
      e.put("partition", partition);
      e.put("offset", offset);
      e.put("sequence", sequence);
      e.put("detail", detail);
      examples.add(e);
    }
  }

  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  long count(ChainAudit.Kind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** Every kind's count, in the order of the kinds, zeros included. */
  void countsInto(ObjectNode f) {
    for (ChainAudit.Kind k : ChainAudit.Kind.values()) {
      f.put(k.name(), count(k));
    }
  }

  void examplesInto(ArrayNode ex) {
    examples.forEach(ex::add);
  }
}
