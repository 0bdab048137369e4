package io.creditstream.trainer.publish;

import io.creditstream.avro.LoanApplication;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.records.LoanApplications;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a Kaggle application file ({@code application_test} or {@code application_train}, whose
 * TARGET is ignored) as live traffic on {@code loan-applications} at a steady rate, stamping each
 * record with a fresh application id and the time it was sent.
 */
public final class ApplicationPublisher {
  private static final Logger log = LoggerFactory.getLogger(ApplicationPublisher.class);

  private ApplicationPublisher() {}

  /** Counts of one run. Rejected rows were logged with their line and reason. */
  public record Result(long sent, long rejected, long failed) {}

  /**
   * @param ratePerSecond applications a second; 0 or less means as fast as possible
   * @param limit stop after this many applications; 0 or less means the whole file ({@code loop}
   *     repeats it until {@code stop} is set)
   */
  public static Result publish(
      Path file,
      Map<String, Object> config,
      double ratePerSecond,
      long limit,
      String channel,
      boolean loop,
      AtomicBoolean stop)
      throws IOException {
    Topic<String, LoanApplication> topic = Topics.create(config).loanApplications();
    HomeCreditTable table =
        file.getFileName().toString().toLowerCase().contains("train")
            ? HomeCreditTable.APPLICATION_TRAIN
            : HomeCreditTable.APPLICATION_TEST;
    AtomicLong sent = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long intervalNanos = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
    long start = System.nanoTime();
    try (KafkaProducer<String, LoanApplication> producer = Producers.forTopic(config, topic)) {
      do {
        try (TableReader reader = TableReader.open(file, table)) {
          // Stops reading at the limit or when asked to, so a short run does not parse the rest
          // of a large file.
          reader.forEachWhile(
              row -> {
                if (stop.get() || (limit > 0 && sent.get() >= limit)) {
                  return false;
                }
                if (intervalNanos > 0) {
                  long due = start + sent.get() * intervalNanos;
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                }
                LoanApplication application;
                try {
                  application =
                      LoanApplications.fromColumns(
                          row::get, UUID.randomUUID().toString(), channel, Instant.now());
                } catch (IllegalArgumentException e) {
                  rejected.incrementAndGet();
                  log.warn("{}: row {} not sent: {}", file, row, e.getMessage());
                  return true;
                }
                producer.send(
                    new ProducerRecord<>(
                        topic.name(), Long.toString(application.getSKIDCURR()), application),
                    (metadata, error) -> {
                      if (error != null) {
                        failed.incrementAndGet();
                        log.error(
                            "Application {} not published: {}",
                            application.getApplicationId(),
                            error.toString());
                      }
                    });
                sent.incrementAndGet();
                return true;
              },
              problem -> {
                rejected.incrementAndGet();
                log.warn("Skipped malformed row: {}", problem);
              });
        }
      } while (loop && !stop.get() && (limit <= 0 || sent.get() < limit));
      producer.flush();
    }
    log.info(
        "Sent {} applications from {} to {} ({} rejected, {} failed)",
        sent.get(),
        file,
        topic.name(),
        rejected.get(),
        failed.get());
    return new Result(sent.get(), rejected.get(), failed.get());
  }
}
