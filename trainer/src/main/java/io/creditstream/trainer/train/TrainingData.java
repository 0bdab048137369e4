package io.creditstream.trainer.train;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
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
   * applicationOnly}, every history table found there.
   *
   * @throws IOException when the application file is absent or unreadable
   */
  public static TrainingData load(Path directory, boolean applicationOnly) throws IOException {
    FeatureSet features = FeatureSet.current();
    List<Problem> problems = new ArrayList<>();
    HistoryAggregator history = new HistoryAggregator(features.history());
    if (!applicationOnly) {
      for (HomeCreditTable table : HomeCreditTable.HISTORY) {
        Optional<Path> file = table.locate(directory);
        if (file.isEmpty()) {
          LOG.warn(
              "{}: not found in {}; its features will be missing", table.kaggleName(), directory);
          continue;
        }
        try (TableReader reader = TableReader.open(file.get(), table)) {
          reader.forEach(row -> history.accept(table, row), problems::add);
        }
      }
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
    int width = features.names().size();
    FloatBuffer values = new FloatBuffer(width * 1024);
    List<Integer> labelList = new ArrayList<>();
    List<Long> idList = new ArrayList<>();
    long[] withHistory = {0};
    long[] invalid = {0};
    String name = applications.getFileName().toString();
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
              LOG.warn("Skipped row: {}", p);
              problems.add(p);
              return;
            }
            List<String> issues = features.validate(row);
            if (!issues.isEmpty() && invalid[0]++ < 10) {
              LOG.info("{} client {}: {}", name, id, issues);
            }
            long client = ((Number) id).longValue();
            Map<String, Double> h = history.history(client);
            if (h != null) {
              withHistory[0]++;
            }
            double[] x = features.vector(row, h);
            for (double v : x) {
              values.add((float) v);
            }
            labelList.add(d.intValue());
            idList.add(client);
          },
          problems::add);
    }
    LOG.info(
        "{}: {} labelled rows, {} with history, {} with validation remarks (kept: they are real"
            + " past applications), {} problems",
        name,
        labelList.size(),
        withHistory[0],
        invalid[0],
        problems.size());
    return new TrainingData(
        values.toArray(),
        labelList.stream().mapToInt(Integer::intValue).toArray(),
        idList.stream().mapToLong(Long::longValue).toArray(),
        features.names(),
        problems);
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

  /** A growable float array, so that rows are never held as objects. */
  private static final class FloatBuffer {
    private float[] data;
    private int size;

    FloatBuffer(int capacity) {
      data = new float[capacity];
    }

    void add(float v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, Math.max(16, data.length + (data.length >> 1)));
      }
      data[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
