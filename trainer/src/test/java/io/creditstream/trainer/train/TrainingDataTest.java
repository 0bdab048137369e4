package io.creditstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.features.history.HistoryAggregator;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.testkit.HomeCreditData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading with history, on the real linked sample (the only set whose history links). */
class TrainingDataTest {
  private static final int APPLICATIONS = 400;

  @TempDir Path dir;

  @Test
  void skipsOtherClientsHistoryWithoutChangingAnyVector() throws IOException {
    // given the first 400 of the 1,000 linked applications and the history of all 1,000
    Path linked = linkedSample();
    writeHead(linked.resolve("application.csv.gz"), dir.resolve("application.csv"));
    for (HomeCreditTable table : HomeCreditTable.HISTORY) {
      Path file = table.locate(linked).orElseThrow();
      Files.copy(file, dir.resolve(file.getFileName()));
    }

    // when the training data is loaded (history of the other 600 clients skipped)
    TrainingData data = TrainingData.load(dir, false);

    // then every row is the vector of its application and its full history, as computed from all
    // history rows without any filter
    FeatureSet features = FeatureSet.current();
    HistoryAggregator all = new HistoryAggregator(features.history());
    for (HomeCreditTable table : HomeCreditTable.HISTORY) {
      try (TableReader reader = TableReader.open(table.locate(linked).orElseThrow(), table)) {
        reader.forEach(row -> all.accept(table, row), problem -> {});
      }
    }
    List<Row> applications = new ArrayList<>();
    try (TableReader reader =
        TableReader.open(dir.resolve("application.csv"), HomeCreditTable.APPLICATION_TRAIN)) {
      reader.forEach(applications::add, problem -> {});
    }
    assertThat(data.rows()).isEqualTo(APPLICATIONS);
    assertThat(data.problems()).isEmpty();
    int width = data.columns();
    long withHistory = 0;
    for (int i = 0; i < APPLICATIONS; i++) {
      long client = ((Number) applications.get(i).get("SK_ID_CURR")).longValue();
      assertThat(data.ids()[i]).isEqualTo(client);
      double[] expected = features.vector(applications.get(i), all.history(client));
      float[] expectedFloats = new float[width];
      for (int j = 0; j < width; j++) {
        expectedFloats[j] = (float) expected[j];
      }
      float[] actual = new float[width];
      System.arraycopy(data.matrix(), i * width, actual, 0, width);
      assertThat(actual).as("client %d", client).containsExactly(expectedFloats);
      withHistory += all.history(client) == null ? 0 : 1;
    }
    // and the comparison is not vacuous: most of these clients have a history
    assertThat(withHistory).isGreaterThan(APPLICATIONS / 2);
  }

  @Test
  void givesTheSameDataWhateverTheNumberOfHistoryPasses() throws IOException {
    // given the first 400 linked applications and the history of all 1,000
    Path linked = linkedSample();
    writeHead(linked.resolve("application.csv.gz"), dir.resolve("application.csv"));
    for (HomeCreditTable table : HomeCreditTable.HISTORY) {
      Path file = table.locate(linked).orElseThrow();
      Files.copy(file, dir.resolve(file.getFileName()));
    }

    // when it is loaded in one pass over the history and in three (a third of the clients each)
    TrainingData one = TrainingData.load(dir, false, 1);
    TrainingData three = TrainingData.load(dir, false, 3);

    // then matrix, labels, ids and problems are the same
    assertThat(three.matrix()).containsExactly(one.matrix());
    assertThat(three.labels()).containsExactly(one.labels());
    assertThat(three.ids()).containsExactly(one.ids());
    assertThat(three.problems()).isEqualTo(one.problems());
    assertThat(three.fingerprint()).isEqualTo(one.fingerprint());
  }

  private static Path linkedSample() {
    return HomeCreditData.file("linked-sample-1000");
  }

  @Test
  void leavesOutTheRowsTheApplicationContractRefuses() throws IOException {
    // given the 400 applications, one of them made impossible: a client aged 109
    Path linked = linkedSample();
    writeHead(linked.resolve("application.csv.gz"), dir.resolve("head.csv"));
    List<CSVRecord> rows;
    try (CSVParser parser =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .get()
            .parse(Files.newBufferedReader(dir.resolve("head.csv")))) {
      rows = parser.getRecords();
      try (CSVPrinter out =
          CSVFormat.DEFAULT
              .builder()
              .setHeader(parser.getHeaderNames().toArray(String[]::new))
              .get()
              .print(dir.resolve("application.csv"), StandardCharsets.UTF_8)) {
        for (int i = 0; i < rows.size(); i++) {
          List<String> cells = new ArrayList<>(rows.get(i).toList());
          if (i == 6) {
            cells.set(parser.getHeaderNames().indexOf("DAYS_BIRTH"), "-39812"); // 109 years old
          }
          out.printRecord(cells);
        }
      }
    }
    long refusedClient = Long.parseLong(rows.get(6).get("SK_ID_CURR"));
    long next = Long.parseLong(rows.get(7).get("SK_ID_CURR"));

    // when the training data is loaded without history
    TrainingData data = TrainingData.load(dir, true);

    // then that row alone is left out, and the others keep their order
    assertThat(data.rows()).isEqualTo(APPLICATIONS - 1);
    assertThat(data.ids()).doesNotContain(refusedClient).hasSize(APPLICATIONS - 1);
    assertThat(data.ids()[6]).isEqualTo(next);
  }

  private static void writeHead(Path gzip, Path target) throws IOException {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(gzip)), StandardCharsets.UTF_8));
        OutputStream out = Files.newOutputStream(target)) {
      for (int i = 0; i <= APPLICATIONS; i++) {
        out.write((in.readLine() + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
