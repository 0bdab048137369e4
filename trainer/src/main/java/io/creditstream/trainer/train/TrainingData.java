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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labelled training rows: feature vectors (row-major float32, NaN = missing), labels and client
 * ids. Built by {@link #load} from a directory of Home Credit tables: the history tables that are
 * present are streamed first into per-client aggregates, then the labelled application file is
 * streamed and each row turned into a vector by {@link FeatureSet#vector}.
 */
public final class TrainingData {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

  private final float[] matrix;
  private final int[] labels;
  private final long[] ids;
  private final List<String> featureNames;
  private final List<Problem> problems;

  public TrainingData(
      float[] matrix, int[] labels, long[] ids, List<String> featureNames, List<Problem> problems) {
    if ((long) labels.length * featureNames.size() != matrix.length
        || ids.length != labels.length) {
      throw new IllegalArgumentException("matrix, labels and ids do not have matching sizes");
    }
    this.matrix = matrix;
    this.labels = labels;
    this.ids = ids;
    this.featureNames = List.copyOf(featureNames);
    this.problems = List.copyOf(problems);
  }

  /**
   * Reads {@code directory}: the labelled application file ({@code application_train[.sample]} or
   * {@code application}, label {@code TARGET} or {@code DEFAULTED}) and, unless {@code
   * applicationOnly}, every history table found there, in one pass over the history.
   *
   * @throws IOException when the application file is absent or unreadable
   */
  public static TrainingData load(Path directory, boolean applicationOnly) throws IOException {
    return load(directory, applicationOnly, 1);
  }

  /**
   * As {@link #load(Path, boolean)}, reading the history tables {@code historyPasses} times, each
   * pass for a range of 1/{@code historyPasses} of the clients: memory then holds the matrix plus
   * the aggregates of one range, at the cost of reading the history that many times. The result is
   * the same whatever the number of passes.
   */
  public static TrainingData load(Path directory, boolean applicationOnly, int historyPasses)
      throws IOException {
    if (historyPasses < 1) {
      throw new IllegalArgumentException("history passes must be at least 1: " + historyPasses);
    }
    Path applications =
        HomeCreditTable.APPLICATION_TRAIN
            .locate(directory)
            .orElseThrow(
                () ->
                    new IOException(
                        "no labelled application file (application_train.csv[.gz],"
                            + " application_train.sample.csv.gz or application.csv[.gz]) in "
                            + directory));
    return load(applications, applicationOnly ? null : directory, historyPasses);
  }

  /**
   * Reads one labelled application file ({@code .csv} or {@code .csv.gz}, label {@code TARGET} or
   * {@code DEFAULTED}) with the history tables found in {@code historyDirectory} (null: none, the
   * history features are then missing, as for a client without history).
   *
   * @throws IOException when the file is unreadable or lacks an id, the label or a column every
   *     application must carry
   */
  public static TrainingData load(Path applications, Path historyDirectory, int historyPasses)
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

  public float[] matrix() {
    return matrix;
  }

  public int[] labels() {
    return labels;
  }

  public long[] ids() {
    return ids;
  }

  public List<String> featureNames() {
    return featureNames;
  }

  public List<Problem> problems() {
    return problems;
  }

  public int rows() {
    return labels.length;
  }

  public int columns() {
    return featureNames.size();
  }

  public long positives() {
    return Arrays.stream(labels).filter(l -> l == 1).count();
  }

  /** Copies row {@code i} into {@code out} (length {@link #columns()}). */
  public void row(int i, double[] out) {
    int width = columns();
    for (int j = 0; j < width; j++) {
      out[j] = matrix[i * width + j];
    }
  }

  /**
   * Sets the columns where {@code mask} is true to missing (NaN), in place, and returns their
   * values for {@link #restore}: the trainer hides the protected features while the model learns (a
   * copy of the matrix would double the largest array at Kaggle's size) and gives the data back as
   * it found it.
   */
  public float[] setMissing(boolean[] mask) {
    int width = columns();
    if (mask.length != width) {
      throw new IllegalArgumentException(mask.length + " mask entries for " + width + " columns");
    }
    float[] saved = new float[rows() * count(mask)];
    int k = 0;
    for (int j = 0; j < width; j++) {
      if (mask[j]) {
        for (int i = 0; i < rows(); i++) {
          saved[k++] = matrix[i * width + j];
          matrix[i * width + j] = Float.NaN;
        }
      }
    }
    return saved;
  }

  /** Puts back the values {@link #setMissing} returned for the same mask. */
  public void restore(boolean[] mask, float[] saved) {
    int width = columns();
    int k = 0;
    for (int j = 0; j < width; j++) {
      if (mask[j]) {
        for (int i = 0; i < rows(); i++) {
          matrix[i * width + j] = saved[k++];
        }
      }
    }
  }

  private static int count(boolean[] mask) {
    int n = 0;
    for (boolean b : mask) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** One feature's values over all rows (NaN = missing). */
  public double[] column(int j) {
    int width = columns();
    return IntStream.range(0, rows()).mapToDouble(i -> matrix[i * width + j]).toArray();
  }

  /**
   * SHA-256 of the sorted "id,label" lines: the same rows with the same labels give the same
   * fingerprint whatever their order.
   */
  public String fingerprint() {
    Integer[] order = IntStream.range(0, rows()).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (int i : order) {
        digest.update((ids[i] + "," + labels[i] + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return "sha256:" + HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
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
