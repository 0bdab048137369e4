package io.creditstream.features.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The tables of the Kaggle Home Credit data set, with the file names they go by and their text
 * (categorical) columns; every other column is numeric.
 */
public enum HomeCreditTable {
  APPLICATION_TRAIN(
      List.of("application_train", "application_train.sample", "application"),
      Set.of(
          "CODE_GENDER",
          "EMERGENCYSTATE_MODE",
          "FLAG_OWN_CAR",
          "FLAG_OWN_REALTY",
          "FONDKAPREMONT_MODE",
          "HOUSETYPE_MODE",
          "NAME_CONTRACT_TYPE",
          "NAME_EDUCATION_TYPE",
          "NAME_FAMILY_STATUS",
          "NAME_HOUSING_TYPE",
          "NAME_INCOME_TYPE",
          "NAME_TYPE_SUITE",
          "OCCUPATION_TYPE",
          "ORGANIZATION_TYPE",
          "WALLSMATERIAL_MODE",
          "WEEKDAY_APPR_PROCESS_START")),
  APPLICATION_TEST(List.of("application_test"), APPLICATION_TRAIN.textColumns),
  BUREAU(List.of("bureau"), Set.of("CREDIT_ACTIVE", "CREDIT_CURRENCY", "CREDIT_TYPE")),
  BUREAU_BALANCE(List.of("bureau_balance"), Set.of("STATUS")),
  PREVIOUS_APPLICATION(
      List.of("previous_application"),
      Set.of(
          "CHANNEL_TYPE",
          "CODE_REJECT_REASON",
          "FLAG_LAST_APPL_PER_CONTRACT",
          "NAME_CASH_LOAN_PURPOSE",
          "NAME_CLIENT_TYPE",
          "NAME_CONTRACT_STATUS",
          "NAME_CONTRACT_TYPE",
          "NAME_GOODS_CATEGORY",
          "NAME_PAYMENT_TYPE",
          "NAME_PORTFOLIO",
          "NAME_PRODUCT_TYPE",
          "NAME_SELLER_INDUSTRY",
          "NAME_TYPE_SUITE",
          "NAME_YIELD_GROUP",
          "PRODUCT_COMBINATION",
          "WEEKDAY_APPR_PROCESS_START")),
  POS_CASH_BALANCE(List.of("POS_CASH_balance"), Set.of("NAME_CONTRACT_STATUS")),
  INSTALLMENTS_PAYMENTS(List.of("installments_payments"), Set.of()),
  CREDIT_CARD_BALANCE(List.of("credit_card_balance"), Set.of("NAME_CONTRACT_STATUS"));

  /** The history tables, in the order they must be streamed (bureau_balance before bureau). */
  public static final List<HomeCreditTable> HISTORY =
      List.of(
          BUREAU_BALANCE,
          BUREAU,
          PREVIOUS_APPLICATION,
          POS_CASH_BALANCE,
          INSTALLMENTS_PAYMENTS,
          CREDIT_CARD_BALANCE);

  /**
   * Kaggle's marker for a number of days that does not apply (365243, about 1,000 years ahead):
   * {@code DAYS_EMPLOYED} of people not employed, the {@code DAYS_*} dates of previous applications
   * that never happened. Features read it as missing; the contract accepts it where Kaggle has it.
   */
  public static final double DAYS_NOT_APPLICABLE = 365243.0;

  private final List<String> fileNames;
  private final Set<String> textColumns;

  HomeCreditTable(List<String> fileNames, Set<String> textColumns) {
    this.fileNames = fileNames;
    this.textColumns = textColumns;
  }

  /** The Kaggle file name without extension, e.g. {@code POS_CASH_balance}. */
  public String kaggleName() {
    return fileNames.get(0);
  }

  /** The file name the synthetic generator writes, e.g. {@code POS_CASH_balance.csv.gz}. */
  public String fileName() {
    return kaggleName() + ".csv.gz";
  }

  /** The exact Kaggle header, in column order (application_test: train's without TARGET). */
  public List<String> header() {
    return KaggleHeaders.of(this);
  }

  /** True when the column holds text (a category); every other column is numeric. */
  public boolean isText(String column) {
    return textColumns.contains(column);
  }

  /** True for identifier columns, read as whole numbers. */
  public static boolean isId(String column) {
    return column.startsWith("SK_ID_");
  }

  /**
   * Finds this table's file in a directory: any of its names in any letter case, with {@code .csv}
   * or {@code .csv.gz}.
   */
  public Optional<Path> locate(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> matches(f.getFileName().toString()))
          .sorted()
          .findFirst();
    }
  }

  /**
   * The files this table is found in, for messages: "application_train.csv[.gz],
   * application_train.sample.csv[.gz] or application.csv[.gz]".
   */
  public String describeFiles() {
    List<String> files = fileNames.stream().map(n -> n + ".csv[.gz]").toList();
    return files.size() == 1
        ? files.get(0)
        : String.join(", ", files.subList(0, files.size() - 1))
            + " or "
            + files.get(files.size() - 1);
  }

  boolean matches(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    String stem;
    if (lower.endsWith(".csv.gz")) {
      stem = lower.substring(0, lower.length() - ".csv.gz".length());
    } else if (lower.endsWith(".csv")) {
      stem = lower.substring(0, lower.length() - ".csv".length());
    } else {
      return false;
    }
    return fileNames.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(stem));
  }
}
