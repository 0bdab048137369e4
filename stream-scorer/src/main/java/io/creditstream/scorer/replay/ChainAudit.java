package io.creditstream.scorer.replay;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.records.Decisions;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies the decision log as a whole: every record of every partition of {@code loan-decisions}
 * (from the log start to the end offsets at start) and every checkpoint on {@code
 * decision-checkpoints}. Read-only, {@code read_committed}: aborted transactions are not part of
 * the log.
 *
 * <p>Each record is checked on its own (content hash, seal signature by a key of the ring) and in
 * its chain: a sealed decision on partition p must name chain p and follow the previous one
 * (sequence + 1, previous hash = the predecessor's content hash). What breaks that is named, with
 * the offsets concerned (see {@link Kind}). v1/v2 records (no seal) are counted with the guarantee
 * they have (their content hash, which anyone can recompute); one appearing after a partition's
 * chain began is an insertion.
 *
 * <p>Memory: the content hash of each sealed decision (by sequence, per partition) and the sequence
 * numbers missing so far, bounded by the topic; examples are bounded.
 *
 * <p>This class reads the two topics and decodes and verifies each record; the chain rule is {@link
 * PartitionChain}'s, the findings are kept by {@link LogFindings}.
 */
final class ChainAudit implements AutoCloseable {

  /** What can be wrong with the log. */
  enum Kind {
    /**
     * Its signature does not verify, its key is unknown, or its content does not match its hash.
     */
    FORGED,
    /** A record that is not part of this partition's chain (unsealed, or of another chain). */
    INSERTED,
    /** Sequence numbers missing from the middle of a chain. */
    REMOVED,
    /** A second copy of a decision already on the chain. */
    DUPLICATED,
    /** A decision after one that follows it in its chain. */
    REORDERED,
    /** Decisions missing from the start (the chain starts after 0) or the end (a checkpoint). */
    TRUNCATED,
    /** A valid decision that names a used sequence with another predecessor: two histories. */
    BROKEN_LINK,
    /** A checkpoint whose signature does not verify, or that contradicts the chain. */
    BAD_CHECKPOINT,
    /**
     * A dead letter the scorer's key did not seal as it is (another key, altered, unreadable, or
     * unsealed after the partition's letters began to be sealed): it ends no application.
     */
    FORGED_LETTER
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, Decision> decisions;
  private final Topic<String, DecisionCheckpoint> checkpoints;
  private final Topic<byte[], DeadLetter> deadLetters;
  private final SealKeys.KeyRing keys;
  private final Duration timeout;

  private final LogFindings findings;
  private final Map<Integer, PartitionChain> chains = new TreeMap<>();
  private long records;
  private long sealed;
  private long unsealed;
  // Records by how they carry their features (v1 named, v2/v3 double vector, v4 float32).
  private final Map<Decisions.Form, Long> forms = new EnumMap<>(Decisions.Form.class);
  private long unreadable;
  private long checkpointsRead;
  private boolean checkpointTopicMissing;
  private long letters;
  private long lettersSealed;
  private long lettersBeforeSeals;
  private boolean deadLetterTopicMissing;

  ChainAudit(
      Map<String, Object> consumerConfig,
      Topic<String, Decision> decisions,
      Topic<String, DecisionCheckpoint> checkpoints,
      Topic<byte[], DeadLetter> deadLetters,
      SealKeys.KeyRing keys,
      Duration timeout,
      int maxExamples) {
    this.consumer = TopicReader.open(consumerConfig);
    this.decisions = decisions;
    this.checkpoints = checkpoints;
    this.deadLetters = deadLetters;
    this.keys = keys;
    this.timeout = timeout;
    this.findings = new LogFindings(maxExamples);
  }

  /**
   * Reads and checks the whole decisions topic, then the checkpoints against it, then the seal of
   * every dead letter.
   */
  void run(Progress progress) throws ReplayException {
    List<TopicPartition> parts = TopicReader.partitions(consumer, decisions.name(), timeout);
    TopicReader.Offsets offsets = TopicReader.offsets(consumer, parts, decisions.name(), timeout);
    Map<TopicPartition, Long> start = offsets.start();
    Map<TopicPartition, Long> end = offsets.end();
    for (TopicPartition tp : parts) {
      PartitionChain c = new PartitionChain(tp.partition());
      c.logStart = start.get(tp);
      c.end = end.get(tp);
      chains.put(tp.partition(), c);
    }
    TopicReader.readRanges(
        consumer,
        start,
        end,
        timeout,
        r -> {
          progress.advance(1);
          decision(chains.get(r.partition()), r);
        });
    for (PartitionChain c : chains.values()) {
      c.reportMissing(findings);
    }
    checkpoints();
    deadLetters();
  }

  /**
   * Checks the scorer's seal of every dead letter: a letter ends its client's application on the
   * portal, so one the scorer did not seal is a finding. Letters without a seal before the first
   * sealed one of their partition are those written before letters were sealed: counted, as v1/v2
   * decisions are. A missing dead-letter topic is noted, not a finding (nothing was refused).
   */
  private void deadLetters() throws ReplayException {
    List<TopicPartition> parts;
    try {
      parts = TopicReader.partitions(consumer, deadLetters.name(), timeout);
    } catch (ReplayException e) {
      deadLetterTopicMissing = true;
      return;
    }
    TopicReader.Offsets offsets = TopicReader.offsets(consumer, parts, deadLetters.name(), timeout);
    java.util.Set<Integer> sealing = new java.util.HashSet<>();
    TopicReader.readRanges(
        consumer, offsets.start(), offsets.end(), timeout, r -> letter(r, sealing));
  }

  private void letter(ConsumerRecord<byte[], byte[]> r, java.util.Set<Integer> sealing)
      throws ReplayException {
    letters++;
    DeadLetter letter;
    try {
      letter =
          r.value() == null
              ? null
              : deadLetters
                  .valueSerde()
                  .deserializer()
                  .deserialize(deadLetters.name(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (TopicReader.registryUnavailable(e)) {
        throw ReplayException.unreachable("The schema registry is unreachable", e);
      }
      letter = null;
    }
    String where = deadLetters.name() + "-" + r.partition() + "@" + r.offset();
    if (letter == null) {
      findings.add(
          Kind.FORGED_LETTER, r.partition(), r.offset(), -1, "unreadable record at " + where);
      return;
    }
    DecisionSeals.Check check = DeadLetterSeals.check(letter, keys);
    if (check == DecisionSeals.Check.VALID) {
      lettersSealed++;
      sealing.add(r.partition());
      return;
    }
    if (check == DecisionSeals.Check.UNSEALED && !sealing.contains(r.partition())) {
      lettersBeforeSeals++;
      return;
    }
    findings.add(
        Kind.FORGED_LETTER,
        r.partition(),
        r.offset(),
        -1,
        switch (check) {
              case UNSEALED -> "unsealed dead letter after the partition's letters were sealed";
              case UNKNOWN_KEY ->
                  "dead letter signed with an unknown key id " + letter.getSeal().getKeyId();
              default ->
                  "the dead letter's signature is not key " + letter.getSeal().getKeyId() + "'s";
            }
            + " at "
            + where
            + " (application "
            + letter.getApplicationId()
            + ", "
            + letter.getReasonCode()
            + ")");
  }

  private void decision(PartitionChain c, ConsumerRecord<byte[], byte[]> r) throws ReplayException {
    records++;
    c.records++;
    Decision d;
    try {
      d =
          r.value() == null
              ? null
              : decisions
                  .valueSerde()
                  .deserializer()
                  .deserialize(decisions.name(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (TopicReader.registryUnavailable(e)) {
        throw ReplayException.unreachable("The schema registry is unreachable", e);
      }
      d = null;
    }
    if (d == null) {
      unreadable++;
      findings.add(
          Kind.INSERTED, c.partition, r.offset(), -1, "unreadable record (not a decision)");
      return;
    }
    forms.merge(Decisions.form(d), 1L, Long::sum);
    DecisionSeals.Check check = DecisionSeals.check(d, keys);
    switch (check) {
      case UNSEALED -> {
        unsealed++;
        if (c.started()) {
          findings.add(
              Kind.INSERTED,
              c.partition,
              r.offset(),
              -1,
              "unsealed decision "
                  + d.getApplicationId()
                  + " after the chain began at offset "
                  + c.firstOffset);
        }
        return;
      }
      case HASH_MISMATCH, BAD_SIGNATURE, UNKNOWN_KEY -> {
        findings.add(
            Kind.FORGED,
            c.partition,
            r.offset(),
            d.getSeal() == null ? -1 : d.getSeal().getSequence(),
            switch (check) {
                  case HASH_MISMATCH -> "content does not match its contentHash";
                  case UNKNOWN_KEY -> "signed with an unknown key id " + d.getSeal().getKeyId();
                  default -> "the signature is not key " + d.getSeal().getKeyId() + "'s";
                }
                + " (application "
                + d.getApplicationId()
                + ", outcome "
                + d.getOutcome()
                + ")");
        return;
      }
      case VALID -> sealed++;
    }
    c.follow(d, r.offset(), findings);
  }

  private void checkpoints() throws ReplayException {
    List<TopicPartition> parts;
    try {
      parts = TopicReader.partitions(consumer, checkpoints.name(), timeout);
    } catch (ReplayException e) {
      checkpointTopicMissing = true;
      if (sealed > 0) {
        findings.add(
            Kind.TRUNCATED,
            -1,
            -1,
            -1,
            "the checkpoints topic "
                + checkpoints.name()
                + " is missing: the ends of the chains"
                + " cannot be checked");
      }
      return;
    }
    TopicReader.Offsets offsets = TopicReader.offsets(consumer, parts, checkpoints.name(), timeout);
    Map<Integer, Long> highest = new HashMap<>();
    TopicReader.readRanges(
        consumer, offsets.start(), offsets.end(), timeout, r -> checkpoint(r, highest));
  }

  private void checkpoint(ConsumerRecord<byte[], byte[]> r, Map<Integer, Long> highest) {
    checkpointsRead++;
    String where = checkpoints.name() + "-" + r.partition() + "@" + r.offset();
    DecisionCheckpoint cp;
    try {
      cp = checkpoints.valueSerde().deserializer().deserialize(checkpoints.name(), r.value());
    } catch (RuntimeException e) {
      findings.add(Kind.BAD_CHECKPOINT, -1, -1, -1, "unreadable checkpoint at " + where);
      return;
    }
    if (!DecisionSeals.verify(cp, keys)) {
      findings.add(
          Kind.BAD_CHECKPOINT,
          cp.getChain(),
          -1,
          cp.getSequence(),
          "checkpoint at " + where + " is not signed by a known key");
      return;
    }
    PartitionChain c = chains.get(cp.getChain());
    byte[] head = DecisionHash.bytesOf(cp.getHeadHash());
    long s = cp.getSequence();
    if (c == null || !c.started() || s >= c.next) {
      long last = c == null || !c.started() ? -1 : c.next - 1;
      findings.add(
          Kind.TRUNCATED,
          cp.getChain(),
          c == null ? -1 : c.end,
          s,
          "checkpoint at "
              + where
              + " ("
              + cp.getCreatedAt()
              + ") vouches for sequence "
              + s
              + " of chain "
              + cp.getChain()
              + ", but the partition ends at sequence "
              + last);
      return;
    }
    byte[] known = c.hashes.get(s);
    if (known != null && !Arrays.equals(known, head)) {
      findings.add(
          Kind.BAD_CHECKPOINT,
          c.partition,
          c.offsets.get(s),
          s,
          "checkpoint at "
              + where
              + " names another decision as sequence "
              + s
              + " ("
              + HexFormat.of().formatHex(head)
              + ")");
    }
    highest.merge(cp.getChain(), s, Math::max);
  }

  long findings() {
    return findings.total();
  }

  long count(Kind kind) {
    return findings.count(kind);
  }

  long records() {
    return records;
  }

  /** The "log" section of the report. */
  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decisionsTopic", decisions.name());
    o.put("checkpointsTopic", checkpoints.name());
    o.put("checkpointsTopicMissing", checkpointTopicMissing);
    o.put("records", records);
    o.put("clean", findings() == 0);
    ObjectNode g = o.putObject("guarantees");
    g.put("sealed", sealed);
    g.put(
        "sealedMeans",
        "signed by the scorer's key and chained: cannot be forged, added,"
            + " removed, duplicated or re-ordered unnoticed");
    g.put("contentHashOnly", unsealed);
    g.put(
        "contentHashOnlyMeans",
        "v1/v2 records: an accidental change is seen, but anyone with"
            + " write access can compute a matching hash");
    g.put("unreadable", unreadable);
    ObjectNode f0 = g.putObject("featureForms");
    f0.put("named", forms.getOrDefault(Decisions.Form.NAMED, 0L));
    f0.put("vector", forms.getOrDefault(Decisions.Form.VECTOR, 0L));
    f0.put("float32", forms.getOrDefault(Decisions.Form.FLOAT32, 0L));
    g.put(
        "featureFormsMean",
        "named (v1) and vector (v2/v3) records recorded the doubles they were decided on and replay"
            + " on them; float32 (v4, compact) records recorded the float32 values the model read,"
            + " and every other field follows from them");
    o.put("checkpointsRead", checkpointsRead);
    ObjectNode dl = o.putObject("deadLetters");
    dl.put("topic", deadLetters.name());
    dl.put("topicMissing", deadLetterTopicMissing);
    dl.put("records", letters);
    dl.put("sealed", lettersSealed);
    dl.put("beforeSeals", lettersBeforeSeals);
    dl.put(
        "means",
        "a dead letter ends its client's application on the portal: only one the scorer's key"
            + " sealed does; those before seals existed end none");
    o.put("keyIds", String.join(",", new TreeMap<>(keys.keys()).keySet()));
    ObjectNode f = o.putObject("findings");
    findings.countsInto(f);
    ArrayNode cs = o.putArray("chains");
    for (PartitionChain c : chains.values()) {
      ObjectNode n = cs.addObject();
      n.put("partition", c.partition);
      n.put("logStartOffset", c.logStart);
      n.put("endOffset", c.end);
      n.put("records", c.records);
      n.put("firstSequence", c.firstSequence);
      n.put("lastSequence", c.started() ? c.next - 1 : -1);
    }
    ArrayNode ex = o.putArray("examples");
    findings.examplesInto(ex);
    return o;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
