package io.creditstream.model.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same operations as {@link ScoringBenchmark}, timed in CPU time of the calling thread rather
 * than wall time: on a shared machine (other builds running) wall-clock JMH figures mostly measure
 * the queue for a core, while CPU time still measures the work. XGBoost runs with one thread, in
 * the calling thread, so its native work is counted too. Arguments: rounds (default 7), then the
 * model shapes (default: every shape of {@link ScoringBenchmark}). Output per shape: the model's
 * shape, tables and load time, then one line of name=value pairs (microseconds of CPU per row,
 * median of the rounds) ending with the table explainer's cost over XGBoost's batched predict.
 */
public final class ScoringCpuTime {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringCpuTime.class);

  private ScoringCpuTime() {}

  @FunctionalInterface
  private interface Op {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    String[] shapes =
        args.length > 1
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : new String[] {"50f-d5-130t", "150f-d4-500t", "430f-d6-200t"};
    for (String shape : shapes) {
      run(shape, rounds);
    }
  }

  private static void run(String shape, int rounds) throws Exception {
    ScoringBenchmark bench = new ScoringBenchmark();
    bench.shape = shape;
    bench.setUp();
    LOG.info("{}", bench.describe());
    Map<String, Op> ops = new LinkedHashMap<>();
    ops.put("xgboostOneRowPredict", bench::xgboostOneRowPredict);
    ops.put("xgboostBatchedPerRow", bench::xgboostBatchedPerRow);
    ops.put("xgboostOneRowContributions", bench::xgboostOneRowContributions);
    ops.put("xgboostBatchedContributionsPerRow", bench::xgboostBatchedContributionsPerRow);
    ops.put("oursOneRowProbability", bench::oursOneRowProbability);
    ops.put("oursOneRowScoreWithContributions", bench::oursOneRowScoreWithContributions);
    ops.put("oursOneRowScoreQuadrature", bench::oursOneRowScoreQuadrature);
    ops.put("oursOneRowScoreTable", bench::oursOneRowScoreTable);
    Map<String, Integer> rowsPerCall =
        Map.of("xgboostBatchedPerRow", 1000, "xgboostBatchedContributionsPerRow", 1000);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Double> medians = new LinkedHashMap<>();
    int sink = 0;
    for (Map.Entry<String, Op> op : ops.entrySet()) {
      int perCall = rowsPerCall.getOrDefault(op.getKey(), 1);
      int calls = Math.max(20, 2000 / perCall);
      double[] perRow = new double[rounds];
      for (int r = -2; r < rounds; r++) { // two warm-up rounds for the JIT
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          sink += op.getValue().run().hashCode() & 1;
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        if (r >= 0) {
          perRow[r] = cpu / 1e3 / calls / perCall;
        }
      }
      java.util.Arrays.sort(perRow);
      double median = perRow[rounds / 2];
      LOG.info(
          "{} {}: {} us of CPU per row (median of {} rounds)", shape, op.getKey(), median, rounds);
      medians.put(op.getKey(), median);
    }
    bench.tearDown();
    StringBuilder line = new StringBuilder("shape=" + shape + " ");
    medians.forEach(
        (name, median) ->
            line.append(name).append("_cpu_us=").append(String.format("%.2f", median)).append(' '));
    line.append(
        String.format(
            "tableOverXgboostBatched=%.2f",
            medians.get("oursOneRowScoreTable") / medians.get("xgboostBatchedPerRow")));
    LOG.info("(checksum {}) {}", sink, line.toString().trim());
  }
}
