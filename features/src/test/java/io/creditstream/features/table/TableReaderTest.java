package io.creditstream.features.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
  @TempDir Path dir;

  private List<Row> rows = new ArrayList<>();
  private List<Problem> problems = new ArrayList<>();

  private TableReader read(Path file, HomeCreditTable table) throws IOException {
    TableReader reader = TableReader.open(file, table);
    reader.forEach(rows::add, problems::add);
    reader.close();
    return reader;
  }

  @Test
  void reportsAMalformedRowWithFileLineColumnAndValue() throws IOException {
    Path file = dir.resolve("installments_payments.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            "SK_ID_PREV,SK_ID_CURR,DAYS_INSTALMENT,AMT_PAYMENT",
            "1,100,-10.0,500.5", // fine
            "2,101,-11.0,12,5", // one field too many (a decimal comma)
            "3,102,-12.0,abc", // not a number
            "4,103,,7e2", // fine, one empty cell
            ""));

    TableReader reader = read(file, HomeCreditTable.INSTALLMENTS_PAYMENTS);

    assertThat(reader.rows()).isEqualTo(2);
    assertThat(reader.malformed()).isEqualTo(2);
    assertThat(problems)
        .containsExactly(
            new Problem("installments_payments.csv", 3, null, null, "expected 4 fields, found 5"),
            new Problem("installments_payments.csv", 4, "AMT_PAYMENT", "abc", "not a number"));
    assertThat(problems.get(1).toString())
        .isEqualTo("installments_payments.csv:4 column AMT_PAYMENT value 'abc': not a number");
    assertThat(rows.get(0).get("SK_ID_CURR")).isEqualTo(100L);
    assertThat(rows.get(0).get("AMT_PAYMENT")).isEqualTo(500.5);
    assertThat(rows.get(1).get("DAYS_INSTALMENT")).isNull();
    assertThat(rows.get(1).get("AMT_PAYMENT")).isEqualTo(700.0);
    assertThat(reader.nonEmptyCells()).isEqualTo(7);
  }

  @Test
  void stopsReadingAfterTheRowThatAnswersFalse() throws IOException {
    Path file = dir.resolve("bureau_balance.csv");
    Files.writeString(file, "SK_ID_BUREAU,MONTHS_BALANCE,STATUS\n1,0,C\n1,-1,0\n1,-2,X\n1,-3,1\n");
    List<Object> seen = new ArrayList<>();

    try (TableReader reader = TableReader.open(file, HomeCreditTable.BUREAU_BALANCE)) {
      // when the consumer answers false at the second row
      reader.forEachWhile(
          row -> {
            seen.add(row.get("MONTHS_BALANCE"));
            return seen.size() < 2;
          },
          problem -> {});

      // then the third and fourth rows are never read
      assertThat(seen).containsExactly(0.0, -1.0);
      assertThat(reader.rows()).isEqualTo(2);
    }
  }

  @Test
  void refusesJavaOnlyNumberSpellingsAndBadIds() throws IOException {
    Path file = dir.resolve("bureau.csv");
    Files.writeString(
        file,
        "SK_ID_CURR,SK_ID_BUREAU,CREDIT_ACTIVE,AMT_CREDIT_SUM\n"
            + "1,10,Active,NaN\n" // NaN is not a Kaggle number
            + "1,11,Active,1d\n" // nor is a Java double suffix
            + "1.5,12,Closed,3\n" // nor a fractional id
            + "1,13,\"Closed, really\",Infinity\n");

    TableReader reader = read(file, HomeCreditTable.BUREAU);

    assertThat(reader.rows()).isZero();
    assertThat(problems)
        .extracting(Problem::line, Problem::column, Problem::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "AMT_CREDIT_SUM", "NaN"),
            org.assertj.core.groups.Tuple.tuple(3L, "AMT_CREDIT_SUM", "1d"),
            org.assertj.core.groups.Tuple.tuple(4L, "SK_ID_CURR", "1.5"),
            org.assertj.core.groups.Tuple.tuple(5L, "AMT_CREDIT_SUM", "Infinity"));
  }

  @Test
  void readsGzipWithAByteOrderMarkAndQuotedText() throws IOException {
    Path file = dir.resolve("pos_cash_balance.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(
          "\uFEFFSK_ID_PREV,SK_ID_CURR,NAME_CONTRACT_STATUS\n7,100,\"Active, still\"\n"
              .getBytes(StandardCharsets.UTF_8));
    }

    read(file, HomeCreditTable.POS_CASH_BALANCE);

    assertThat(problems).isEmpty();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("SK_ID_PREV")).isEqualTo(7L);
    assertThat(rows.get(0).get("NAME_CONTRACT_STATUS")).isEqualTo("Active, still");
  }

  @Test
  void locatesTablesByKaggleOrLowerCaseNames() throws IOException {
    Files.writeString(dir.resolve("pos_cash_balance.csv.gz"), "");
    Files.writeString(dir.resolve("application_train.sample.csv.gz"), "");
    Files.writeString(dir.resolve("notes.txt"), "");

    assertThat(HomeCreditTable.POS_CASH_BALANCE.locate(dir))
        .contains(dir.resolve("pos_cash_balance.csv.gz"));
    assertThat(HomeCreditTable.APPLICATION_TRAIN.locate(dir))
        .contains(dir.resolve("application_train.sample.csv.gz"));
    assertThat(HomeCreditTable.BUREAU.locate(dir)).isEmpty();
  }

  @Test
  void theShareReadOfACompressedFileReachesOneAtItsEnd() throws IOException {
    // given a gzip file of 20,000 rows
    Path file = dir.resolve("bureau_balance.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      StringBuilder text = new StringBuilder("SK_ID_BUREAU,MONTHS_BALANCE,STATUS\n");
      for (int i = 0; i < 20_000; i++) {
        text.append(5_000_000 + i).append(",-").append(i % 96).append(",C\n");
      }
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    try (TableReader reader = TableReader.open(file, HomeCreditTable.BUREAU_BALANCE)) {
      // when every row is read, the share of the file's bytes read is one
      reader.forEach(rows::add, problems::add);
      assertThat(reader.fractionRead()).isEqualTo(1.0);
    }
    assertThat(rows).hasSize(20_000);
  }
}
