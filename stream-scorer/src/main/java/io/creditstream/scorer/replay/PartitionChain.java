package io.creditstream.scorer.replay;

import io.creditstream.avro.Decision;
import io.creditstream.avro.Seal;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One partition's decision chain as read so far, and the rule that a validly sealed decision must
 * follow it: it names this chain, and continues it (sequence + 1, previous hash = the predecessor's
 * content hash). What breaks the rule becomes a finding with the offsets concerned.
 *
 * <p>Memory: the content hash and offset of each sealed decision by sequence, and the sequences
 * missing so far (with the offset where each gap showed), so that a late copy, a re-ordered record
 * or a checkpoint can be told apart.
 */
final class PartitionChain {
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
  final Map<Long, Long> missingBefore = new HashMap<>(); // sequence -> offset where the gap showed

  PartitionChain(int partition) {
    this.partition = partition;
  }

  boolean started() {
    return firstSequence >= 0;
  }

  /** Places a decision whose seal verified (at {@code offset}) in this chain. */
  void follow(Decision d, long offset, LogFindings findings) {
    Seal seal = d.getSeal();
    long s = seal.getSequence();
    byte[] hash = DecisionSeals.carriedHash(d);
    byte[] prev = DecisionHash.bytesOf(seal.getPreviousHash());
    if (seal.getChain() != partition) {
      findings.add(
          ChainAudit.Kind.INSERTED,
          partition,
          offset,
          s,
          "decision "
              + d.getApplicationId()
              + " belongs to chain "
              + seal.getChain()
              + ", not to partition "
              + partition);
      return;
    }
    if (!started()) {
      firstSequence = s;
      firstOffset = offset;
      if (s > 0) {
        findings.add(
            ChainAudit.Kind.TRUNCATED,
            partition,
            offset,
            s,
            "the chain starts at sequence "
                + s
                + " (offset "
                + offset
                + ", log start "
                + logStart
                + "): sequences 0.."
                + (s - 1)
                + " are gone");
      }
      accept(s, hash, offset);
      return;
    }
    if (s == next) {
      if (!Arrays.equals(prev, previous)) {
        findings.add(
            ChainAudit.Kind.BROKEN_LINK,
            partition,
            offset,
            s,
            "sequence "
                + s
                + " does not name the decision at offset "
                + previousOffset
                + " as its predecessor");
      }
      accept(s, hash, offset);
    } else if (s > next) {
      for (long m = next; m < s; m++) {
        missing.add(m);
        missingBefore.put(m, offset);
      }
      accept(s, hash, offset);
    } else if (missing.remove(s)) {
      missingBefore.remove(s);
      hashes.put(s, hash);
      offsets.put(s, offset);
      findings.add(
          ChainAudit.Kind.REORDERED,
          partition,
          offset,
          s,
          "sequence "
              + s
              + " ("
              + d.getApplicationId()
              + ") comes after sequence "
              + (next - 1)
              + " at offset "
              + previousOffset);
    } else {
      byte[] known = hashes.get(s);
      if (known != null && Arrays.equals(known, hash)) {
        findings.add(
            ChainAudit.Kind.DUPLICATED,
            partition,
            offset,
            s,
            "a copy of " + d.getApplicationId() + "'s decision at offset " + offsets.get(s));
      } else {
        findings.add(
            ChainAudit.Kind.BROKEN_LINK,
            partition,
            offset,
            s,
            "another decision ("
                + d.getApplicationId()
                + ") under sequence "
                + s
                + (known == null ? "" : ", already used at offset " + offsets.get(s)));
      }
    }
  }

  private void accept(long s, byte[] hash, long offset) {
    hashes.put(s, hash);
    offsets.put(s, offset);
    next = s + 1;
    previous = hash;
    previousOffset = offset;
  }

  /** After the whole partition was read: the sequences still missing were removed. */
  void reportMissing(LogFindings findings) {
    for (Long s : missing) {
      findings.add(
          ChainAudit.Kind.REMOVED,
          partition,
          missingBefore.get(s),
          s,
          "sequence "
              + s
              + " of chain "
              + partition
              + " is missing (the gap shows before offset "
              + missingBefore.get(s)
              + ")");
    }
  }
}
