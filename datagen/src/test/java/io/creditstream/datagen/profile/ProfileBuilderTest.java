package io.creditstream.datagen.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.datagen.profile.ColumnProfile.Kind;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.testkit.HomeCreditData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileBuilderTest {

  @Test
  void committedProfileIsTheBuildersOutputOnTheRealFiles() throws IOException {
    // given the real files
    Path dir = HomeCreditData.dir();

    // when the profile is rebuilt from them
    Profile rebuilt = ProfileBuilder.build(dir);

    // then it equals the committed resource, table by table and column by column
    Profile committed = Profile.load();
    assertThat(committed.quantileLevels()).isEqualTo(rebuilt.quantileLevels());
    assertThat(committed.tables().keySet()).containsExactlyElementsOf(rebuilt.tables().keySet());
    for (String table : rebuilt.tables().keySet()) {
      assertThat(committed.table(table)).as(table).isEqualTo(rebuilt.table(table));
    }
  }

  @Test
  void committedProfileDescribesEveryColumnOfEveryGeneratedTable() {
    Profile profile = Profile.load();
    for (HomeCreditTable table : HomeCreditTable.values()) {
      String source =
          table == HomeCreditTable.APPLICATION_TEST
              ? HomeCreditTable.APPLICATION_TRAIN.kaggleName()
              : table.kaggleName();
      assertThat(profile.table(source).columns().keySet())
          .as(table.kaggleName())
          .containsAll(table.header());
    }
    // a few facts of the real data the generator relies on
    ColumnProfile target = profile.table("application_train").column("TARGET");
    assertThat(target.values()).containsExactly(0.0, 1.0);
    assertThat(target.weights().get(1)).isBetween(0.07, 0.09);
    ColumnProfile employed = profile.table("application_train").column("DAYS_EMPLOYED");
    assertThat(employed.sentinel()).isEqualTo(365243.0);
    assertThat(employed.sentinelRate()).isBetween(0.1, 0.25);
    assertThat(employed.quantiles()).allMatch(q -> q <= 0);
  }

  @Test
  void profilesKindsMissingRatesQuantilesAndCategories() {
    // given a small column of each kind
    List<String> ints = List.of("1", "2", "", "3");
    List<String> categories = List.of("a", "b", "a", "", "a");

    // when they are profiled
    ColumnProfile i = ProfileBuilder.columnOf("N", ints);
    ColumnProfile c = ProfileBuilder.columnOf("C", categories);
    ColumnProfile id = ProfileBuilder.columnOf("SK_ID_CURR", List.of("100002"));

    // then kinds, missing rates and frequencies are right
    assertThat(i.kind()).isEqualTo(Kind.INT);
    assertThat(i.missing()).isEqualTo(0.25);
    assertThat(i.values()).containsExactly(1.0, 2.0, 3.0);
    assertThat(c.kind()).isEqualTo(Kind.CATEGORY);
    assertThat(c.categories()).containsExactly("a", "b");
    assertThat(c.weights()).containsExactly(0.75, 0.25);
    assertThat(id.kind()).isEqualTo(Kind.ID);
  }

  @Test
  void refusesAFileWhoseHeaderIsNotKaggles(@TempDir Path dir) throws IOException {
    // given a bureau_balance file with a renamed column
    Path file = dir.resolve("bureau_balance.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("SK_ID_BUREAU,MONTHS,STATUS\n5001,0,C\n".getBytes(StandardCharsets.UTF_8));
    }

    // then profiling it fails and names the file and both headers
    assertThatThrownBy(
            () -> ProfileBuilder.profileOf(file, HomeCreditTable.BUREAU_BALANCE.header()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("MONTHS_BALANCE")
        .hasMessageContaining("MONTHS,");
  }

  @Test
  void refusesADirectoryWithoutTheRealFiles(@TempDir Path dir) {
    assertThatThrownBy(() -> ProfileBuilder.build(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("application_train")
        .hasMessageContaining(dir.toString());
  }
}
