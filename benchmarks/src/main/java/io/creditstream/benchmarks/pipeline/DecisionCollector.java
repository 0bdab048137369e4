package io.creditstream.benchmarks.pipeline;

import io.creditstream.avro.Decision;
import io.creditstream.benchmarks.report.Latencies;
import io.creditstream.registry.SchemaRegistryClient;
import io.creditstream.registry.SchemaRegistryClients;
import io.creditstream.serde.WireFormat;
import io.creditstream.topics.Topic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a decisions topic (read_committed, as every consumer of decisions does) from its start on
 * its own thread, and groups what it sees by phase: the part of the application id before the first
 * '-'. Per phase: count, first and last append time, latency from the application's {@code
 * submittedAt} to the decision's append time (the record timestamp, LogAppendTime) and to the
 * moment this consumer received it, and how many decisions had fewer reasons than asked for.
 *
 * <p>It decodes only what it reports ({@link #PROJECTION}: the application id, the application's
 * time, the reasons' count); Avro's schema resolution skips the rest of each decision (the features
 * the model read, the seal) without building it. The collector runs on the same cores as the
 * topology it measures; its thread costs 5.6-7.0 µs a scorer decision against 1.5-2.1 µs a
 * pass-through record either way (docs/BENCHMARKS.md, 1c): most of it is fetching and decompressing
 * the bigger records, which any consumer of decisions pays, not decoding them.
 */
public final class DecisionCollector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DecisionCollector.class);

  /** What one phase's decisions showed. Guarded by its own monitor. */
  public static final class PhaseStats {
    private final Latencies toAppend = new Latencies();
    private final Latencies toReceive = new Latencies();
    private int count;
    private long firstAppend = Long.MAX_VALUE;
    private long lastAppend = Long.MIN_VALUE;
    private int withoutFullReasons;
    private long bytes;

    synchronized void add(
        long submitted, long appended, long received, int reasons, int wanted, int size) {
      count++;
      bytes += size;
      toAppend.add(appended - submitted);
      toReceive.add(received - submitted);
      firstAppend = Math.min(firstAppend, appended);
      lastAppend = Math.max(lastAppend, appended);
      if (reasons < wanted) {
        withoutFullReasons++;
      }
    }

    public synchronized int count() {
      return count;
    }

    /** Decisions a second between the first and the last decision's append time. */
    public synchronized double appendRate() {
      return count < 2 ? 0 : (count - 1) * 1000.0 / Math.max(1, lastAppend - firstAppend);
    }

    /** Mean serialized size of a decision's value, in bytes. */
    public synchronized double meanBytes() {
      return count == 0 ? 0 : (double) bytes / count;
    }

    public synchronized long lastAppend() {
      return lastAppend;
    }

    public synchronized int withoutFullReasons() {
      return withoutFullReasons;
    }

    public synchronized Latencies toAppend() {
      return toAppend;
    }

    public synchronized Latencies toReceive() {
      return toReceive;
    }
  }

  /** The part of a {@link Decision} the collector reads, resolved against each writer schema. */
  static final Schema PROJECTION =
      SchemaBuilder.record(Decision.SCHEMA$.getName())
          .namespace(Decision.SCHEMA$.getNamespace())
          .fields()
          .requiredString("applicationId")
          .name("reasons")
          .type()
          .array()
          .items(
              SchemaBuilder.record("Reason")
                  .namespace(Decision.SCHEMA$.getNamespace())
                  .fields()
                  .endRecord())
          .noDefault()
          .requiredLong("applicationTimestamp")
          .endRecord();

  private final Map<String, PhaseStats> phases = new ConcurrentHashMap<>();
  private final Map<String, Long> appendTimes = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private volatile Throwable failure;

  /**
   * @param wantedReasons decisions with fewer reasons than this are counted as without full reasons
   *     (0 for the pass-through, whose decisions have none)
   */
  public DecisionCollector(
      Map<String, Object> clientConfig,
      Topic<String, Decision> topic,
      int partitions,
      int wantedReasons) {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    props.keySet().removeIf(k -> String.valueOf(k).startsWith("topic."));
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Projector projector = new Projector(SchemaRegistryClients.create(clientConfig));
    List<TopicPartition> all =
        java.util.stream.IntStream.range(0, partitions)
            .mapToObj(p -> new TopicPartition(topic.name(), p))
            .toList();
    consumer.assign(all);
    consumer.seekToBeginning(all);
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (!stop.get()) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                      throw new IllegalStateException(
                          topic.name()
                              + " must have message.timestamp.type=LogAppendTime, record has "
                              + r.timestampType());
                    }
                    GenericRecord d = projector.read(r.value());
                    String id = d.get("applicationId").toString();
                    appendTimes.put(id, r.timestamp());
                    int dash = id.indexOf('-');
                    String phase = dash < 0 ? id : id.substring(0, dash);
                    phases
                        .computeIfAbsent(phase, p -> new PhaseStats())
                        .add(
                            (Long) d.get("applicationTimestamp"),
                            r.timestamp(),
                            received,
                            ((List<?>) d.get("reasons")).size(),
                            wantedReasons,
                            r.serializedValueSize());
                  }
                }
              } catch (Throwable e) {
                failure = e;
                log.error("Decision collector failed: {}", e.toString(), e);
              }
            },
            "decision-collector-" + topic.name());
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads {@link #PROJECTION} out of framed decisions; one reader per writer schema id. */
  static final class Projector {
    private final SchemaRegistryClient registry;
    private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
    private BinaryDecoder decoder;
    private GenericRecord reused;

    Projector(SchemaRegistryClient registry) {
      this.registry = registry;
    }

    GenericRecord read(byte[] framed) throws IOException {
      if (framed == null
          || framed.length < WireFormat.HEADER_LENGTH
          || framed[0] != WireFormat.MAGIC_BYTE) {
        throw new IllegalStateException("a decision that is not framed Avro");
      }
      int id = ByteBuffer.wrap(framed, 1, 4).getInt();
      GenericDatumReader<GenericRecord> reader =
          readers.computeIfAbsent(
              id, i -> new GenericDatumReader<>(registry.getById(i), PROJECTION));
      decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  framed,
                  WireFormat.HEADER_LENGTH,
                  framed.length - WireFormat.HEADER_LENGTH,
                  decoder);
      reused = reader.read(reused, decoder);
      return reused;
    }
  }

  public PhaseStats phase(String name) {
    return phases.computeIfAbsent(name, p -> new PhaseStats());
  }

  /** The append time of the decision on an application, or null if not seen yet. */
  public Long appendTime(String applicationId) {
    return appendTimes.get(applicationId);
  }

  /** Waits until {@code count} decisions of the phase were seen; false on timeout. */
  public boolean await(String phase, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (phase(phase).count() < count) {
      if (failure != null) {
        throw new IllegalStateException("decision collector failed: " + failure, failure);
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(10_000);
  }
}
