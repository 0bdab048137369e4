package io.creditstream.scorer.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.Seal;
import io.creditstream.records.Decisions;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

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
    BAD_CHECKPOINT
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, Decision> decisions;
  private final Topic<String, DecisionCheckpoint> checkpoints;
  private final SealKeys.KeyRing keys;
  private final Duration timeout;
  private final int maxExamples;

  private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
  private final List<ObjectNode> examples = new ArrayList<>();
  private final Map<Integer, Chain> chains = new TreeMap<>();
  private long records;
  private long sealed;
  private long unsealed;
  // Records by how they carry their features (v1 named, v2/v3 double vector, v4 float32).
  private final Map<Decisions.Form, Long> forms = new EnumMap<>(Decisions.Form.class);
  private long unreadable;
  private long checkpointsRead;
  private boolean checkpointTopicMissing;

  /** One partition's chain as read so far. */
  private static final class Chain {
    final int partition;
    long logStart;
    long end;
    long records;
    long firstSequence = -1;
    long firstOffset = -1;
    long next; // the sequence expected next
    byte[] previous; // the last in-order decision's hash
    long previousOffset = -1;
    final Map<Long, byte[]> hashes = new HashMap<>();
    final Map<Long, Long> offsets = new HashMap<>();
    final TreeSet<Long> missing = new TreeSet<>();
    final Map<Long, Long> missingBefore =
        new HashMap<>(); // sequence -> offset where the gap showed

    Chain(int partition) {
      this.partition = partition;
    }

    boolean started() {
      return firstSequence >= 0;
    }
  }

  ChainAudit(
      Map<String, Object> consumerConfig,
      Topic<String, Decision> decisions,
      Topic<String, DecisionCheckpoint> checkpoints,
      SealKeys.KeyRing keys,
      Duration timeout,
      int maxExamples) {
    this.consumer = TopicReader.open(consumerConfig);
    this.decisions = decisions;
    this.checkpoints = checkpoints;
    this.keys = keys;
    this.timeout = timeout;
    this.maxExamples = maxExamples;
  }

  /** Reads and checks the whole decisions topic, then the checkpoints against it. */
  void run(Progress progress) throws ReplayException {
    List<TopicPartition> parts = TopicReader.partitions(consumer, decisions.name(), timeout);
    Map<TopicPartition, Long> start;
    Map<TopicPartition, Long> end;
    try {
      start = consumer.beginningOffsets(parts, timeout);
      end = consumer.endOffsets(parts, timeout);
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read the offsets of " + decisions.name(), e);
    }
    for (TopicPartition tp : parts) {
      Chain c = new Chain(tp.partition());
      c.logStart = start.get(tp);
      c.end = end.get(tp);
      chains.put(tp.partition(), c);
    }
    read(
        start,
        end,
        r -> {
          progress.advance(1);
          decision(chains.get(r.partition()), r);
        });
    for (Chain c : chains.values()) {
      for (Long s : c.missing) {
        finding(
            Kind.REMOVED,
            c.partition,
            c.missingBefore.get(s),
            s,
            "sequence "
                + s
                + " of chain "
                + c.partition
                + " is missing (the gap shows before offset "
                + c.missingBefore.get(s)
                + ")");
      }
    }
    checkpoints();
  }

  private void decision(Chain c, ConsumerRecord<byte[], byte[]> r) throws ReplayException {
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
      finding(Kind.INSERTED, c.partition, r.offset(), -1, "unreadable record (not a decision)");
      return;
    }
    forms.merge(Decisions.form(d), 1L, Long::sum);
    DecisionSeals.Check check = DecisionSeals.check(d, keys);
    switch (check) {
      case UNSEALED -> {
        unsealed++;
        if (c.started()) {
          finding(
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
        finding(
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
    Seal seal = d.getSeal();
    long s = seal.getSequence();
    byte[] hash = DecisionSeals.carriedHash(d);
    byte[] prev = DecisionHash.bytesOf(seal.getPreviousHash());
    if (seal.getChain() != c.partition) {
      finding(
          Kind.INSERTED,
          c.partition,
          r.offset(),
          s,
          "decision "
              + d.getApplicationId()
              + " belongs to chain "
              + seal.getChain()
              + ", not to partition "
              + c.partition);
      return;
    }
    if (!c.started()) {
      c.firstSequence = s;
      c.firstOffset = r.offset();
      if (s > 0) {
        finding(
            Kind.TRUNCATED,
            c.partition,
            r.offset(),
            s,
            "the chain starts at sequence "
                + s
                + " (offset "
                + r.offset()
                + ", log start "
                + c.logStart
                + "): sequences 0.."
                + (s - 1)
                + " are gone");
      }
      accept(c, s, hash, r.offset());
      return;
    }
    if (s == c.next) {
      if (!Arrays.equals(prev, c.previous)) {
        finding(
            Kind.BROKEN_LINK,
            c.partition,
            r.offset(),
            s,
            "sequence "
                + s
                + " does not name the decision at offset "
                + c.previousOffset
                + " as its predecessor");
      }
      accept(c, s, hash, r.offset());
    } else if (s > c.next) {
      for (long m = c.next; m < s; m++) {
        c.missing.add(m);
        c.missingBefore.put(m, r.offset());
      }
      accept(c, s, hash, r.offset());
    } else if (c.missing.remove(s)) {
      c.missingBefore.remove(s);
      c.hashes.put(s, hash);
      c.offsets.put(s, r.offset());
      finding(
          Kind.REORDERED,
          c.partition,
          r.offset(),
          s,
          "sequence "
              + s
              + " ("
              + d.getApplicationId()
              + ") comes after sequence "
              + (c.next - 1)
              + " at offset "
              + c.previousOffset);
    } else {
      byte[] known = c.hashes.get(s);
      if (known != null && Arrays.equals(known, hash)) {
        finding(
            Kind.DUPLICATED,
            c.partition,
            r.offset(),
            s,
            "a copy of " + d.getApplicationId() + "'s decision at offset " + c.offsets.get(s));
      } else {
        finding(
            Kind.BROKEN_LINK,
            c.partition,
            r.offset(),
            s,
            "another decision ("
                + d.getApplicationId()
                + ") under sequence "
                + s
                + (known == null ? "" : ", already used at offset " + c.offsets.get(s)));
      }
    }
  }

  private static void accept(Chain c, long s, byte[] hash, long offset) {
    c.hashes.put(s, hash);
    c.offsets.put(s, offset);
    c.next = s + 1;
    c.previous = hash;
    c.previousOffset = offset;
  }

  private void checkpoints() throws ReplayException {
    List<TopicPartition> parts;
    try {
      parts = TopicReader.partitions(consumer, checkpoints.name(), timeout);
    } catch (ReplayException e) {
      checkpointTopicMissing = true;
      if (sealed > 0) {
        finding(
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
    Map<TopicPartition, Long> start;
    Map<TopicPartition, Long> end;
    try {
      start = consumer.beginningOffsets(parts, timeout);
      end = consumer.endOffsets(parts, timeout);
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read the offsets of " + checkpoints.name(), e);
    }
    Map<Integer, Long> highest = new HashMap<>();
    read(start, end, r -> checkpoint(r, highest));
  }

  private void checkpoint(ConsumerRecord<byte[], byte[]> r, Map<Integer, Long> highest) {
    checkpointsRead++;
    String where = checkpoints.name() + "-" + r.partition() + "@" + r.offset();
    DecisionCheckpoint cp;
    try {
      cp = checkpoints.valueSerde().deserializer().deserialize(checkpoints.name(), r.value());
    } catch (RuntimeException e) {
      finding(Kind.BAD_CHECKPOINT, -1, -1, -1, "unreadable checkpoint at " + where);
      return;
    }
    if (!DecisionSeals.verify(cp, keys)) {
      finding(
          Kind.BAD_CHECKPOINT,
          cp.getChain(),
          -1,
          cp.getSequence(),
          "checkpoint at " + where + " is not signed by a known key");
      return;
    }
    Chain c = chains.get(cp.getChain());
    byte[] head = DecisionHash.bytesOf(cp.getHeadHash());
    long s = cp.getSequence();
    if (c == null || !c.started() || s >= c.next) {
      long last = c == null || !c.started() ? -1 : c.next - 1;
      finding(
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
      finding(
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

  private interface RecordHandler {
    void accept(ConsumerRecord<byte[], byte[]> r) throws ReplayException;
  }

  private void read(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, RecordHandler h)
      throws ReplayException {
    List<TopicPartition> open = new ArrayList<>();
    start.forEach(
        (tp, s) -> {
          if (s < end.get(tp)) {
            open.add(tp);
          }
        });
    if (open.isEmpty()) {
      return;
    }
    try {
      consumer.assign(open);
      open.forEach(tp -> consumer.seek(tp, start.get(tp)));
      long idleSince = System.nanoTime();
      while (!open.isEmpty()) {
        var batch = consumer.poll(Duration.ofMillis(200));
        if (!batch.isEmpty()) {
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince > timeout.toNanos()) {
          throw ReplayException.unreachable(
              "No progress reading " + open + " for " + timeout, null);
        }
        // Records of one partition come in offset order: the chain check relies on it.
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            h.accept(r);
          }
        }
        for (TopicPartition tp : List.copyOf(open)) {
          if (consumer.position(tp) >= end.get(tp)) {
            open.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
      }
    } catch (KafkaException e) {
      throw ReplayException.unreachable("Cannot read " + start.keySet() + ": " + e, e);
    }
  }

  private void finding(Kind kind, int partition, long offset, long sequence, String detail) {
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

  long findings() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  long count(Kind kind) {
    return counts.getOrDefault(kind, 0L);
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
    o.put("keyIds", String.join(",", new TreeMap<>(keys.keys()).keySet()));
    ObjectNode f = o.putObject("findings");
    for (Kind k : Kind.values()) {
      f.put(k.name(), count(k));
    }
    ArrayNode cs = o.putArray("chains");
    for (Chain c : chains.values()) {
      ObjectNode n = cs.addObject();
      n.put("partition", c.partition);
      n.put("logStartOffset", c.logStart);
      n.put("endOffset", c.end);
      n.put("records", c.records);
      n.put("firstSequence", c.firstSequence);
      n.put("lastSequence", c.started() ? c.next - 1 : -1);
    }
    ArrayNode ex = o.putArray("examples");
    examples.forEach(ex::add);
    return o;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
