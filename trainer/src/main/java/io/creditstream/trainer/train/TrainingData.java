package io.creditstream.trainer.train;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The labelled training rows: feature vectors (row-major float32, NaN = missing), labels and client
 * ids. Built by {@link #load} from a directory of Home Credit tables ({@link TrainingDataLoader}
 * reads them): the history tables that are present are streamed first into per-client aggregates,
 * then the labelled application file is streamed and each row turned into a vector by {@link
 * FeatureSet#vector}.
 */
public final class TrainingData {
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
                        "no labelled application file ("
                            + HomeCreditTable.APPLICATION_TRAIN.describeFiles()
                            + ") in "
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
    return TrainingDataLoader.load(applications, historyDirectory, historyPasses);
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
}
