package io.creditstream.features;

import java.util.List;

/**
 * The application columns the feature set reads, and how they group for reasons. Kept apart from
 * {@link FeatureSet} because they are data, not logic: long lists that change when the Kaggle
 * schema does, whereas the vector's code changes when a feature does. The order of {@link #NUMERIC}
 * is the order of the model's input and part of {@link FeatureSet#version()}: never reorder it.
 */
final class ApplicationColumns {
  /**
   * Columns every application must carry (the Kaggle data never leaves them empty): the application
   * contract requires them.
   */
  static final List<String> REQUIRED =
      List.of(
          "SK_ID_CURR",
          "NAME_CONTRACT_TYPE",
          "CODE_GENDER",
          "FLAG_OWN_CAR",
          "FLAG_OWN_REALTY",
          "CNT_CHILDREN",
          "AMT_INCOME_TOTAL",
          "AMT_CREDIT",
          "NAME_INCOME_TYPE",
          "NAME_EDUCATION_TYPE",
          "NAME_FAMILY_STATUS",
          "NAME_HOUSING_TYPE",
          "REGION_POPULATION_RELATIVE",
          "DAYS_BIRTH",
          "DAYS_EMPLOYED",
          "DAYS_REGISTRATION",
          "DAYS_ID_PUBLISH");

  /** Numeric application columns, Kaggle order, used as they are (DAYS_EMPLOYED cleaned). */
  static final List<String> NUMERIC =
      List.of(
          "CNT_CHILDREN",
          "AMT_INCOME_TOTAL",
          "AMT_CREDIT",
          "AMT_ANNUITY",
          "AMT_GOODS_PRICE",
          "REGION_POPULATION_RELATIVE",
          "DAYS_BIRTH",
          "DAYS_EMPLOYED",
          "DAYS_REGISTRATION",
          "DAYS_ID_PUBLISH",
          "OWN_CAR_AGE",
          "FLAG_MOBIL",
          "FLAG_EMP_PHONE",
          "FLAG_WORK_PHONE",
          "FLAG_CONT_MOBILE",
          "FLAG_PHONE",
          "FLAG_EMAIL",
          "CNT_FAM_MEMBERS",
          "REGION_RATING_CLIENT",
          "REGION_RATING_CLIENT_W_CITY",
          "HOUR_APPR_PROCESS_START",
          "REG_REGION_NOT_LIVE_REGION",
          "REG_REGION_NOT_WORK_REGION",
          "LIVE_REGION_NOT_WORK_REGION",
          "REG_CITY_NOT_LIVE_CITY",
          "REG_CITY_NOT_WORK_CITY",
          "LIVE_CITY_NOT_WORK_CITY",
          "EXT_SOURCE_1",
          "EXT_SOURCE_2",
          "EXT_SOURCE_3",
          "APARTMENTS_AVG",
          "BASEMENTAREA_AVG",
          "YEARS_BEGINEXPLUATATION_AVG",
          "YEARS_BUILD_AVG",
          "COMMONAREA_AVG",
          "ELEVATORS_AVG",
          "ENTRANCES_AVG",
          "FLOORSMAX_AVG",
          "FLOORSMIN_AVG",
          "LANDAREA_AVG",
          "LIVINGAPARTMENTS_AVG",
          "LIVINGAREA_AVG",
          "NONLIVINGAPARTMENTS_AVG",
          "NONLIVINGAREA_AVG",
          "APARTMENTS_MODE",
          "BASEMENTAREA_MODE",
          "YEARS_BEGINEXPLUATATION_MODE",
          "YEARS_BUILD_MODE",
          "COMMONAREA_MODE",
          "ELEVATORS_MODE",
          "ENTRANCES_MODE",
          "FLOORSMAX_MODE",
          "FLOORSMIN_MODE",
          "LANDAREA_MODE",
          "LIVINGAPARTMENTS_MODE",
          "LIVINGAREA_MODE",
          "NONLIVINGAPARTMENTS_MODE",
          "NONLIVINGAREA_MODE",
          "APARTMENTS_MEDI",
          "BASEMENTAREA_MEDI",
          "YEARS_BEGINEXPLUATATION_MEDI",
          "YEARS_BUILD_MEDI",
          "COMMONAREA_MEDI",
          "ELEVATORS_MEDI",
          "ENTRANCES_MEDI",
          "FLOORSMAX_MEDI",
          "FLOORSMIN_MEDI",
          "LANDAREA_MEDI",
          "LIVINGAPARTMENTS_MEDI",
          "LIVINGAREA_MEDI",
          "NONLIVINGAPARTMENTS_MEDI",
          "NONLIVINGAREA_MEDI",
          "TOTALAREA_MODE",
          "OBS_30_CNT_SOCIAL_CIRCLE",
          "DEF_30_CNT_SOCIAL_CIRCLE",
          "OBS_60_CNT_SOCIAL_CIRCLE",
          "DEF_60_CNT_SOCIAL_CIRCLE",
          "DAYS_LAST_PHONE_CHANGE",
          "FLAG_DOCUMENT_2",
          "FLAG_DOCUMENT_3",
          "FLAG_DOCUMENT_4",
          "FLAG_DOCUMENT_5",
          "FLAG_DOCUMENT_6",
          "FLAG_DOCUMENT_7",
          "FLAG_DOCUMENT_8",
          "FLAG_DOCUMENT_9",
          "FLAG_DOCUMENT_10",
          "FLAG_DOCUMENT_11",
          "FLAG_DOCUMENT_12",
          "FLAG_DOCUMENT_13",
          "FLAG_DOCUMENT_14",
          "FLAG_DOCUMENT_15",
          "FLAG_DOCUMENT_16",
          "FLAG_DOCUMENT_17",
          "FLAG_DOCUMENT_18",
          "FLAG_DOCUMENT_19",
          "FLAG_DOCUMENT_20",
          "FLAG_DOCUMENT_21",
          "AMT_REQ_CREDIT_BUREAU_HOUR",
          "AMT_REQ_CREDIT_BUREAU_DAY",
          "AMT_REQ_CREDIT_BUREAU_WEEK",
          "AMT_REQ_CREDIT_BUREAU_MON",
          "AMT_REQ_CREDIT_BUREAU_QRT",
          "AMT_REQ_CREDIT_BUREAU_YEAR");

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
