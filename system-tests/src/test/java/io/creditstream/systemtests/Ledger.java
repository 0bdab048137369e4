package io.creditstream.systemtests;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.runtime.Drain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What a deployment's topics hold right now: every application id sent, every committed decision
 * (read with {@code read_committed}, as the portal and auditors read them) counted per application
 * id, and every dead letter. The exactly-once check is {@link #lost()} and {@link #duplicated()}
 * both empty.
 */
public record Ledger(
    Map<String, Integer> applications,
    long unreadableApplications,
    Map<String, Integer> decisions,
    long decisionRecords,
    List<DeadLetter> deadLetters) {

  /**
   * Reads the three topics to their current ends (committed end for decisions and dead letters).
   */
  public static Ledger read(Deployment d) {
    Map<String, Integer> applications = new HashMap<>();
    long unreadable = 0;
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(false)) {
      for (ConsumerRecord<byte[], byte[]> r :
          Drain.readAll(c, d.topics().loanApplications().name(), Duration.ofMinutes(2))) {
        try {
          applications.merge(d.decodeApplication(r.value()).getApplicationId(), 1, Integer::sum);
        } catch (RuntimeException badBytes) {
          unreadable++;
        }
      }
    }
    Map<String, Integer> decisions = new HashMap<>();
    long decisionRecords = 0;
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      for (ConsumerRecord<byte[], byte[]> r :
          Drain.readAll(c, d.topics().loanDecisions().name(), Duration.ofMinutes(2))) {
        Decision decision = d.decodeDecision(r.value());
        decisions.merge(decision.getApplicationId(), 1, Integer::sum);
        decisionRecords++;
      }
    }
    List<DeadLetter> deadLetters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      for (ConsumerRecord<byte[], byte[]> r :
          Drain.readAll(c, d.topics().deadLetters().name(), Duration.ofMinutes(2))) {
        deadLetters.add(d.decodeDeadLetter(r.value()));
      }
    }
    return new Ledger(applications, unreadable, decisions, decisionRecords, deadLetters);
  }

  /** Readable applications that have neither a decision nor a dead letter naming them. */
  public List<String> lost() {
    Map<String, Boolean> dead = new HashMap<>();
    deadLetters.forEach(l -> dead.put(String.valueOf(l.getApplicationId()), true));
    return applications.keySet().stream()
        .filter(id -> !decisions.containsKey(id) && !dead.containsKey(id))
        .sorted()
        .toList();
  }

  /** Application ids with more than one committed decision, with their counts. */
  public Map<String, Integer> duplicated() {
    Map<String, Integer> out = new TreeMap<>();
    decisions.forEach(
        (id, n) -> {
          if (n > 1) {
            out.put(id, n);
          }
        });
    return out;
  }

  /** Decisions for ids that were never sent (would mean a corrupted or foreign record). */
  public List<String> unexpected() {
    return decisions.keySet().stream()
        .filter(id -> !applications.containsKey(id))
        .sorted()
        .toList();
  }

  /** The one-line summary: name=value pairs. */
  public String summary() {
    return "applications="
        + applications.size()
        + " applicationRecords="
        + applications.values().stream().mapToLong(Integer::longValue).sum()
        + " unreadableApplications="
        + unreadableApplications
        + " decisions="
        + decisions.size()
        + " decisionRecords="
        + decisionRecords
        + " deadLetters="
        + deadLetters.size()
        + " lost="
        + lost().size()
        + " duplicated="
        + duplicated().size()
        + " unexpected="
        + unexpected().size();
  }
}
