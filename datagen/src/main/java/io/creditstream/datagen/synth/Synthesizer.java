package io.creditstream.datagen.synth;

import io.creditstream.datagen.GeneratedTables;
import io.creditstream.datagen.profile.Profile;
import io.creditstream.datagen.profile.TableProfile;
import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes all eight tables for {@code applications} clients into a directory, streaming one client
 * at a time. Input: a {@link Profile}, a seed, the share of test applications. Output: {@code
 * <kaggle name>.csv.gz} files and their row counts.
 *
 * <p>Each client draws from its own random stream, derived from the seed and the client's index, so
 * a client's rows do not depend on how many clients came before it or on the run's size.
 */
public final class Synthesizer {

  private static final Logger LOG = LoggerFactory.getLogger(Synthesizer.class);

  /** Kaggle's first SK_ID_CURR is 100001 (application_test) and 100002 (application_train). */
  static final long FIRST_CLIENT_ID = 100_001;

  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  private final Profile profile;

  public Synthesizer(Profile profile) {
    this.profile = profile;
  }

  /** Generates the tables; see the class comment. */
  public GeneratedTables generate(Path outDir, long applications, long seed, double testFraction)
      throws IOException {
    Files.createDirectories(outDir);
    double targetRate = targetRate(profile);
    RiskModel risk = new RiskModel(targetRate);
    List<TableWriter> writers = new ArrayList<>();
    Map<HomeCreditTable, Path> files = new EnumMap<>(HomeCreditTable.class);
    long start = System.nanoTime();
    try {
      for (HomeCreditTable table : HomeCreditTable.values()) {
        Path file = outDir.resolve(table.fileName());
        TableProfile tp =
            profile.table(
                table == HomeCreditTable.APPLICATION_TEST
                    ? HomeCreditTable.APPLICATION_TRAIN.kaggleName()
                    : table.kaggleName());
        writers.add(new TableWriter(file, table, tp, TableWriter.defaultGzipLevel()));
        files.put(table, file);
      }
      ClientSimulator simulator = new ClientSimulator(profile, risk, testFraction, writers);
      long lastLog = start;
      for (long i = 0; i < applications; i++) {
        simulator.client(FIRST_CLIENT_ID + i, new SplittableRandom(clientSeed(seed, i)));
        long now = System.nanoTime();
        if (now - lastLog > PROGRESS_EVERY_NANOS) {
          lastLog = now;
          LOG.info(
              "generated {} of {} applications ({} rows/s)",
              i + 1,
              applications,
              Math.round(totalRows(writers) / ((now - start) / 1e9)));
        }
      }
      Map<HomeCreditTable, Long> rows = new EnumMap<>(HomeCreditTable.class);
      for (TableWriter w : writers) {
        w.close();
        rows.put(w.table(), w.rows());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info(
          "wrote {} applications and {} rows in {} s into {} (default rate {})",
          applications,
          totalRows(writers),
          String.format("%.1f", seconds),
          outDir,
          String.format("%.4f", (double) simulator.defaults() / Math.max(1, simulator.labelled())));
      return new GeneratedTables(outDir, files, rows, simulator.defaults());
    } finally {
      for (TableWriter w : writers) {
        try {
          w.close();
        } catch (IOException e) {
          LOG.warn("could not close {}: {}", w.file(), e.getMessage());
        }
      }
    }
  }

  private static long totalRows(List<TableWriter> writers) {
    return writers.stream().mapToLong(TableWriter::rows).sum();
  }

  /** The real default rate: the share of TARGET = 1 in the profiled application_train rows. */
  static double targetRate(Profile profile) {
    var target = profile.table(HomeCreditTable.APPLICATION_TRAIN.kaggleName()).column("TARGET");
    if (target.values() == null || !target.values().contains(1.0)) {
      throw new IllegalStateException("the profile has no TARGET frequencies");
    }
    return target.weights().get(target.values().indexOf(1.0));
  }

  /** SplitMix64's finaliser over seed and index: independent streams per client. */
  static long clientSeed(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
