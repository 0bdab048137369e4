package io.creditstream.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.datagen.profile.ColumnProfile;
import io.creditstream.datagen.profile.ColumnSampler;
import io.creditstream.datagen.profile.Profile;
import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One shared run of 20,000 applications (with their history) checked against the profile of the
 * real rows and the default mechanism; small runs for determinism.
 */
class HomeCreditGeneratorTest {

  private static final long APPLICATIONS = 20_000;
  private static final Profile PROFILE = Profile.load();

  @TempDir static Path shared;
  private static GeneratedTables run;

  @BeforeAll
  static void generateOnce() throws IOException {
    run = HomeCreditGenerator.generate(shared.resolve("run"), APPLICATIONS, 7, 0.137);
  }

  @Test
  void sameSeedAndSizeGiveByteIdenticalFiles(@TempDir Path dir) throws IOException {
    // given two runs with the same seed and size
    GeneratedTables first = HomeCreditGenerator.generate(dir.resolve("a"), 1_000, 11, 0.2);
    GeneratedTables second = HomeCreditGenerator.generate(dir.resolve("b"), 1_000, 11, 0.2);

    // then every file has the same bytes
    for (HomeCreditTable table : HomeCreditTable.values()) {
      assertThat(Files.readAllBytes(second.file(table)))
          .as(table.kaggleName())
          .isEqualTo(Files.readAllBytes(first.file(table)));
    }
  }

  @Test
  void aLargerRunStartsWithTheSmallerRunsClients(@TempDir Path dir) throws IOException {
    // given two runs with the same seed, one twice the size of the other
    GeneratedTables small = HomeCreditGenerator.generate(dir.resolve("small"), 300, 21, 0.2);
    GeneratedTables large = HomeCreditGenerator.generate(dir.resolve("large"), 600, 21, 0.2);

    // then every table of the small run is the beginning of the large run's table
    for (HomeCreditTable table : HomeCreditTable.values()) {
      List<String> smallRows = new ArrayList<>();
      CsvTables.forEach(small.file(table), r -> smallRows.add(String.join(",", r.cells())));
      List<String> largeRows = new ArrayList<>();
      CsvTables.forEach(large.file(table), r -> largeRows.add(String.join(",", r.cells())));
      assertThat(largeRows.size()).as(table.kaggleName()).isGreaterThan(smallRows.size());
      assertThat(largeRows.subList(0, smallRows.size()))
          .as(table.kaggleName())
          .isEqualTo(smallRows);
    }
  }

  @Test
  void differentSeedGivesDifferentFiles(@TempDir Path dir) throws IOException {
    // given two runs that differ only by their seed
    GeneratedTables first = HomeCreditGenerator.generate(dir.resolve("a"), 1_000, 11, 0.2);
    GeneratedTables second = HomeCreditGenerator.generate(dir.resolve("b"), 1_000, 12, 0.2);

    // then no table is the same
    for (HomeCreditTable table : HomeCreditTable.values()) {
      assertThat(Files.readAllBytes(second.file(table)))
          .as(table.kaggleName())
          .isNotEqualTo(Files.readAllBytes(first.file(table)));
    }
  }

  @Test
  void writesEveryTableWithTheExactKaggleHeader() throws IOException {
    for (HomeCreditTable table : HomeCreditTable.values()) {
      // when the generated file's header is read
      Path file = run.file(table);

      // then it is the table's Kaggle header, and the file has rows
      assertThat(file.getFileName().toString()).isEqualTo(table.fileName());
      assertThat(CsvTables.header(file)).as(table.kaggleName()).isEqualTo(table.header());
      assertThat(run.rows(table)).as(table.kaggleName()).isPositive();
    }
    assertThat(
            run.rows(HomeCreditTable.APPLICATION_TRAIN)
                + run.rows(HomeCreditTable.APPLICATION_TEST))
        .isEqualTo(APPLICATIONS);
  }

  @Test
  void reportedRowCountsMatchTheFiles() throws IOException {
    for (HomeCreditTable table : HomeCreditTable.values()) {
      assertThat(CsvTables.count(run.file(table)))
          .as(table.kaggleName())
          .isEqualTo(run.rows(table));
    }
  }

  @Test
  void everyChildRowPointsAtAnExistingParent() throws IOException {
    // given the ids of the applications, bureau credits and previous applications
    Set<String> clients =
        new HashSet<>(CsvTables.column(run.file(HomeCreditTable.APPLICATION_TRAIN), "SK_ID_CURR"));
    clients.addAll(CsvTables.column(run.file(HomeCreditTable.APPLICATION_TEST), "SK_ID_CURR"));
    List<String> bureauIds = CsvTables.column(run.file(HomeCreditTable.BUREAU), "SK_ID_BUREAU");
    List<String> previousIds =
        CsvTables.column(run.file(HomeCreditTable.PREVIOUS_APPLICATION), "SK_ID_PREV");
    assertThat(clients).hasSize((int) APPLICATIONS);
    assertThat(new HashSet<>(bureauIds)).hasSameSizeAs(bureauIds);
    assertThat(new HashSet<>(previousIds)).hasSameSizeAs(previousIds);
    Map<String, String> clientOfPrevious = new HashMap<>();
    CsvTables.forEach(
        run.file(HomeCreditTable.PREVIOUS_APPLICATION),
        r -> clientOfPrevious.put(r.get("SK_ID_PREV"), r.get("SK_ID_CURR")));

    // then every child row's keys exist, and SK_ID_PREV belongs to the same client
    for (HomeCreditTable table :
        List.of(
            HomeCreditTable.BUREAU,
            HomeCreditTable.PREVIOUS_APPLICATION,
            HomeCreditTable.POS_CASH_BALANCE,
            HomeCreditTable.INSTALLMENTS_PAYMENTS,
            HomeCreditTable.CREDIT_CARD_BALANCE)) {
      assertThat(CsvTables.column(run.file(table), "SK_ID_CURR"))
          .as(table.kaggleName())
          .allMatch(clients::contains);
    }
    assertThat(CsvTables.column(run.file(HomeCreditTable.BUREAU_BALANCE), "SK_ID_BUREAU"))
        .allMatch(new HashSet<>(bureauIds)::contains);
    for (HomeCreditTable table :
        List.of(
            HomeCreditTable.POS_CASH_BALANCE,
            HomeCreditTable.INSTALLMENTS_PAYMENTS,
            HomeCreditTable.CREDIT_CARD_BALANCE)) {
      CsvTables.forEach(
          run.file(table),
          r ->
              assertThat(clientOfPrevious.get(r.get("SK_ID_PREV")))
                  .as(table.kaggleName() + " " + r.get("SK_ID_PREV"))
                  .isEqualTo(r.get("SK_ID_CURR")));
    }
  }

  @Test
  void rowsPerApplicationAreThoseOfTheFullKaggleTablesWithinTenPercent() {
    // given the full Kaggle tables' row counts, over its 356,255 applications (train and test: the
    // history tables cover both)
    double kaggleApplications = 307_511 + 48_744;
    Map<HomeCreditTable, Long> kaggleRows =
        Map.of(
            HomeCreditTable.BUREAU, 1_716_428L,
            HomeCreditTable.BUREAU_BALANCE, 27_299_925L,
            HomeCreditTable.PREVIOUS_APPLICATION, 1_670_214L,
            HomeCreditTable.POS_CASH_BALANCE, 10_001_358L,
            HomeCreditTable.INSTALLMENTS_PAYMENTS, 13_605_401L,
            HomeCreditTable.CREDIT_CARD_BALANCE, 3_840_312L);

    kaggleRows.forEach(
        (table, rows) -> {
          // when the generated rows per application are compared with Kaggle's
          double generated = run.rows(table) / (double) APPLICATIONS;
          double kaggle = rows / kaggleApplications;

          // then they are within 10% of them
          assertThat(generated / kaggle)
              .as(
                  "%s: %.2f rows per application, Kaggle %.2f",
                  table.kaggleName(), generated, kaggle)
              .isBetween(0.9, 1.1);
        });
  }

  @Test
  void cardBalancesStartNoEarlierThanTheCardsApproval() throws IOException {
    // given the decision day of every approved card application
    Map<String, Double> decision = new HashMap<>();
    CsvTables.forEach(
        run.file(HomeCreditTable.PREVIOUS_APPLICATION),
        r -> {
          if (r.get("NAME_CONTRACT_TYPE").equals("Revolving loans")
              && r.get("NAME_CONTRACT_STATUS").equals("Approved")) {
            decision.put(r.get("SK_ID_PREV"), Double.parseDouble(r.get("DAYS_DECISION")));
          }
        });

    // then every card month is an approved card's, in or after the month of its decision
    CsvTables.forEach(
        run.file(HomeCreditTable.CREDIT_CARD_BALANCE),
        r -> {
          Double day = decision.get(r.get("SK_ID_PREV"));
          assertThat(day).as("card " + r.get("SK_ID_PREV")).isNotNull();
          assertThat(Double.parseDouble(r.get("MONTHS_BALANCE")))
              .as("card " + r.get("SK_ID_PREV"))
              .isGreaterThanOrEqualTo(Math.floor(day / 30));
        });
  }

  @Test
  void defaultRateIsTheRealOne() throws IOException {
    // when TARGET is counted in application_train
    List<String> target = CsvTables.column(run.file(HomeCreditTable.APPLICATION_TRAIN), "TARGET");
    double rate = target.stream().filter("1"::equals).count() / (double) target.size();

    // then it is the real 8% within 1.5 points, and the reported figure is the file's
    assertThat(target).allMatch(t -> t.equals("0") || t.equals("1"));
    assertThat(rate).isBetween(0.065, 0.095);
    assertThat(run.defaultRate()).isEqualTo(rate);
  }

  @Test
  void meanExtSourcePredictsDefault() throws IOException {
    // given each labelled client's mean of the EXT_SOURCE scores it has
    List<double[]> scored = new ArrayList<>();
    CsvTables.forEach(
        run.file(HomeCreditTable.APPLICATION_TRAIN),
        r -> {
          double sum = 0;
          int n = 0;
          for (String c : List.of("EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3")) {
            if (!r.get(c).isEmpty()) {
              sum += Double.parseDouble(r.get(c));
              n++;
            }
          }
          if (n > 0) {
            scored.add(new double[] {-sum / n, Double.parseDouble(r.get("TARGET"))});
          }
        });

    // then a low mean ranks defaulters first, as strongly as in the real data (AUC about 0.7)
    double auc = auc(scored);
    assertThat(auc).isGreaterThan(0.65).isLessThan(0.85);
  }

  @Test
  void lateInstalmentsAreMoreCommonForDefaulters() throws IOException {
    // given each labelled client's TARGET
    Map<String, String> target = new HashMap<>();
    CsvTables.forEach(
        run.file(HomeCreditTable.APPLICATION_TRAIN),
        r -> target.put(r.get("SK_ID_CURR"), r.get("TARGET")));
    long[] late = new long[2];
    long[] all = new long[2];

    // when instalments paid after their due day are counted by the client's TARGET
    CsvTables.forEach(
        run.file(HomeCreditTable.INSTALLMENTS_PAYMENTS),
        r -> {
          String t = target.get(r.get("SK_ID_CURR"));
          if (t != null) {
            int k = Integer.parseInt(t);
            all[k]++;
            if (Double.parseDouble(r.get("DAYS_ENTRY_PAYMENT"))
                > Double.parseDouble(r.get("DAYS_INSTALMENT"))) {
              late[k]++;
            }
          }
        });

    // then defaulters pay late markedly more often
    double lateDefaulters = (double) late[1] / all[1];
    double lateOthers = (double) late[0] / all[0];
    assertThat(lateDefaulters).isGreaterThan(1.5 * lateOthers);
  }

  @Test
  void applicationRowsFollowTheStructuralRules() throws IOException {
    CsvTables.forEach(
        run.file(HomeCreditTable.APPLICATION_TRAIN),
        r -> {
          double credit = Double.parseDouble(r.get("AMT_CREDIT"));
          if (!r.get("AMT_GOODS_PRICE").isEmpty()) {
            // goods price is at most the credit (rounded to Kaggle's 4500 grid)
            assertThat(Double.parseDouble(r.get("AMT_GOODS_PRICE")))
                .isLessThanOrEqualTo(credit + 2250);
          }
          if (!r.get("AMT_ANNUITY").isEmpty()) {
            // annuity is the credit over a 10-60 month term
            assertThat(Double.parseDouble(r.get("AMT_ANNUITY")) / credit).isBetween(0.015, 0.13);
          }
          double birth = Double.parseDouble(r.get("DAYS_BIRTH"));
          double employed = Double.parseDouble(r.get("DAYS_EMPLOYED"));
          if (employed == 365243) {
            // Kaggle's "not employed" marker: pensioners and the unemployed, organisation XNA
            assertThat(r.get("NAME_INCOME_TYPE")).isIn("Pensioner", "Unemployed");
            assertThat(r.get("ORGANIZATION_TYPE")).isEqualTo("XNA");
          } else {
            // nobody starts working before 18
            assertThat(employed).isLessThanOrEqualTo(0).isGreaterThanOrEqualTo(birth + 18 * 365);
          }
          if (!r.get("CNT_FAM_MEMBERS").isEmpty()) {
            assertThat(Double.parseDouble(r.get("CNT_FAM_MEMBERS")))
                .isGreaterThanOrEqualTo(Double.parseDouble(r.get("CNT_CHILDREN")) + 1);
          }
        });
  }

  @Test
  void historyRowsFollowTheStructuralRules() throws IOException {
    // bureau: a closed credit ends after it opens and owes nothing; an active one has no end date
    CsvTables.forEach(
        run.file(HomeCreditTable.BUREAU),
        r -> {
          double opened = Double.parseDouble(r.get("DAYS_CREDIT"));
          if (r.get("CREDIT_ACTIVE").equals("Closed")) {
            assertThat(Double.parseDouble(r.get("DAYS_ENDDATE_FACT"))).isBetween(opened, 0.0);
            if (!r.get("AMT_CREDIT_SUM_DEBT").isEmpty()) {
              assertThat(Double.parseDouble(r.get("AMT_CREDIT_SUM_DEBT"))).isZero();
            }
          } else if (r.get("CREDIT_ACTIVE").equals("Active")) {
            assertThat(r.get("DAYS_ENDDATE_FACT")).isEmpty();
          }
        });
    // bureau_balance: most recent month first; once closed (C), a credit stays closed
    Map<String, String> newerStatus = new HashMap<>();
    Map<String, Integer> newerMonth = new HashMap<>();
    CsvTables.forEach(
        run.file(HomeCreditTable.BUREAU_BALANCE),
        r -> {
          String id = r.get("SK_ID_BUREAU");
          int month = Integer.parseInt(r.get("MONTHS_BALANCE"));
          if (newerMonth.containsKey(id)) {
            assertThat(month).isEqualTo(newerMonth.get(id) - 1);
            if (r.get("STATUS").equals("C")) {
              assertThat(newerStatus.get(id)).as("month after a C of " + id).isEqualTo("C");
            }
          } else {
            assertThat(month).isZero();
          }
          newerMonth.put(id, month);
          newerStatus.put(id, r.get("STATUS"));
        });
    // previous applications: refused ones carry a reject reason, approved ones are due after the
    // decision
    CsvTables.forEach(
        run.file(HomeCreditTable.PREVIOUS_APPLICATION),
        r -> {
          String status = r.get("NAME_CONTRACT_STATUS");
          if (status.equals("Refused")) {
            assertThat(r.get("CODE_REJECT_REASON")).isNotEqualTo("XAP");
            assertThat(r.get("DAYS_FIRST_DUE")).isEmpty();
          } else if (status.equals("Approved")) {
            assertThat(r.get("CODE_REJECT_REASON")).isEqualTo("XAP");
            assertThat(Double.parseDouble(r.get("DAYS_FIRST_DUE")))
                .isGreaterThanOrEqualTo(Double.parseDouble(r.get("DAYS_DECISION")));
          }
        });
    // instalments: numbered 1, 2, ... per previous credit, whole 30-day periods apart, all in the
    // past
    Map<String, Double> lastDue = new HashMap<>();
    Map<String, Integer> lastNumber = new HashMap<>();
    CsvTables.forEach(
        run.file(HomeCreditTable.INSTALLMENTS_PAYMENTS),
        r -> {
          String prev = r.get("SK_ID_PREV");
          int number = Integer.parseInt(r.get("NUM_INSTALMENT_NUMBER"));
          double due = Double.parseDouble(r.get("DAYS_INSTALMENT"));
          assertThat(due).isNegative();
          assertThat(number).isEqualTo(lastNumber.getOrDefault(prev, 0) + 1);
          if (lastDue.containsKey(prev)) {
            assertThat(due - lastDue.get(prev)).isPositive();
            assertThat((due - lastDue.get(prev)) % 30).isZero();
          }
          lastNumber.put(prev, number);
          lastDue.put(prev, due);
        });
  }

  @Test
  void bureauBalanceStatusesHaveTheRealShares() throws IOException {
    Map<String, Long> counts = new HashMap<>();
    CsvTables.forEach(
        run.file(HomeCreditTable.BUREAU_BALANCE),
        r -> counts.merge(r.get("STATUS"), 1L, Long::sum));
    double total = counts.values().stream().mapToLong(Long::longValue).sum();
    ColumnProfile real = PROFILE.table("bureau_balance").column("STATUS");
    for (String status : List.of("C", "X", "0")) {
      double realShare = real.weights().get(real.categories().indexOf(status));
      assertThat(counts.getOrDefault(status, 0L) / total)
          .as(status)
          .isCloseTo(realShare, within(0.06));
    }
  }

  @Test
  void someApplicantsCarryKagglesNotEmployedMarker() throws IOException {
    List<String> employed =
        CsvTables.column(run.file(HomeCreditTable.APPLICATION_TRAIN), "DAYS_EMPLOYED");
    double share = employed.stream().filter("365243"::equals).count() / (double) employed.size();
    // the real share is 18%
    assertThat(share).isBetween(0.10, 0.25);
  }

  @Test
  void bureauBalanceStatusesAreKagglesCodes() throws IOException {
    Set<String> statuses =
        new HashSet<>(CsvTables.column(run.file(HomeCreditTable.BUREAU_BALANCE), "STATUS"));
    assertThat(statuses)
        .isSubsetOf("C", "X", "0", "1", "2", "3", "4", "5")
        .contains("C", "X", "0", "1");
  }

  @Test
  void missingRatesAreTheRealOnes() throws IOException {
    for (var check :
        List.of(
            new String[] {"application_train", "EXT_SOURCE_1"},
            new String[] {"application_train", "EXT_SOURCE_3"},
            new String[] {"application_train", "OCCUPATION_TYPE"},
            new String[] {"application_train", "APARTMENTS_AVG"},
            new String[] {"application_train", "AMT_REQ_CREDIT_BUREAU_YEAR"},
            new String[] {"bureau", "AMT_CREDIT_MAX_OVERDUE"},
            new String[] {"bureau", "AMT_ANNUITY"},
            new String[] {"previous_application", "AMT_DOWN_PAYMENT"})) {
      // given the real missing rate of the column
      ColumnProfile real = PROFILE.table(check[0]).column(check[1]);
      HomeCreditTable table = HomeCreditTable.valueOf(check[0].toUpperCase());

      // when the generated column's empty cells are counted
      List<String> cells = CsvTables.column(run.file(table), check[1]);
      double missing = cells.stream().filter(String::isEmpty).count() / (double) cells.size();

      // then they are within two points of it
      assertThat(missing).as(check[0] + "." + check[1]).isCloseTo(real.missing(), within(0.02));
    }
  }

  @Test
  void mediansAreTheRealOnes() throws IOException {
    for (var check :
        List.of(
            new String[] {"application_train", "AMT_INCOME_TOTAL"},
            new String[] {"application_train", "AMT_CREDIT"},
            new String[] {"application_train", "DAYS_BIRTH"},
            new String[] {"application_train", "EXT_SOURCE_2"},
            new String[] {"application_train", "EXT_SOURCE_3"},
            new String[] {"application_train", "REGION_POPULATION_RELATIVE"},
            new String[] {"bureau", "DAYS_CREDIT"},
            new String[] {"bureau", "AMT_CREDIT_SUM"},
            new String[] {"previous_application", "AMT_APPLICATION"},
            new String[] {"previous_application", "DAYS_DECISION"})) {
      // given the real column's distribution
      ColumnProfile real = PROFILE.table(check[0]).column(check[1]);
      ColumnSampler sampler = new ColumnSampler(check[1], real, PROFILE.quantileLevels());
      HomeCreditTable table = HomeCreditTable.valueOf(check[0].toUpperCase());

      // when the generated column's median is taken
      double[] values =
          CsvTables.column(run.file(table), check[1]).stream()
              .filter(c -> !c.isEmpty())
              .mapToDouble(Double::parseDouble)
              .filter(v -> v != 365243)
              .sorted()
              .toArray();
      double median = values[values.length / 2];

      // then it sits between the real 45th and 55th percentiles
      assertThat(median)
          .as(check[0] + "." + check[1])
          .isBetween(sampler.at(0.45) - 1e-9, sampler.at(0.55) + 1e-9);
    }
  }

  @Test
  void rejectsSizesOutsideTheSupportedRange(@TempDir Path dir) {
    assertThatThrownBy(() -> HomeCreditGenerator.generate(dir, 0, 1, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applications");
    assertThatThrownBy(() -> HomeCreditGenerator.generate(dir, 10, 1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test fraction");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  /** Mann-Whitney AUC of score (column 0) against a 0/1 label (column 1), ties counted half. */
  static double auc(List<double[]> rows) {
    double[][] sorted = rows.toArray(new double[0][]);
    Arrays.sort(sorted, (a, b) -> Double.compare(a[0], b[0]));
    double rankSumPositives = 0;
    long positives = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j < sorted.length && sorted[j][0] == sorted[i][0]) {
        j++;
      }
      double rank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (sorted[k][1] == 1) {
          rankSumPositives += rank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = sorted.length - positives;
    return (rankSumPositives - positives * (positives + 1) / 2.0)
        / ((double) positives * negatives);
  }
}
