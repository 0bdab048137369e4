package io.creditstream.scorer.release;

import io.creditstream.avro.ModelRelease;
import io.creditstream.model.ScoringModel;
import io.creditstream.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code model-releases} into a {@link ModelCatalog} with its own consumer ({@code
 * read_committed}, every partition assigned, from the beginning, no consumer group), on a thread
 * named {@code model-registry}.
 *
 * <p>{@link #awaitReady(Duration)} returns once the consumer has reached the end offsets it saw at
 * start and a model is active. A record whose bytes cannot be read is refused (logged, counted) and
 * skipped; it never stops the registry.
 */
public final class ModelRegistry implements ModelProvider, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final Map<String, Object> consumerConfig;
  private final Topic<String, ModelRelease> topic;
  private final ModelCatalog catalog;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, ModelRelease> consumer;
  private volatile Throwable failure;

  /**
   * @param clientConfig Kafka client settings (bootstrap servers, security); group and offset
   *     settings are set here
   */
  public ModelRegistry(
      Map<String, Object> clientConfig, Topic<String, ModelRelease> topic, ModelCatalog catalog) {
    this.consumerConfig = consumerConfig(clientConfig);
    this.topic = topic;
    this.catalog = catalog;
    this.thread = new Thread(this::run, "model-registry");
    this.thread.setDaemon(true);
  }

  static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
    Map<String, Object> c = new HashMap<>();
    // Only what a consumer knows (security included): Streams and registry settings would only
    // make it log "supplied but isn't a known config".
    clientConfig.forEach(
        (k, v) -> {
          if (ConsumerConfig.configNames().contains(k)) {
            c.put(k, v);
          }
        });
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putIfAbsent(
        ConsumerConfig.CLIENT_ID_CONFIG, "model-registry-" + ProcessHandle.current().pid());
    return c;
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public void start() {
    thread.start();
  }

  /** True once the registry has read up to the end of the topic as of its start. */
  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** True when caught up and a model is active. */
  public boolean ready() {
    return caughtUp() && catalog.hasActive();
  }

  /** The error that stopped the registry thread, if any. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Waits until {@link #ready()} or the timeout; returns {@link #ready()}. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!caughtUp.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    while (!catalog.hasActive() && System.nanoTime() < deadline && failure == null) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return ready();
  }

  private void run() {
    try (KafkaConsumer<String, ModelRelease> c =
        new KafkaConsumer<>(
            consumerConfig, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer = c;
      List<TopicPartition> partitions = awaitPartitions(c);
      if (partitions == null) {
        return;
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      log.info("Reading {} from the beginning up to {}", topic.name(), end);
      while (running) {
        pollOnce(c);
        if (caughtUp.getCount() > 0 && reached(c, end)) {
          caughtUp.countDown();
          log.info(
              "Model registry caught up with {}; active model: {}",
              topic.name(),
              catalog.hasActive() ? catalog.current().version() : "none");
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      failure = e;
      log.error("Model registry stopped: {}", e.toString(), e);
    }
  }

  private List<TopicPartition> awaitPartitions(KafkaConsumer<String, ModelRelease> c) {
    while (running) {
      try {
        List<PartitionInfo> infos = c.partitionsFor(topic.name(), Duration.ofSeconds(10));
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        }
        log.warn("Topic {} does not exist yet; waiting for it", topic.name());
      } catch (TimeoutException e) {
        // The broker may simply not be up yet: keep trying, the scorer reports NOT READY meanwhile.
        log.warn(
            "Cannot reach Kafka at {} to read {} yet ({}); retrying",
            consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
            topic.name(),
            e.getMessage());
      }
      try {
        TimeUnit.SECONDS.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private void pollOnce(KafkaConsumer<String, ModelRelease> c) {
    try {
      for (ConsumerRecord<String, ModelRelease> r : c.poll(POLL)) {
        log.debug(
            "Model release record {}-{}@{} key {}", r.topic(), r.partition(), r.offset(), r.key());
        catalog.apply(r.key(), r.value());
      }
    } catch (RecordDeserializationException e) {
      catalog.refuseUnreadable(
          e.topicPartition() + "@" + e.offset(), e.getMessage() + describeCause(e));
      c.seek(e.topicPartition(), e.offset() + 1);
    }
  }

  private static String describeCause(Throwable e) {
    return e.getCause() == null ? "" : " (" + e.getCause() + ")";
  }

  private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ScoringModel current() {
    return catalog.current();
  }

  @Override
  public boolean hasActive() {
    return catalog.hasActive();
  }

  @Override
  public Optional<ScoringModel> byVersion(String version) {
    return catalog.byVersion(version);
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, ModelRelease> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
