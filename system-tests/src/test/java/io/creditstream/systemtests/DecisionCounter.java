package io.creditstream.systemtests;

import io.creditstream.avro.Decision;
import io.creditstream.runtime.Drain;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
  // scorer instance -> partition -> the latest decidedAt of that instance's decisions there
  private final Map<String, Map<Integer, Instant>> latestBy = new HashMap<>();

  public DecisionCounter(Deployment deployment) {
    this.deployment = deployment;
    this.consumer = deployment.rawConsumer(true);
    Drain.assignFromBeginning(consumer, deployment.topics().loanDecisions().name());
  }

  /** Polls once and returns how many distinct applications have a committed decision so far. */
  public synchronized int poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      Decision d = deployment.decodeDecision(r.value());
      decided.add(d.getApplicationId());
      byPartition.merge(r.partition(), 1, Integer::sum);
      latestBy
          .computeIfAbsent(d.getScorerInstance(), i -> new TreeMap<>())
          .merge(r.partition(), d.getDecidedAt(), (x, y) -> x.isAfter(y) ? x : y);
    }
    return decided.size();
  }

  /**
   * Per partition of the decisions topic, when the given scorer instance last decided there (of the
   * committed decisions read so far).
   */
  public synchronized Map<Integer, Instant> latestDecidedAt(String scorerInstance) {
    return Map.copyOf(latestBy.getOrDefault(scorerInstance, Map.of()));
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
