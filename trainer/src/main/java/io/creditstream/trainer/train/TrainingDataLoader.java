package io.creditstream.trainer.train;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.Violation;
import io.creditstream.features.history.HistoryAggregator;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.Problem;
import io.creditstream.features.table.TableReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a labelled application file and the history tables beside it into {@link TrainingData}: a
 * first pass for the client ids, then per range of clients one pass over the history tables into
 * aggregates and one over the application file into the matrix. Apart from {@link TrainingData}
 * because reading (streaming, memory bounds, the contract's refusals, problem reports) changes for
 * other reasons than the matrix the trainer works on.
 */
final class TrainingDataLoader {
  // Under TrainingData's name: the loader's log lines have always been filed there.
  private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

  private TrainingDataLoader() {}

  /** As {@link TrainingData#load(Path, Path, int)}, which documents it. */
  static TrainingData load(Path applications, Path historyDirectory, int historyPasses)
      throws IOException {
    if (historyPasses < 1) {
      throw new IllegalArgumentException("history passes must be at least 1: " + historyPasses);
    }
    boolean applicationOnly = historyDirectory == null;
    Path directory = historyDirectory;
    FeatureSet features = FeatureSet.current();
    checkColumns(applications, features);
    List<Problem> problems = new ArrayList<>();
    String name = applications.getFileName().toString();
    // A first pass over the (small) application file gives its clients and its row count: the
    // history of other clients (Kaggle's application_test, 14% of the history rows) is skipped
    // instead of held, the clients can be split into ranges, and the matrix is allocated once at
    // its size instead of grown and copied. The peak at Kaggle's size is in docs/BENCHMARKS.md,
    // "Streaming with history".
    LOG.info("{}: first pass, for the client ids and the row count", name);
    long[] clients = clientIds(applications);
    Arrays.sort(clients);
    int width = features.names().size();
    if ((long) clients.length * width > Integer.MAX_VALUE - 8) {
      throw new IOException(
          clients.length + " rows of " + width + " features do not fit in one Java array");
    }
    float[] matrix = new float[clients.length * width];
    int[] labels = new int[clients.length];
    long[] ids = new long[clients.length];
    // Rows the application contract refuses could never be scored: they are left out of training.
    boolean[] refused = new boolean[clients.length];
    int rows = 0;
    long withHistory = 0;
    long invalid = 0;
    int passes = applicationOnly ? 1 : Math.min(historyPasses, Math.max(1, clients.length));
    for (int pass = 0; pass < passes; pass++) {
      // Clients in [from, to): ranges of equal size over the sorted ids.
      long from = pass == 0 ? Long.MIN_VALUE : clients[rangeStart(clients, pass, passes)];
      long to =
          pass == passes - 1 ? Long.MAX_VALUE : clients[rangeStart(clients, pass + 1, passes)];
      // Every pass sees the same malformed rows: the first one reports them.
      Consumer<Problem> report = pass == 0 ? problems::add : problem -> {};
      if (passes > 1) {
        int first = rangeStart(clients, pass, passes);
        int end = rangeStart(clients, pass + 1, passes);
        LOG.info(
            "history pass {}/{}: {} clients, ids {} to {}",
            pass + 1,
            passes,
            end - first,
            clients[first],
            clients[Math.max(first, end - 1)]);
      }
      HistoryAggregator history =
          applicationOnly
              ? new HistoryAggregator(features.history())
              : aggregate(directory, name, clients, from, to, passes > 1, features, report);
      Pass result =
          applicationPass(
              applications,
              features,
              history,
              from,
              to,
              matrix,
              labels,
              ids,
              refused,
              report,
              pass == 0);
      rows = result.rows();
      withHistory += result.withHistory();
      invalid += result.invalid();
    }
    LOG.info(
        "{}: {} labelled rows, {} with history, {} refused by the application contract (left"
            + " out), {} problems",
        name,
        rows,
        withHistory,
        invalid,
        problems.size());
    if (invalid == 0 && rows == clients.length) {
      return new TrainingData(matrix, labels, ids, features.names(), problems);
    }
    // Rows without an id or a label were skipped, refused rows are left out: only then are the
    // arrays copied, shorter.
    int kept = 0;
    for (int i = 0; i < rows; i++) {
      if (refused[i]) {
        continue;
      }
      if (kept != i) {
        System.arraycopy(matrix, i * width, matrix, kept * width, width);
        labels[kept] = labels[i];
        ids[kept] = ids[i];
      }
      kept++;
    }
    return new TrainingData(
        Arrays.copyOf(matrix, kept * width),
        Arrays.copyOf(labels, kept),
        Arrays.copyOf(ids, kept),
        features.names(),
        problems);
  }

  /**
   * Refuses, before any row is read, a file that is not a labelled Home Credit application file:
   * every missing column is named (SK_ID_CURR, TARGET or DEFAULTED, the columns the application
   * contract requires).
   */
  static void checkColumns(Path applications, FeatureSet features) throws IOException {
    if (!java.nio.file.Files.isRegularFile(applications)) {
      throw new IOException(applications + " does not exist");
    }
    List<String> header;
    try (TableReader reader = TableReader.open(applications, HomeCreditTable.APPLICATION_TRAIN)) {
      header = reader.header();
    }
    List<String> missing = new ArrayList<>();
    if (!header.contains("TARGET") && !header.contains("DEFAULTED")) {
      missing.add("TARGET");
    }
    for (String column : features.requiredColumns()) {
      if (!header.contains(column)) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException(
          applications.getFileName()
              + " is not a labelled Home Credit application file: it lacks the column"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + " (its header has "
              + header.size()
              + " columns, starting "
              + String.join(",", header.subList(0, Math.min(5, header.size())))
              + ")");
    }
  }

  private static int rangeStart(long[] sortedClients, int range, int ranges) {
    return (int) ((long) range * sortedClients.length / ranges);
  }

  /** Streams every history table present into aggregates of the clients in [from, to). */
  private static HistoryAggregator aggregate(
      Path directory,
      String applicationFile,
      long[] sortedClients,
      long from,
      long to,
      boolean oneOfSeveralPasses,
      FeatureSet features,
      Consumer<Problem> problems)
      throws IOException {
    HistoryAggregator history = new HistoryAggregator(features.history());
    for (HomeCreditTable table : HomeCreditTable.HISTORY) {
      Optional<Path> file = table.locate(directory);
      if (file.isEmpty()) {
        LOG.warn(
            "{}: not found in {}; its features will be missing", table.kaggleName(), directory);
        continue;
      }
      long[] skipped = {0};
      try (TableReader reader = TableReader.open(file.get(), table)) {
        reader.forEach(
            row -> {
              // bureau_balance has no client id; its credits are joined to bureau rows.
              if (table == HomeCreditTable.BUREAU_BALANCE
                  || isClient(sortedClients, from, to, row)) {
                history.accept(table, row);
              } else {
                skipped[0]++;
              }
            },
            problems);
      }
      if (skipped[0] > 0) {
        LOG.info(
            "{}: {} rows of clients not in {}{} skipped",
            table.kaggleName(),
            skipped[0],
            applicationFile,
            oneOfSeveralPasses ? " or not in this pass" : "");
      }
    }
    return history;
  }

  private record Pass(int rows, long withHistory, long invalid) {}

  /**
   * Streams the application file and writes the row of every client in [from, to) at its index
   * among the file's labelled rows.
   */
  private static Pass applicationPass(
      Path applications,
      FeatureSet features,
      HistoryAggregator history,
      long from,
      long to,
      float[] matrix,
      int[] labels,
      long[] ids,
      boolean[] refused,
      Consumer<Problem> problems,
      boolean logSkipped)
      throws IOException {
    String name = applications.getFileName().toString();
    int width = features.names().size();
    ApplicationContract contract = ApplicationContract.current();
    int[] index = {0};
    long[] withHistory = {0};
    long[] invalid = {0};
    try (TableReader reader = TableReader.open(applications, HomeCreditTable.APPLICATION_TRAIN)) {
      String labelColumn = reader.header().contains("TARGET") ? "TARGET" : "DEFAULTED";
      if (!reader.header().contains(labelColumn)) {
        throw new IOException(name + ": no label column (TARGET or DEFAULTED)");
      }
      reader.forEach(
          (Row row) -> {
            Object label = row.get(labelColumn);
            Object id = row.get("SK_ID_CURR");
            if (id == null
                || !(label instanceof Double d)
                || (d.doubleValue() != 0.0 && d.doubleValue() != 1.0)) {
              Problem p =
                  new Problem(
                      name,
                      reader.rows() + reader.malformed() + 1,
                      id == null ? "SK_ID_CURR" : labelColumn,
                      String.valueOf(id == null ? null : label),
                      "a training row needs a client id and a label of 0 or 1");
              if (logSkipped) {
                LOG.warn("Skipped row: {}", p);
              }
              problems.accept(p);
              return;
            }
            if (index[0] == labels.length) {
              throw new IllegalStateException(name + " has changed since its first pass");
            }
            int i = index[0]++;
            long client = ((Number) id).longValue();
            if (client < from || client >= to) {
              return;
            }
            List<Violation> issues = contract.checkColumns(row);
            if (!issues.isEmpty()) {
              if (invalid[0]++ < 10) {
                LOG.warn("{} client {} left out of training: {}", name, id, issues);
              }
              refused[i] = true;
              ids[i] = client;
              return;
            }
            Map<String, Double> h = history.history(client);
            if (h != null) {
              withHistory[0]++;
            }
            double[] x = features.vector(row, h);
            for (int j = 0; j < width; j++) {
              matrix[i * width + j] = (float) x[j];
            }
            labels[i] = d.intValue();
            ids[i] = client;
          },
          problems);
    }
    return new Pass(index[0], withHistory[0], invalid[0]);
  }

  /**
   * The SK_ID_CURR of the application file's valid rows that have one (duplicates kept, so that the
   * length bounds the rows of the matrix).
   */
  private static long[] clientIds(Path applications) throws IOException {
    long[][] ids = {new long[1 << 16]};
    int[] n = {0};
    try (TableReader reader = TableReader.open(applications, HomeCreditTable.APPLICATION_TRAIN)) {
      // Malformed rows are reported by the second pass, which also keeps them out of the matrix.
      reader.forEach(
          row -> {
            if (row.get("SK_ID_CURR") instanceof Number id) {
              if (n[0] == ids[0].length) {
                ids[0] = Arrays.copyOf(ids[0], n[0] * 2);
              }
              ids[0][n[0]++] = id.longValue();
            }
          },
          problem -> {});
    }
    return Arrays.copyOf(ids[0], n[0]);
  }

  private static boolean isClient(long[] sortedClients, long from, long to, Row row) {
    if (!(row.get("SK_ID_CURR") instanceof Number id)) {
      return false;
    }
    long client = id.longValue();
    return client >= from && client < to && Arrays.binarySearch(sortedClients, client) >= 0;
  }
}
