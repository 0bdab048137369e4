package io.creditstream.scorer.lifecycle;

import io.creditstream.avro.DriftReport;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.drift.DriftMonitor;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.seal.DriftReportSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes this instance's drift reports on {@code model-drift}, each sealed with the decision key
 * ({@link DriftReportSeals}: the portal shows auditors only reports that verify): its own producer
 * (drift is outside the decisions' transactions), one report each interval on a daemon thread, and
 * a last one when the scorer closes, after Kafka Streams stopped feeding the monitor.
 */
final class DriftPublisher {

  private final KafkaProducer<String, DriftReport> producer;
  private final DriftMonitor monitor;
  private final ScheduledExecutorService scheduler;

  DriftPublisher(ScorerSettings settings, ScorerMetrics metrics, Topic<String, DriftReport> topic) {
    SealKeys.Signer signer = settings.sealSigner();
    this.producer =
        new KafkaProducer<>(
            producerConfig(settings),
            topic.keySerde().serializer(),
            topic.valueSerde().serializer());
    this.monitor =
        new DriftMonitor(
            settings.instance(),
            metrics,
            Clock.systemUTC(),
            report ->
                producer.send(
                    new ProducerRecord<>(
                        topic.name(), settings.instance(), DriftReportSeals.seal(report, signer))),
            settings.driftMinRecords());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drift-publisher");
              t.setDaemon(true);
              return t;
            });
  }

  /** What the topology feeds with each scored vector. */
  DriftMonitor monitor() {
    return monitor;
  }

  void start(Duration every) {
    scheduler.scheduleAtFixedRate(
        monitor::publish, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the interval reports (first, before Kafka Streams closes). */
  void stopSchedule() {
    scheduler.shutdownNow();
  }

  /** Publishes the last report and closes the producer (after Kafka Streams closed). */
  void close(Duration timeout) {
    monitor.publish();
    producer.close(timeout);
  }

  /** The drift producer's settings: the client settings a producer knows, its own client id. */
  static Map<String, Object> producerConfig(ScorerSettings settings) {
    Map<String, Object> c = new HashMap<>();
    settings
        .clientConfig()
        .forEach(
            (k, v) -> {
              if (ProducerConfig.configNames().contains(k)) {
                c.put(k, v);
              }
            });
    c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "drift-" + settings.instance());
    return c;
  }
}
