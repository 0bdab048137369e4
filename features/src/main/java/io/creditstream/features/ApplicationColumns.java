package io.creditstream.features;

import io.creditstream.features.table.HomeCreditTable;
import java.util.List;

/**
 * The application columns the feature set reads, and how they group for reasons. Kept apart from
 * {@link FeatureSet} because they are data, not logic: long lists that change when the Kaggle
 * schema does, whereas the vector's code changes when a feature does. The order of {@link #NUMERIC}
 * is the order of the model's input and part of {@link FeatureSet#version()}: never reorder it.
 */
final class ApplicationColumns {
  /**
   * Columns every application must carry (the Kaggle data never leaves them empty), in Kaggle's
   * order: the application contract requires them.
   */
  static final List<String> REQUIRED =
      HomeCreditTable.APPLICATION_TRAIN.header().stream()
          .filter(
              java.util.Set.of(
                      "AMT_CREDIT",
                      "AMT_INCOME_TOTAL",
                      "CNT_CHILDREN",
                      "CODE_GENDER",
                      "DAYS_BIRTH",
                      "DAYS_EMPLOYED",
                      "DAYS_ID_PUBLISH",
                      "DAYS_REGISTRATION",
                      "FLAG_OWN_CAR",
                      "FLAG_OWN_REALTY",
                      "NAME_CONTRACT_TYPE",
                      "NAME_EDUCATION_TYPE",
                      "NAME_FAMILY_STATUS",
                      "NAME_HOUSING_TYPE",
                      "NAME_INCOME_TYPE",
                      "REGION_POPULATION_RELATIVE",
                      "SK_ID_CURR")
                  ::contains)
          .toList();

  /**
   * Numeric application columns, Kaggle order, used as they are (DAYS_EMPLOYED cleaned): every
   * column of the Kaggle header but the label, the client id and the text ones.
   */
  static final List<String> NUMERIC =
      HomeCreditTable.APPLICATION_TRAIN.header().stream()
          .filter(
              column ->
                  !column.equals("TARGET")
                      && !column.equals("SK_ID_CURR")
                      && !HomeCreditTable.APPLICATION_TRAIN.isText(column))
          .toList();

  /** Groups of application columns that mean one thing to a client share one source. */
  static String sourceOf(String column) {
    if (column.endsWith("_AVG") || column.endsWith("_MEDI") || column.endsWith("_MODE")) {
      return "building";
    }
    if (column.startsWith("FLAG_DOCUMENT_")) {
      return "documents";
    }
    if (column.startsWith("AMT_REQ_CREDIT_BUREAU_")) {
      return "credit_bureau_enquiries";
    }
    if (column.endsWith("_SOCIAL_CIRCLE")) {
      return "social_circle";
    }
    if (column.equals("FLAG_MOBIL")
        || column.endsWith("_PHONE")
        || column.equals("FLAG_CONT_MOBILE")
        || column.equals("FLAG_EMAIL")) {
      return "contact_details";
    }
    if (column.contains("_NOT_LIVE_") || column.contains("_NOT_WORK_")) {
      return "address_mismatch";
    }
    if (column.startsWith("REGION_RATING_CLIENT")) {
      return "REGION_RATING_CLIENT";
    }
    return column;
  }

  private ApplicationColumns() {}
}
