package io.creditstream.benchmarks.pipeline;

import io.creditstream.avro.LoanApplication;
import io.creditstream.benchmarks.report.CpuMeter;
import io.creditstream.benchmarks.report.Figures;
import io.creditstream.benchmarks.report.StackSampler;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.topics.Topic;
import io.creditstream.topics.TopicSpecs;
import io.creditstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sustained decisions a second and end-to-end latency of the scorer, side by side with a
 * pass-through topology, in one run on this machine's real broker and registry.
 *
 * <p>Per topology: saturation (pre-load N applications, start the streams, time the drain between
 * the first and last decision's append time), then each offered rate for a fixed time. Latency runs
 * from the application's {@code submittedAt} (set just before it is sent) to the decision's append
 * time on the decisions topic ({@code LogAppendTime}); the time a read_committed consumer received
 * it is reported beside it ({@code recv_}). Output: one line of {@code name=value} figures.
 */
@Command(
    name = "pipeline-benchmark",
    mixinStandardHelpOptions = true,
    description = "Scorer vs pass-through throughput and latency on the real broker.")
public final class PipelineBenchmark implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(PipelineBenchmark.class);

  @Option(
      names = "--dir",
      defaultValue = "target/bench-pipeline",
      description = "State directory (emptied first).")
  Path dir;

  @Option(
      names = "--data",
      description =
          "Home Credit directory (default: ../shared/data/home-credit from the repository root).")
  Path data;

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "200,500,1000",
      description = "Offered rates, applications a second.")
  List<Integer> rates;

  @Option(names = "--seconds", defaultValue = "5", description = "Duration of each offered rate.")
  int seconds;

  @Option(
      names = "--saturation",
      defaultValue = "100000",
      description =
          "Applications pre-loaded for the drain (enough for the pass-through to run for seconds).")
  int saturation;

  @Option(
      names = "--warmup",
      defaultValue = "150000",
      description =
          "Applications decided before anything is measured: enough for the JIT to finish the"
              + " scorer's hot path, so that the figures are those of a scorer that has run a while"
              + " (after 20,000 the compiler still took 65-104 us of CPU per decision during the"
              + " saturation phase, 20-26 us after 150,000: docs/BENCHMARKS.md, 1c).")
  int warmup;

  @Option(
      names = "--real-history",
      description =
          "Also publish the real child tables' history (48k clients: slower start; otherwise the"
              + " real applications are scored without history).")
  boolean realHistory;

  @Option(
      names = "--model-dir",
      description =
          "Publish this trained model (model.ubj, model-card.json) instead of training one.")
  Path modelDir;

  @Option(names = "--train-applications", defaultValue = "3000")
  int trainApplications;

  @Option(names = "--max-rounds", defaultValue = "100")
  int maxRounds;

  @Option(
      names = "--only",
      description = "Run only this topology: scorer or pass (the ratio then is not reported).")
  String only;

  @Option(
      names = "--streams-config",
      split = ",",
      description =
          "Extra Kafka Streams settings for both topologies alike, e.g."
              + " num.stream.threads=2 (reported in the output).")
  Map<String, String> streamsConfig = new java.util.TreeMap<>();

  /** Where a stream thread's time goes, first matching bucket wins (see {@link StackSampler}). */
  static final List<StackSampler.Bucket> PROFILE =
      List.of(
          // The table explainer computes the margin in the same pass as the contributions, so
          // since schema v2 this bucket holds the trees' margin as well.
          new StackSampler.Bucket(
              "treeshap",
              List.of(
                  "TreeEnsemble.contributions",
                  "TreeEnsemble.marginAndContributions",
                  "TreeEnsemble.score",
                  "ShapTables")),
          new StackSampler.Bucket("trees", List.of("TreeEnsemble")),
          new StackSampler.Bucket("hash", List.of("DecisionHash")),
          new StackSampler.Bucket("validate", List.of("ApplicationContract.check")),
          new StackSampler.Bucket("features", List.of("FeatureSet.vector", "AvroRow")),
          new StackSampler.Bucket("drift", List.of("DriftMonitor")),
          new StackSampler.Bucket("decide_other", List.of("DecisionMaker", "ReasonTexts")),
          new StackSampler.Bucket("serialize", List.of("Serializer.serialize", "DatumWriter")),
          new StackSampler.Bucket(
              "deserialize", List.of("Deserializer.deserialize", "DatumReader")),
          new StackSampler.Bucket("store", List.of("rocksdb", "RocksDB", "state.internals")),
          new StackSampler.Bucket(
              "commit",
              List.of(
                  "TransactionManager", "commitTransaction", "TaskExecutor.commit", "commitAll")),
          new StackSampler.Bucket("produce", List.of("KafkaProducer", "RecordCollector")),
          new StackSampler.Bucket("poll_or_idle", List.of("KafkaConsumer", "pollRequests")));

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Figures figures = Figures.started();
    streamsConfig.forEach((k, v) -> figures.put("config_" + k.replaceAll("[^a-z0-9]", "_"), v));
    Path realData = HomeCreditData.locate(data);
    try (BenchPlatform bench = BenchPlatform.start(dir.toAbsolutePath(), realData)) {
      bench.createTopics(Map.of());
      bench.trainAndPublish(trainApplications, maxRounds, realHistory, modelDir);
      figures.put("model_trees", bench.modelTrees());
      int needed = warmup + saturation + rates.stream().mapToInt(r -> r * seconds).sum();
      List<LoanApplication> applications = bench.applications(Math.min(needed, 20_000));
      figures.put("source", realData != null ? "application_test" : "generated");
      figures.put("rows_refused_by_contract", bench.refusedByContract());
      figures.putLoad("load_after_training");
      Map<String, Double> sat = new HashMap<>();
      for (String kind : List.of("pass", "scorer")) {
        if (only != null && !only.equals(kind)) {
          continue;
        }
        sat.put(kind, runKind(kind, bench, applications, figures));
      }
      if (sat.size() == 2) {
        figures.put("throughput_ratio", sat.get("scorer") / sat.get("pass"));
      }
    }
    System.out.println(figures.finished());
    return 0;
  }

  /** Runs saturation then every rate for one topology; returns its saturation rate. */
  private double runKind(
      String kind, BenchPlatform bench, List<LoanApplication> applications, Figures figures)
      throws Exception {
    Map<String, Object> values = bench.clientConfig();
    values.put(
        Topics.OVERRIDE_PREFIX + Topics.LOAN_APPLICATIONS, "bench-" + kind + "-applications");
    values.put(Topics.OVERRIDE_PREFIX + Topics.LOAN_DECISIONS, "bench-" + kind + "-decisions");
    values.put(ScorerSettings.APPLICATION_ID, "bench-" + kind);
    values.put(ScorerSettings.INSTANCE, "bench-" + kind);
    // Sealing is part of what a decision costs: a throw-away key, as only a benchmark may use.
    values.put(ScorerSettings.SEAL_DEV_GENERATE, "true");
    // The benchmark publishes its model unsigned (a release's signature is checked once, when the
    // release is read: it costs a decision nothing).
    values.put(ScorerSettings.RELEASE_ALLOW_UNSIGNED, "true");
    values.put("state.dir", bench.dir().resolve("streams-" + kind).toString());
    values.putAll(streamsConfig);
    ScorerSettings settings = ScorerSettings.of(values);
    bench.createTopics(settings.all());
    Topics topics = Topics.create(settings.all());
    Topic<String, LoanApplication> input = topics.loanApplications();
    int wantedReasons = kind.equals("scorer") ? settings.reasonsCount() : 0;
    Map<String, Object> producerConfig = new HashMap<>(settings.clientConfig());
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    java.util.function.Supplier<RunningTopology> create =
        () -> {
          try {
            return kind.equals("scorer")
                ? RunningTopology.scorer(settings)
                : RunningTopology.passThrough(settings);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        };
    try (DecisionCollector collector =
            new DecisionCollector(
                settings.clientConfig(),
                topics.loanDecisions(),
                TopicSpecs.JOINED_PARTITIONS,
                wantedReasons);
        KafkaProducer<String, LoanApplication> producer =
            new KafkaProducer<>(
                producerConfig, input.keySerde().serializer(), input.valueSerde().serializer())) {
      // Warm-up, not measured: the JIT, the producer's metadata and schema ids, and (scorer) the
      // client-features table loaded into the store. Then the streams stop so that the saturation
      // backlog is entirely in the log before they start again.
      try (RunningTopology warm = create.get()) {
        warm.start(Duration.ofMinutes(2));
        send(producer, input.name(), applications, "warm", warmup, 0);
        if (!collector.await("warm", warmup, Duration.ofMinutes(5))) {
          throw new IllegalStateException(
              kind
                  + ": warm-up not decided within 5 minutes ("
                  + collector.phase("warm").count()
                  + ")");
        }
      }
      int reasonless = collector.phase("warm").withoutFullReasons();
      send(producer, input.name(), applications, "sat", saturation, 0);
      try (RunningTopology topology = create.get()) {
        long started = System.currentTimeMillis();
        boolean drained;
        CpuMeter cpu = new CpuMeter("StreamThread").start();
        try (StackSampler sampler = new StackSampler("StreamThread", PROFILE, 5)) {
          topology.start(Duration.ofMinutes(2));
          drained = collector.await("sat", saturation, Duration.ofMinutes(5));
          cpu.stop();
          sampler.reportTo(figures, kind + "_sat_profile_");
          log.info("{}: unclassified samples, top frames: {}", kind, sampler.topOthers(8));
        }
        DecisionCollector.PhaseStats s = collector.phase("sat");
        double satRate = s.appendRate();
        figures.put(kind + "_sat_per_s", satRate);
        figures.put(kind + "_sat_drain_s", (s.lastAppend() - started) / 1000.0);
        if (!drained) {
          figures.put(kind + "_sat_decided", s.count());
        }
        figures.putLoad(kind + "_sat_load");
        // The serialized value as the consumer hands it over (before compression, after it).
        figures.put(kind + "_value_bytes", s.meanBytes());
        cpu.reportTo(figures, kind + "_sat_", s.count());
        reasonless += s.withoutFullReasons();
        for (int rate : rates) {
          String phase = "r" + rate;
          int count = rate * seconds;
          double offered = send(producer, input.name(), applications, phase, count, rate);
          boolean complete = collector.await(phase, count, Duration.ofSeconds(60));
          DecisionCollector.PhaseStats p = collector.phase(phase);
          String prefix = kind + "_" + phase + "_";
          figures.put(prefix + "offered_per_s", offered);
          figures.put(prefix + "decided_per_s", p.appendRate());
          if (!complete) {
            figures.put(prefix + "decided", p.count());
          }
          p.toAppend().reportTo(figures, prefix);
          figures.put(prefix + "recv_p99_ms", p.toReceive().percentile(99));
          figures.putLoad(prefix + "load");
          reasonless += p.withoutFullReasons();
        }
        if (kind.equals("scorer")) {
          figures.put("scorer_decisions_without_full_reasons", reasonless);
        }
        reportStoredBytes(kind, settings, topics, collector, figures);
        return satRate;
      }
    }
  }

  /**
   * The decisions topic's log segments (as the broker reports them) over every decision of the run
   * (warm-up, saturation, rates): what a decision costs the broker's disk, compression, seal and
   * transaction markers included. The scorer's is {@code decision_bytes}.
   */
  private void reportStoredBytes(
      String kind,
      ScorerSettings settings,
      Topics topics,
      DecisionCollector collector,
      Figures figures)
      throws InterruptedException {
    long decisions = collector.phase("warm").count() + collector.phase("sat").count();
    for (int rate : rates) {
      decisions += collector.phase("r" + rate).count();
    }
    long stored = StoredBytes.ofTopic(settings.clientConfig(), topics.loanDecisions().name());
    double perDecision = decisions == 0 ? 0 : (double) stored / decisions;
    figures.put(kind + "_stored_bytes", stored);
    figures.put(kind + "_stored_decisions", decisions);
    figures.put(kind.equals("scorer") ? "decision_bytes" : kind + "_decision_bytes", perDecision);
  }

  /**
   * Sends {@code count} applications (cycling through the list) with ids {@code phase-i}; at {@code
   * rate} a second on a fixed schedule (0: as fast as possible). Returns the rate achieved.
   */
  private static double send(
      KafkaProducer<String, LoanApplication> producer,
      String topic,
      List<LoanApplication> applications,
      String phase,
      int count,
      int rate) {
    long interval = rate > 0 ? 1_000_000_000L / rate : 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (interval > 0) {
        long wait = start + i * interval - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      // send() serializes at once, so the one record object can be reused for the next send.
      LoanApplication a = applications.get(i % applications.size());
      a.setApplicationId(phase + "-" + i);
      a.setSubmittedAt(Instant.now());
      producer.send(new ProducerRecord<>(topic, Long.toString(a.getSKIDCURR()), a));
    }
    producer.flush();
    double achieved = count * 1e9 / Math.max(1, System.nanoTime() - start);
    log.info("Sent {} applications of phase {} at {}/s", count, phase, Math.round(achieved));
    return achieved;
  }
}
