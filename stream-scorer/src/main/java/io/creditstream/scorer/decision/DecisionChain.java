package io.creditstream.scorer.decision;

import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.scorer.deadletter.NotTheRecordsFault;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals each decision into its chain and publishes signed checkpoints of the chain's head.
 *
 * <p><b>One chain per decisions partition.</b> Every record reaching this processor is on its
 * client's partition of {@code loan-applications} (well placed, or moved there through the
 * repartition topic, which has the applications topic's partition count), so the task's partition
 * is that of every decision it makes. The chain is that number: the decision's seal names it and
 * {@link #partitioner()} writes the decision to that very partition of {@code loan-decisions}
 * instead of trusting the default partitioner to agree. With the partition counts {@code
 * TopicSpecs} gives (the same for both topics) that is where the default partitioner would put the
 * key anyway; a decisions topic with fewer partitions than the applications topic stops the scorer
 * (no decision is written to a partition of another chain).
 *
 * <p><b>The head lives in a changelogged store</b> ({@link #STORE}: chain → sequence, hash, last
 * checkpointed sequence; in memory and cached, so its changelog gets the head once per commit),
 * updated here, in the processor that emits the decision. Under exactly-once the store's changelog
 * commits in the same transaction as the decisions: after an abort, Kafka Streams restores the
 * store from the committed changelog, so a decision that was never committed never entered the
 * chain; after a rebalance or a restart the next owner of the task reads the head from the
 * changelog and continues the chain.
 *
 * <p><b>Checkpoints</b> go to {@code decision-checkpoints} in the same transaction: after every
 * {@code scorer.checkpoint.every} decisions of a chain and, when the head moved, every {@code
 * scorer.checkpoint.interval.ms} of wall-clock time.
 */
final class DecisionChain {

  static final String STORE = "decision-chain-store";

  private static final Logger log = LoggerFactory.getLogger(DecisionChain.class);

  private DecisionChain() {}

  /** The chain's head as stored: next sequence's predecessor, its hash, the last checkpoint. */
  record Head(long sequence, byte[] hash, long checkpointed) {
    static final Head EMPTY = new Head(-1, DecisionSeals.GENESIS, -1);

    byte[] toBytes() {
      return ByteBuffer.allocate(48).putLong(sequence).put(hash).putLong(checkpointed).array();
    }

    static Head fromBytes(byte[] b) {
      ByteBuffer in = ByteBuffer.wrap(b);
      long sequence = in.getLong();
      byte[] hash = new byte[32];
      in.get(hash);
      return new Head(sequence, hash, in.getLong());
    }
  }

  /** A decision topic with too few partitions for the chains: not the record's fault. */
  static final class ChainPartitionException extends NotTheRecordsFault {
    ChainPartitionException(String message) {
      super(message);
    }
  }

  /** Writes each decision to the partition its seal names: one chain, one partition. */
  static StreamPartitioner<byte[], Decision> partitioner() {
    return (topic, key, decision, partitions) -> {
      int chain = decision.getSeal().getChain();
      if (chain >= partitions) {
        throw new ChainPartitionException(
            "decision chain "
                + chain
                + " has no partition on "
                + topic
                + " ("
                + partitions
                + " partitions): the decisions topic needs at least as many partitions as the"
                + " applications topic");
      }
      return Optional.of(Set.of(chain));
    };
  }

  /** Seals decisions, keeps the head, emits the decision and, when due, a checkpoint. */
  static final class Sealer implements Processor<byte[], Decision, byte[], SpecificRecord> {
    private final SealKeys.Signer signer;
    private final String decisionsTopic;
    private final long every;
    private final Duration interval;
    private final Clock clock;
    private final String instance;
    private ProcessorContext<byte[], SpecificRecord> context;
    private KeyValueStore<Integer, byte[]> heads;
    private int chain;
    private String lastApplicationId = "";

    Sealer(
        SealKeys.Signer signer,
        String decisionsTopic,
        long every,
        Duration interval,
        Clock clock,
        String instance) {
      this.signer = signer;
      this.decisionsTopic = decisionsTopic;
      this.every = every;
      this.interval = interval;
      this.clock = clock;
      this.instance = instance;
    }

    @Override
    public void init(ProcessorContext<byte[], SpecificRecord> context) {
      this.context = context;
      this.heads = context.getStateStore(STORE);
      this.chain = context.taskId().partition();
      context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::checkpointIfMoved);
    }

    @Override
    public void process(Record<byte[], Decision> record) {
      Head head = head();
      Decision decision = record.value();
      long sequence = head.sequence() + 1;
      byte[] hash = DecisionSeals.seal(decision, signer, chain, sequence, head.hash());
      // The decision goes out before the head moves: if it cannot be written, the chain has not
      // advanced past it.
      context.forward(record.withValue((SpecificRecord) decision));
      lastApplicationId = decision.getApplicationId();
      Head next = new Head(sequence, hash, head.checkpointed());
      if (sequence - head.checkpointed() >= every) {
        next = checkpoint(next, record.timestamp());
      }
      heads.put(chain, next.toBytes());
    }

    private Head head() {
      byte[] stored = heads.get(chain);
      return stored == null ? Head.EMPTY : Head.fromBytes(stored);
    }

    private void checkpointIfMoved(long timestamp) {
      Head head = head();
      if (head.sequence() > head.checkpointed()) {
        heads.put(chain, checkpoint(head, timestamp).toBytes());
      }
    }

    private Head checkpoint(Head head, long timestamp) {
      DecisionCheckpoint c =
          DecisionCheckpoint.newBuilder()
              .setDecisionsTopic(decisionsTopic)
              .setChain(chain)
              .setSequence(head.sequence())
              .setHeadHash(ByteBuffer.wrap(head.hash().clone()))
              .setApplicationId(lastApplicationId)
              .setCreatedAt(clock.instant())
              .setScorerInstance(instance)
              .setKeyId(signer.keyId())
              .setSignature(ByteBuffer.allocate(0))
              .build();
      DecisionSeals.sign(c, signer);
      context.forward(
          new Record<>(
              Integer.toString(chain).getBytes(StandardCharsets.UTF_8),
              (SpecificRecord) c,
              timestamp));
      log.debug(
          "Checkpoint of chain {} of {} at sequence {}", chain, decisionsTopic, head.sequence());
      return new Head(head.sequence(), head.hash(), head.sequence());
    }
  }
}
