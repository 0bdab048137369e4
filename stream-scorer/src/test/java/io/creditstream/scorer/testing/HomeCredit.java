package io.creditstream.scorer.testing;

import io.creditstream.features.Row;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real Home Credit rows beside the project ({@code -Dhome-credit.dir}). */
public final class HomeCredit {
  private HomeCredit() {}

  /** The data directory; fails loudly (never skips) when it is not there. */
  public static Path dir() {
    String dir = System.getProperty("home-credit.dir");
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "System property home-credit.dir is not set: it must name the folder holding"
              + " application_train.sample.csv.gz (Surefire sets it to ../shared/data/home-credit)");
    }
    Path path = Path.of(dir);
    if (!Files.isRegularFile(path.resolve("application_train.sample.csv.gz"))) {
      throw new IllegalStateException(
          "No application_train.sample.csv.gz in " + path.toAbsolutePath() + " (home-credit.dir)");
    }
    return path;
  }

  /** The first {@code n} rows of application_train.sample.csv.gz. */
  public static List<Row> applicationTrain(int n) {
    List<Row> rows = new ArrayList<>(n);
    try (TableReader reader =
        TableReader.open(
            dir().resolve("application_train.sample.csv.gz"), HomeCreditTable.APPLICATION_TRAIN)) {
      class Stop extends RuntimeException {}
      try {
        reader.forEach(
            r -> {
              rows.add(r);
              if (rows.size() >= n) {
                throw new Stop();
              }
            },
            p -> {});
      } catch (Stop enough) {
        // read as many as asked
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
