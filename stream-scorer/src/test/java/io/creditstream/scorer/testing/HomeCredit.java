package io.creditstream.scorer.testing;

import io.creditstream.features.Row;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.testkit.HomeCreditData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real Home Credit rows beside the project ({@code -Dhome-credit.dir}). */
public final class HomeCredit {
  private HomeCredit() {}

  /** The data directory ({@link HomeCreditData#dir}: fails loudly, never skips). */
  public static Path dir() {
    return HomeCreditData.dir();
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
