package io.creditstream.model.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same five operations as {@link ScoringBenchmark}, timed in CPU time of the calling thread
 * rather than wall time: on a shared machine (other builds running) wall-clock JMH figures mostly
 * measure the queue for a core, while CPU time still measures the work. XGBoost runs with one
 * thread, in the calling thread, so its native work is counted too. Output: one line of name=value
 * pairs (microseconds of CPU per row, median of the rounds).
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
    ScoringBenchmark bench = new ScoringBenchmark();
    bench.setUp();
    Map<String, Op> ops = new LinkedHashMap<>();
    ops.put("xgboostOneRowPredict", bench::xgboostOneRowPredict);
    ops.put("xgboostBatchedPerRow", bench::xgboostBatchedPerRow);
    ops.put("xgboostOneRowContributions", bench::xgboostOneRowContributions);
    ops.put("oursOneRowProbability", bench::oursOneRowProbability);
    ops.put("oursOneRowScoreWithContributions", bench::oursOneRowScoreWithContributions);
    Map<String, Integer> rowsPerCall = Map.of("xgboostBatchedPerRow", 1000);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    StringBuilder line = new StringBuilder();
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
      LOG.info("{}: {} us of CPU per row (median of {} rounds)", op.getKey(), median, rounds);
      line.append(op.getKey()).append("_cpu_us=").append(String.format("%.2f", median)).append(' ');
    }
    bench.tearDown();
    LOG.info("(checksum {}) {}", sink, line.toString().trim());
  }
}
