package io.creditstream.portal.store;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.records.LoanApplications;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.DriftReportSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mirrors {@code loan-decisions}, {@code loan-applications}, {@code loan-applications-dlq}, {@code
 * model-releases} and {@code model-drift} into this instance's store.
 *
 * <p>Every instance reads every partition (manual assignment, no consumer group), with {@code
 * read_committed}. Each polled batch is applied in ONE database transaction together with the next
 * offsets of its partitions, so after a crash the store and its offsets agree: a restart seeks to
 * the stored offsets and catches up, nothing is applied twice and nothing is skipped. Rows are
 * upserted by key, so even a decision the scorer published twice shows once. Listeners (the SSE
 * hub) are told only after the commit, so a client never sees a decision the store could still
 * lose.
 *
 * <p>Only sealed decisions are shown: a decision whose seal does not verify with the configured
 * public keys ({@code creditstream.portal.mirror.seal-public-keys}) is stored as an UNSEALED or
 * FORGED refusal for auditors, counted in {@code creditstream_portal_decisions_refused_total} and
 * logged, never shown to a client nor allowed to end an application.
 *
 * <p>One application id names one application: a decision for another client under an id that
 * already holds a decision is not stored over it but kept as a DUPLICATE_ID refusal for auditors,
 * and the first application read under an id is the one remembered. Dead letters are kept as
 * refusals, so a refused application's page and status end instead of waiting for ever; only a
 * letter sealed by the scorer ends an application (others are kept as UNSEALED or FORGED refusals,
 * counted in {@code creditstream_portal_dead_letters_refused_total}).
 *
 * <p>A record that cannot be decoded is logged with its coordinates and passed over (its offset is
 * stored like any other): one poison pill must not stop every client's page.
 */
@Component
public class TopicMirror implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TopicMirror.class);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final DecisionStore decisions;
  private final RefusalStore refusals;
  private final ModelCardStore cards;
  private final DriftStore drift;
  private final List<DecisionListener> listeners;
  private final PortalProperties.Mirror settings;
  private final MeterRegistry meters;
  private final SealKeys.KeyRing sealKeys;
  private final Map<String, Handler> handlers = new HashMap<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  // Refusals that ended an application in the batch being applied (only the mirror thread).
  private final List<RefusalView> endings = new ArrayList<>();

  private volatile boolean running;
  private volatile Consumer<byte[], byte[]> consumer;
  private Thread thread;

  private final AtomicLong untagged = new AtomicLong();

  // Only for topics that hold records from before the scorer sealed them (mirror setting
  // history-before-seals, an upgrade): the partitions (topic/partition) on which a record sealed by
  // the scorer has been read. An unsealed record before the first of them is from that time (v1/v2
  // decisions, older letters and reports), not a forgery: still not shown and ending nothing, but
  // counted under reason BEFORE_SEALS, which the alerts leave out, as the verifiers count it apart.
  // Loaded from the store when the mirror starts (decisions and letters); drift reports keep no
  // partition, so for them it is learnt again after each start. Without that setting every
  // unsealed record is UNSEALED: an insider's first record on a fresh topic would otherwise pass
  // as history.
  private final Set<String> sealing = ConcurrentHashMap.newKeySet();
  private final String decisionsTopic;
  private final String deadLetterTopic;

  /** Metric reason of an unsealed record read before its partition's first sealed one. */
  static final String BEFORE_SEALS = "BEFORE_SEALS";

  public TopicMirror(
      Supplier<Consumer<byte[], byte[]>> consumers,
      Topics topics,
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      DecisionStore decisions,
      RefusalStore refusals,
      ModelCardStore cards,
      DriftStore drift,
      List<DecisionListener> listeners,
      PortalProperties properties,
      MeterRegistry meters,
      LinkCredentials credentials) {
    this.consumers = consumers;
    this.jdbc = jdbc;
    this.tx = tx;
    this.decisions = decisions;
    this.refusals = refusals;
    this.cards = cards;
    this.drift = drift;
    this.listeners = listeners;
    this.settings = properties.mirror();
    this.meters = meters;
    this.sealKeys = settings.sealKeyRing();
    if (sealKeys.isEmpty()) {
      log.warn(
          "No seal public keys (creditstream.portal.mirror.seal-public-keys): every decision will"
              + " be refused as unverifiable");
    }
    Deserializer<Decision> decision = topics.loanDecisions().valueSerde().deserializer();
    Deserializer<LoanApplication> application =
        topics.loanApplications().valueSerde().deserializer();
    Deserializer<ModelRelease> release = topics.modelReleases().valueSerde().deserializer();
    Deserializer<DriftReport> report = topics.modelDrift().valueSerde().deserializer();
    Deserializer<DeadLetter> deadLetter = topics.deadLetters().valueSerde().deserializer();
    String applicationsTopic = topics.loanApplications().name();
    this.decisionsTopic = topics.loanDecisions().name();
    this.deadLetterTopic = topics.deadLetters().name();
    handlers.put(
        topics.loanDecisions().name(),
        (rec, after) -> {
          Decision d = decision.deserialize(rec.topic(), rec.headers(), rec.value());
          DecisionSeals.Check seal = DecisionSeals.check(d, sealKeys);
          DecisionView view = DecisionView.of(d);
          boolean beforeSeals = beforeSeals(rec, seal);
          if (seal != DecisionSeals.Check.VALID) {
            refuseUnverified(rec, view, d, seal, beforeSeals);
            return; // never shown to a client
          }
          if (!this.decisions.upsert(view, rec.partition(), rec.offset())) {
            log.warn(
                "Decision {}-{}@{} for client {}: application id {} already holds another"
                    + " client's decision; each client sees only their own",
                rec.topic(),
                rec.partition(),
                rec.offset(),
                view.clientId(),
                shown(view.applicationId()));
            keepRefused(
                rec,
                view,
                RefusalView.DUPLICATE_ID,
                "a decision for client "
                    + view.clientId()
                    + " under application id "
                    + view.applicationId()
                    + ", which already holds another client's decision: a front office"
                    + " reused the id; each client sees only their own");
          }
          after.add(view);
        });
    handlers.put(
        topics.deadLetters().name(),
        (rec, after) -> {
          DeadLetter dl = deadLetter.deserialize(rec.topic(), rec.headers(), rec.value());
          LoanApplication app =
              RawRecords.application(application, applicationsTopic, dl.getValue());
          Long clientId =
              app != null ? Long.valueOf(app.getSKIDCURR()) : RawRecords.clientId(dl.getKey());
          String applicationId =
              dl.getApplicationId() != null
                  ? dl.getApplicationId()
                  : app == null ? null : app.getApplicationId();
          String code = dl.getReasonCode();
          String reason = dl.getReason();
          DecisionSeals.Check seal = DeadLetterSeals.check(dl, sealKeys);
          boolean beforeSeals = beforeSeals(rec, seal);
          if (seal != DecisionSeals.Check.VALID) {
            code = seal == DecisionSeals.Check.UNSEALED ? RefusalView.UNSEALED : RefusalView.FORGED;
            reason = unverifiedLetter(rec, dl, applicationId, seal, code, beforeSeals);
          }
          RefusalView refusal =
              new RefusalView(
                  rec.topic(),
                  rec.partition(),
                  rec.offset(),
                  applicationId,
                  clientId,
                  code,
                  reason,
                  dl.getSourceTopic() + "/" + dl.getSourcePartition() + "/" + dl.getSourceOffset(),
                  dl.getFailedAt(),
                  dl.getProcessor(),
                  RawRecords.key(dl.getKey()),
                  app != null ? app.toString() : RawRecords.base64(dl.getValue()));
          this.refusals.put(refusal);
          if (refusal.applicationId() != null && refusal.endsTheApplication()) {
            endings.add(refusal);
          }
        });
    handlers.put(
        topics.loanApplications().name(),
        (rec, after) -> {
          LoanApplication a = application.deserialize(rec.topic(), rec.headers(), rec.value());
          String fingerprint = LoanApplications.fingerprint(a);
          this.decisions.upsertApplication(
              a.getApplicationId(),
              a.getSKIDCURR(),
              a.getChannel(),
              a.getSubmittedAt(),
              submitter(rec, a, fingerprint, credentials),
              fingerprint);
        });
    handlers.put(
        topics.modelReleases().name(),
        (rec, after) ->
            this.cards.apply(
                rec.key() == null
                    ? null
                    : new String(rec.key(), java.nio.charset.StandardCharsets.UTF_8),
                release.deserialize(rec.topic(), rec.headers(), rec.value())));
    handlers.put(
        topics.modelDrift().name(),
        (rec, after) -> {
          DriftReport r = report.deserialize(rec.topic(), rec.headers(), rec.value());
          DecisionSeals.Check seal = DriftReportSeals.check(r, sealKeys);
          boolean beforeSeals = beforeSeals(rec, seal);
          if (seal != DecisionSeals.Check.VALID) {
            // Kept from auditors: a report replaces the one of the same model, scorer and window,
            // so anyone's report could otherwise hide drift or invent it.
            String code =
                seal == DecisionSeals.Check.UNSEALED ? RefusalView.UNSEALED : RefusalView.FORGED;
            countRefused(
                "creditstream.portal.drift.reports.refused",
                "Drift reports not shown because their seal does not verify",
                beforeSeals ? BEFORE_SEALS : code);
            log.warn(
                "Drift report {}-{}@{} (model {}, scorer {}) not shown: {} [{}]",
                rec.topic(),
                rec.partition(),
                rec.offset(),
                shown(r.getModelVersion()),
                shown(r.getScorerInstance()),
                seal == DecisionSeals.Check.UNSEALED
                    ? "it carries no seal"
                    : "its seal does not verify with the scorer's keys",
                code);
            return;
          }
          this.drift.apply(r);
        });
  }

  /**
   * The front office that submitted an application through a portal, or null: for other producers,
   * and for a {@link DecisionStore#FRONT_OFFICE_HEADER} that no valid {@link
   * DecisionStore#FRONT_OFFICE_TAG_HEADER} vouches for (written by a producer, not by a portal; or
   * by a portal whose secret this one does not hold). Such a name is not believed, counted and
   * logged: the application then reads as any direct producer's.
   */
  private String submitter(
      ConsumerRecord<byte[], byte[]> rec,
      LoanApplication a,
      String fingerprint,
      LinkCredentials credentials) {
    org.apache.kafka.common.header.Header name =
        rec.headers().lastHeader(DecisionStore.FRONT_OFFICE_HEADER);
    if (name == null || name.value() == null) {
      return null;
    }
    // A front office's name has at most 64 characters and a tag 52 (PortalProperties,
    // LinkCredentials): anything longer is not decoded whole, only its start is logged.
    byte[] raw = name.value();
    String frontOffice =
        new String(raw, 0, Math.min(raw.length, 65), java.nio.charset.StandardCharsets.UTF_8);
    org.apache.kafka.common.header.Header tag =
        rec.headers().lastHeader(DecisionStore.FRONT_OFFICE_TAG_HEADER);
    if (raw.length <= 64
        && tag != null
        && tag.value() != null
        && tag.value().length <= 64
        && credentials.frontOfficeTagVerifies(
            new String(tag.value(), java.nio.charset.StandardCharsets.US_ASCII),
            frontOffice,
            a.getApplicationId(),
            fingerprint)) {
      return frontOffice;
    }
    meters.counter("creditstream.portal.applications.unverified.front.office").increment();
    // Every one is counted; the first ones and then one in 10,000 are logged, so that a topic
    // written by portals older than the tag does not flood the log when it is mirrored again.
    long n = untagged.incrementAndGet();
    if (n <= 20 || n % 10_000 == 0) {
      log.warn(
          "Application {} at {}-{}@{} names front office '{}' without a valid portal tag: not"
              + " believed, read as a direct producer's ({} so far)",
          shown(a.getApplicationId()),
          rec.topic(),
          rec.partition(),
          rec.offset(),
          shown(frontOffice),
          n);
    }
    return null;
  }

  /**
   * A decision whose seal does not verify is never shown: it is kept for auditors (UNSEALED or
   * FORGED), counted and logged.
   */
  private void refuseUnverified(
      ConsumerRecord<byte[], byte[]> rec,
      DecisionView view,
      Decision d,
      DecisionSeals.Check seal,
      boolean beforeSeals) {
    String keyId = d.getSeal() == null ? "none" : shown(d.getSeal().getKeyId());
    String code = seal == DecisionSeals.Check.UNSEALED ? RefusalView.UNSEALED : RefusalView.FORGED;
    String why =
        switch (seal) {
          case UNSEALED ->
              beforeSeals
                  ? "the decision carries no seal (read before any sealed decision of its"
                      + " partition: from the time before decisions were sealed)"
                  : "the decision carries no seal";
          case UNKNOWN_KEY -> "the decision is sealed with an unknown key " + keyId;
          case HASH_MISMATCH -> "the decision's content does not match its content hash";
          default -> "the decision's seal signature does not verify (key " + keyId + ")";
        };
    countRefused(
        "creditstream.portal.decisions.refused",
        "Decision records not shown because their seal does not verify",
        beforeSeals ? BEFORE_SEALS : code);
    log.warn(
        "Decision {}-{}@{} (application {}, client {}) not shown: {} [{}]",
        rec.topic(),
        rec.partition(),
        rec.offset(),
        shown(view.applicationId()),
        view.clientId(),
        why,
        code);
    keepRefused(rec, view, code, why + ": not shown to any client");
  }

  /**
   * A dead letter whose seal does not verify ends nothing: anyone who can write to the dead-letter
   * topic could otherwise tell a client that an application still being decided "could not be
   * processed". It is kept for auditors (UNSEALED or FORGED, with what the letter claimed), counted
   * and logged; returns the reason auditors see.
   */
  private String unverifiedLetter(
      ConsumerRecord<byte[], byte[]> rec,
      DeadLetter dl,
      String applicationId,
      DecisionSeals.Check seal,
      String code,
      boolean beforeSeals) {
    String keyId = dl.getSeal() == null ? "none" : shown(dl.getSeal().getKeyId());
    String why =
        switch (seal) {
          case UNSEALED ->
              beforeSeals
                  ? "the dead letter carries no seal (read before any sealed letter of its"
                      + " partition: from the time before letters were sealed)"
                  : "the dead letter carries no seal";
          case UNKNOWN_KEY -> "the dead letter is sealed with an unknown key " + keyId;
          default -> "the dead letter's seal signature does not verify (key " + keyId + ")";
        };
    countRefused(
        "creditstream.portal.dead.letters.refused",
        "Dead letters that end no application because their seal does not verify",
        beforeSeals ? BEFORE_SEALS : code);
    log.warn(
        "Dead letter {}-{}@{} (application {}) ends nothing: {} [{}]",
        rec.topic(),
        rec.partition(),
        rec.offset(),
        shown(applicationId),
        why,
        code);
    return why
        + ": it ends no application and is not shown to any client; the letter claimed "
        + dl.getReasonCode()
        + ": "
        + dl.getReason();
  }

  /** Keeps a decision record that is not shown to its client for the auditors' refusals page. */
  private void keepRefused(
      ConsumerRecord<byte[], byte[]> rec, DecisionView view, String code, String reason) {
    this.refusals.put(
        new RefusalView(
            rec.topic(),
            rec.partition(),
            rec.offset(),
            view.applicationId(),
            view.clientId(),
            code,
            reason,
            rec.topic() + "/" + rec.partition() + "/" + rec.offset(),
            view.decidedAt(),
            view.scorerInstance(),
            RawRecords.key(rec.key()),
            null));
  }

  @Override
  public synchronized void start() {
    if (running || !settings.enabled()) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "portal-topic-mirror");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Records applied to the store since this bean was created (for tests and metrics). */
  public long appliedCount() {
    return applied.get();
  }

  /** Records passed over because they could not be decoded. */
  public long skippedCount() {
    return skipped.get();
  }

  private void run() {
    long nextRefresh = 0;
    Set<TopicPartition> assigned = new HashSet<>();
    try (Consumer<byte[], byte[]> c = consumers.get()) {
      consumer = c;
      loadSealing();
      while (running) {
        try {
          if (System.currentTimeMillis() >= nextRefresh) {
            assigned = refreshAssignment(c, assigned);
            nextRefresh = System.currentTimeMillis() + settings.partitionRefresh().toMillis();
          }
          if (assigned.isEmpty()) {
            // Topics not created yet: look again soon rather than at the slow refresh pace.
            nextRefresh = System.currentTimeMillis() + settings.pollTimeout().toMillis();
            Thread.sleep(settings.pollTimeout().toMillis());
            continue;
          }
          ConsumerRecords<byte[], byte[]> records = c.poll(settings.pollTimeout());
          if (!records.isEmpty()) {
            applyBatch(records);
          }
        } catch (WakeupException e) {
          // stop() woke us up; the loop condition ends the thread.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        } catch (RuntimeException e) {
          // A failed transaction wrote nothing: rewind to what the store holds and try again.
          log.error("Mirror batch failed; rewinding to the stored offsets", e);
          seekToStored(c, assigned);
          sleepQuietly(1000);
        }
      }
    } finally {
      consumer = null;
    }
  }

  private Set<TopicPartition> refreshAssignment(
      Consumer<byte[], byte[]> c, Set<TopicPartition> current) {
    Set<TopicPartition> wanted = new HashSet<>();
    for (String topic : handlers.keySet()) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos != null) {
        infos.forEach(p -> wanted.add(new TopicPartition(p.topic(), p.partition())));
      }
    }
    if (wanted.equals(current)) {
      return current;
    }
    c.assign(wanted);
    Set<TopicPartition> added = new HashSet<>(wanted);
    added.removeAll(current);
    seekToStored(c, added);
    log.info("Mirroring {} partitions ({} new)", wanted.size(), added.size());
    return wanted;
  }

  private void seekToStored(Consumer<byte[], byte[]> c, Set<TopicPartition> partitions) {
    Map<TopicPartition, Long> stored = new HashMap<>();
    jdbc.query(
        "SELECT topic, part, next_offset FROM consumed_offsets",
        rs -> {
          stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        });
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.get(tp);
      if (offset == null) {
        fromStart.add(tp);
      } else {
        c.seek(tp, offset);
      }
    }
    if (!fromStart.isEmpty()) {
      c.seekToBeginning(fromStart);
    }
  }

  private void applyBatch(ConsumerRecords<byte[], byte[]> records) {
    List<DecisionView> stored = new ArrayList<>();
    endings.clear();
    tx.executeWithoutResult(
        status -> {
          for (TopicPartition tp : records.partitions()) {
            long next = -1;
            for (ConsumerRecord<byte[], byte[]> rec : records.records(tp)) {
              applyOne(rec, stored);
              next = rec.offset() + 1;
            }
            jdbc.update(
                "MERGE INTO consumed_offsets (topic, part, next_offset) KEY (topic, part)"
                    + " VALUES (?, ?, ?)",
                tp.topic(),
                tp.partition(),
                next);
          }
        });
    applied.addAndGet(records.count());
    for (RefusalView r : List.copyOf(endings)) {
      for (DecisionListener l : listeners) {
        try {
          l.refusalStored(r);
        } catch (RuntimeException e) {
          log.warn("Listener failed for refused application {}", r.applicationId(), e);
        }
      }
    }
    for (DecisionView d : stored) {
      for (DecisionListener l : listeners) {
        try {
          l.decisionStored(d);
        } catch (RuntimeException e) {
          log.warn("Listener failed for application {}", d.applicationId(), e);
        }
      }
    }
  }

  private void applyOne(ConsumerRecord<byte[], byte[]> rec, List<DecisionView> stored) {
    if (rec.value() == null) {
      return; // a tombstone: nothing to show, and compacted topics may carry them
    }
    try {
      handlers.get(rec.topic()).apply(rec, stored);
    } catch (org.apache.kafka.common.errors.SerializationException
        | org.apache.avro.AvroRuntimeException
        | IllegalArgumentException e) {
      skipped.incrementAndGet();
      log.warn(
          "Skipping undecodable record {}-{}@{}: {}",
          rec.topic(),
          rec.partition(),
          rec.offset(),
          e.toString());
    }
  }

  /** Counts a record not shown because its seal does not verify, by reason. */
  private void countRefused(String counter, String description, String reason) {
    Counter.builder(counter)
        .description(description)
        .tag("reason", reason)
        .register(meters)
        .increment();
  }

  /**
   * True when the record is unsealed and no record sealed by the scorer has been read on its
   * partition yet; a sealed one marks its partition.
   */
  private boolean beforeSeals(ConsumerRecord<byte[], byte[]> rec, DecisionSeals.Check seal) {
    String where = rec.topic() + "/" + rec.partition();
    if (seal == DecisionSeals.Check.VALID) {
      sealing.add(where);
      return false;
    }
    return settings.historyBeforeSeals()
        && seal == DecisionSeals.Check.UNSEALED
        && !sealing.contains(where);
  }

  /** The partitions the store shows sealed records were read on before this start. */
  private void loadSealing() {
    jdbc.queryForList("SELECT DISTINCT source_partition FROM decisions", Integer.class)
        .forEach(p -> sealing.add(decisionsTopic + "/" + p));
    jdbc.queryForList(
            "SELECT DISTINCT part FROM refusals WHERE topic = ? AND reason_code NOT IN (?, ?)",
            Integer.class,
            deadLetterTopic,
            RefusalView.UNSEALED,
            RefusalView.FORGED)
        .forEach(p -> sealing.add(deadLetterTopic + "/" + p));
  }

  /**
   * A string read from a record, as a log line may show it: whoever wrote the record chose it, so
   * control and line-separator characters (which could forge log lines) become '?', and at most 64
   * characters are kept.
   */
  static String shown(String s) {
    if (s == null) {
      return "null";
    }
    String clean = s.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @FunctionalInterface
  private interface Handler {
    void apply(ConsumerRecord<byte[], byte[]> rec, List<DecisionView> after);
  }
}
