package io.creditstream.systemtests;

import io.creditstream.runtime.Drain;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows a deployment's committed decisions as they come, for waiting on progress ("at least n
 * decided"); the exactly-once verdict is the {@link Ledger}'s, read after the scorers stopped.
 */
public final class DecisionCounter implements AutoCloseable {

  private final Deployment deployment;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Set<String> decided = new HashSet<>();
  private final Map<Integer, Integer> byPartition = new TreeMap<>();

  public DecisionCounter(Deployment deployment) {
    this.deployment = deployment;
    this.consumer = deployment.rawConsumer(true);
    Drain.assignFromBeginning(consumer, deployment.topics().loanDecisions().name());
  }

  /** Polls once and returns how many distinct applications have a committed decision so far. */
  public synchronized int poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      decided.add(deployment.decodeDecision(r.value()).getApplicationId());
      byPartition.merge(r.partition(), 1, Integer::sum);
    }
    return decided.size();
  }

  /** Committed decision records read so far, per partition of the decisions topic. */
  public synchronized Map<Integer, Integer> byPartition() {
    return Map.copyOf(byPartition);
  }

  public synchronized Set<String> decided() {
    return Set.copyOf(decided);
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
