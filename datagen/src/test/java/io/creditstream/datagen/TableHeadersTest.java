package io.creditstream.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.testkit.HomeCreditData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TableHeadersTest {

  private static Path realFile(HomeCreditTable table) {
    Path dir = HomeCreditData.dir();
    return switch (table) {
      case APPLICATION_TRAIN -> dir.resolve("application_train.sample.csv.gz");
      case APPLICATION_TEST -> dir.resolve("application_test.csv.gz");
      default -> dir.resolve("child-tables").resolve(table.fileName());
    };
  }

  @Test
  void everyHardCodedHeaderIsExactlyTheRealFilesHeader() throws IOException {
    for (HomeCreditTable table : HomeCreditTable.values()) {
      // given the real Kaggle file of the table
      Path real = realFile(table);

      // when its header line is read
      var header = CsvTables.header(real);

      // then the committed header is the same list of names, in the same order
      assertThat(table.header()).as(table.kaggleName()).containsExactlyElementsOf(header);
    }
  }

  @Test
  void testTableIsTrainWithoutTarget() {
    // given the train header without TARGET
    var train = new java.util.ArrayList<>(HomeCreditTable.APPLICATION_TRAIN.header());
    train.remove("TARGET");

    // then it is the test header
    assertThat(HomeCreditTable.APPLICATION_TEST.header()).containsExactlyElementsOf(train);
  }
}
