package io.creditstream.scorer.replay;

import io.creditstream.avro.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The counters of a replay and a bounded list of examples per kind of finding, so memory does not
 * grow with the number of decisions; turned into the JSON report at the end.
 */
final class ReplaySummary {

  private final int maxExamples;
  private final Set<String> wantedIds;
  private final Set<String> foundIds = new HashSet<>();

  long records; // selected records, readable or not
  long unreadable;
  final long[] status = new long[Verdict.Status.values().length];
  long tampered;
  final long[] applicationChecks = new long[Verdict.Check.values().length];
  final long[] historyChecks = new long[Verdict.Check.values().length];
  long applicationsFound;
  final long[] outcomes = new long[Outcome.values().length];
  final long[] histogram = new long[WhatIf.BINS];
  private final Map<String, long[]> byModel = new TreeMap<>(); // decisions, =, !=, n/r, tampered

  private final List<ObjectNode> different = new ArrayList<>();
  private final List<ObjectNode> notReproducible = new ArrayList<>();
  private final List<ObjectNode> tamperedExamples = new ArrayList<>();
  private final List<ObjectNode> featureExamples = new ArrayList<>();

  ReplaySummary(int maxExamples, Set<String> wantedIds) {
    this.maxExamples = maxExamples;
    this.wantedIds = wantedIds;
  }

  void unreadable(DecisionSource.Item item) {
    records++;
    unreadable++;
    status[Verdict.Status.NOT_REPRODUCIBLE.ordinal()]++;
    if (notReproducible.size() < maxExamples) {
      ObjectNode e = JsonNodeFactory.instance.objectNode();
      e.put("partition", item.partition());
      e.put("offset", item.offset());
      e.put("key", item.key());
      e.put("reason", item.error());
      notReproducible.add(e);
    }
  }

  void add(Verdict v, boolean applicationFound) {
    records++;
    if (wantedIds.contains(v.applicationId())) {
      foundIds.add(v.applicationId());
    }
    status[v.status().ordinal()]++;
    applicationChecks[v.applicationFeatures().ordinal()]++;
    historyChecks[v.history().ordinal()]++;
    if (applicationFound) {
      applicationsFound++;
    }
    outcomes[v.recordedOutcome().ordinal()]++;
    histogram[WhatIf.bin(v.recordedProbability())]++;
    long[] m = byModel.computeIfAbsent(v.modelVersion(), k -> new long[5]);
    m[0]++;
    m[1 + v.status().ordinal()]++;
    if (v.tampered()) {
      tampered++;
      m[4]++;
      example(tamperedExamples, v, v.differences());
    }
    switch (v.status()) {
      case DIFFERENT -> example(different, v, v.differences());
      case NOT_REPRODUCIBLE -> example(notReproducible, v, v.differences());
      default -> {}
    }
    if (!v.featureDifferences().isEmpty()) {
      example(featureExamples, v, v.featureDifferences());
    }
  }

  private void example(List<ObjectNode> list, Verdict v, List<String> details) {
    if (list.size() >= maxExamples) {
      return;
    }
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("applicationId", v.applicationId());
    e.put("clientId", v.clientId());
    e.put("partition", v.partition());
    e.put("offset", v.offset());
    e.put("modelVersion", v.modelVersion());
    e.put("status", v.status().name());
    e.put("tampered", v.tampered());
    e.put("recordedOutcome", v.recordedOutcome().name());
    e.put("recordedProbability", v.recordedProbability());
    if (v.replayedOutcome() != null) {
      e.put("replayedOutcome", v.replayedOutcome().name());
      WhatIf.putNumber(e, "replayedProbability", v.replayedProbability());
    }
    ArrayNode d = e.putArray("details");
    details.stream().limit(20).forEach(d::add);
    list.add(e);
  }

  long count(Verdict.Status s) {
    return status[s.ordinal()];
  }

  /** Asked-for application ids with no decision in the range. */
  Set<String> missingIds() {
    Set<String> missing = new TreeSet<>(wantedIds);
    missing.removeAll(foundIds);
    return missing;
  }

  /** True when every selected decision is reproduced with its features and untampered. */
  boolean allClean() {
    return count(Verdict.Status.DIFFERENT) == 0
        && count(Verdict.Status.NOT_REPRODUCIBLE) == 0
        && tampered == 0
        && applicationChecks[Verdict.Check.DIFFERENT.ordinal()] == 0
        && historyChecks[Verdict.Check.DIFFERENT.ordinal()] == 0
        && missingIds().isEmpty();
  }

  ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    ObjectNode s = o.putObject("summary");
    s.put("decisions", records);
    for (Verdict.Status st : Verdict.Status.values()) {
      s.put(camel(st.name()), status[st.ordinal()]);
    }
    s.put("tampered", tampered);
    s.put("unreadable", unreadable);
    WhatIf.putNumber(
        s,
        "identicalShare",
        records == 0 ? Double.NaN : (double) count(Verdict.Status.IDENTICAL) / records);
    s.put("allIdentical", allClean());
    ArrayNode missing = s.putArray("applicationIdsNotFound");
    missingIds().stream().limit(1000).forEach(missing::add);
    s.set("recordedOutcomes", WhatIf.outcomes(outcomes));
    s.set("recordedHistogram", WhatIf.histogram(histogram));

    ObjectNode models = o.putObject("byModelVersion");
    byModel.forEach(
        (version, m) -> {
          ObjectNode n = models.putObject(version);
          n.put("decisions", m[0]);
          n.put("identical", m[1]);
          n.put("different", m[2]);
          n.put("notReproducible", m[3]);
          n.put("tampered", m[4]);
        });

    ObjectNode features = o.putObject("features");
    features.put("applicationsFound", applicationsFound);
    features.put("applicationsNotFound", records - unreadable - applicationsFound);
    features.set("applicationFeatures", checks(applicationChecks));
    features.set("historyFeatures", checks(historyChecks));
    features.put(
        "note",
        "Application-derived features are recomputed from the original loan-applications record"
            + " (found by application id near the decision's time) and compared bit for bit."
            + " History features come from client-features as the scorer's table held them at"
            + " decision time: they are compared only when a client-features record published at"
            + " or before the decision is still on the (compacted) topic, and pass when they equal"
            + " any such version; decisions scored without history must record none.");

    ObjectNode ex = o.putObject("examples");
    ex.set("different", array(different));
    ex.set("notReproducible", array(notReproducible));
    ex.set("tampered", array(tamperedExamples));
    ex.set("featureDifferences", array(featureExamples));
    ex.put("maxPerKind", maxExamples);
    return o;
  }

  private static ObjectNode checks(long[] counts) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (Verdict.Check c : Verdict.Check.values()) {
      o.put(camel(c.name()), counts[c.ordinal()]);
    }
    return o;
  }

  private static ArrayNode array(List<ObjectNode> items) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    items.forEach(a::add);
    return a;
  }

  /** NOT_REPRODUCIBLE -> notReproducible. */
  static String camel(String constant) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : constant.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }
}
