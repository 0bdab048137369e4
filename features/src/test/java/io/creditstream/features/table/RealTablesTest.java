package io.creditstream.features.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.features.history.HistoryAggregator;
import io.creditstream.testkit.HomeCreditData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real Home Credit file beside the project is read without losing a row or a cell. */
class RealTablesTest {
  static Path data;

  @BeforeAll
  static void findData() {
    data = dataDir();
  }

  static Path dataDir() {
    return HomeCreditData.dir();
  }

  record TableFile(HomeCreditTable table, Path file) {
    @Override
    public String toString() {
      return data.relativize(file).toString();
    }
  }

  static List<TableFile> files() throws IOException {
    Path root = dataDir();
    data = root;
    List<TableFile> files = new ArrayList<>();
    for (Path dir :
        List.of(root, root.resolve("child-tables"), root.resolve("linked-sample-1000"))) {
      try (Stream<Path> list = Files.list(dir)) {
        for (Path f : list.sorted().toList()) {
          for (HomeCreditTable t : HomeCreditTable.values()) {
            if (t.matches(f.getFileName().toString())) {
              files.add(new TableFile(t, f));
            }
          }
        }
      }
    }
    // 2 application files, 6 child tables, 7 linked-sample files
    assertThat(files).hasSize(15);
    return files;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void readsEveryRowAndEveryNonEmptyCell(TableFile tf) throws IOException {
    // given an independent count of data lines and non-empty cells
    long expectedRows = 0;
    long expectedCells = 0;
    try (CSVParser raw =
        CSVParser.parse(
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(tf.file())), StandardCharsets.UTF_8)),
            CSVFormat.DEFAULT)) {
      boolean header = true;
      for (CSVRecord r : raw) {
        if (header) {
          header = false;
          continue;
        }
        expectedRows++;
        for (String cell : r) {
          if (!cell.isEmpty()) {
            expectedCells++;
          }
        }
      }
    }

    // when read through the table reader, also feeding the feature code
    List<Problem> problems = new ArrayList<>();
    HistoryAggregator history = new HistoryAggregator();
    boolean application =
        tf.table() == HomeCreditTable.APPLICATION_TRAIN
            || tf.table() == HomeCreditTable.APPLICATION_TEST;
    long[] checked = {0};
    try (TableReader reader = TableReader.open(tf.file(), tf.table())) {
      reader.forEach(
          (Row row) -> {
            if (application) {
              double[] x = FeatureSet.current().vector(row, null);
              assertThat(x).hasSize(FeatureSet.current().names().size());
            } else if (tf.table() != HomeCreditTable.BUREAU_BALANCE) {
              history.accept(tf.table(), row);
            }
            checked[0]++;
          },
          problems::add);

      // then nothing is lost and nothing is malformed
      assertThat(problems).isEmpty();
      assertThat(reader.rows()).isEqualTo(expectedRows).isEqualTo(checked[0]).isPositive();
      assertThat(reader.nonEmptyCells()).isEqualTo(expectedCells);
      for (String column : reader.header()) {
        assertThat(column).as("header of " + tf).matches("[A-Z0-9_]+");
      }
    }
  }
}
