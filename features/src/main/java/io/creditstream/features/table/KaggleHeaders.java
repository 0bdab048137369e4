package io.creditstream.features.table;

import java.util.List;

/**
 * The exact headers of the Kaggle "Home Credit Default Risk" files, in Kaggle's column order: the
 * synthetic generator writes them, and {@code TableHeadersTest} (datagen) holds them to the real
 * files, so code written against the Kaggle download reads generated files unchanged.
 */
final class KaggleHeaders {
  private KaggleHeaders() {}

  static final List<String> APPLICATION_TRAIN =
      List.of(
          "SK_ID_CURR",
          "TARGET",
          "NAME_CONTRACT_TYPE",
          "CODE_GENDER",
          "FLAG_OWN_CAR",
          "FLAG_OWN_REALTY",
          "CNT_CHILDREN",
          "AMT_INCOME_TOTAL",
          "AMT_CREDIT",
          "AMT_ANNUITY",
          "AMT_GOODS_PRICE",
          "NAME_TYPE_SUITE",
          "NAME_INCOME_TYPE",
          "NAME_EDUCATION_TYPE",
          "NAME_FAMILY_STATUS",
          "NAME_HOUSING_TYPE",
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
          "OCCUPATION_TYPE",
          "CNT_FAM_MEMBERS",
          "REGION_RATING_CLIENT",
          "REGION_RATING_CLIENT_W_CITY",
          "WEEKDAY_APPR_PROCESS_START",
          "HOUR_APPR_PROCESS_START",
          "REG_REGION_NOT_LIVE_REGION",
          "REG_REGION_NOT_WORK_REGION",
          "LIVE_REGION_NOT_WORK_REGION",
          "REG_CITY_NOT_LIVE_CITY",
          "REG_CITY_NOT_WORK_CITY",
          "LIVE_CITY_NOT_WORK_CITY",
          "ORGANIZATION_TYPE",
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
          "FONDKAPREMONT_MODE",
          "HOUSETYPE_MODE",
          "TOTALAREA_MODE",
          "WALLSMATERIAL_MODE",
          "EMERGENCYSTATE_MODE",
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

  static final List<String> BUREAU =
      List.of(
          "SK_ID_CURR",
          "SK_ID_BUREAU",
          "CREDIT_ACTIVE",
          "CREDIT_CURRENCY",
          "DAYS_CREDIT",
          "CREDIT_DAY_OVERDUE",
          "DAYS_CREDIT_ENDDATE",
          "DAYS_ENDDATE_FACT",
          "AMT_CREDIT_MAX_OVERDUE",
          "CNT_CREDIT_PROLONG",
          "AMT_CREDIT_SUM",
          "AMT_CREDIT_SUM_DEBT",
          "AMT_CREDIT_SUM_LIMIT",
          "AMT_CREDIT_SUM_OVERDUE",
          "CREDIT_TYPE",
          "DAYS_CREDIT_UPDATE",
          "AMT_ANNUITY");

  static final List<String> BUREAU_BALANCE = List.of("SK_ID_BUREAU", "MONTHS_BALANCE", "STATUS");

  static final List<String> PREVIOUS_APPLICATION =
      List.of(
          "SK_ID_PREV",
          "SK_ID_CURR",
          "NAME_CONTRACT_TYPE",
          "AMT_ANNUITY",
          "AMT_APPLICATION",
          "AMT_CREDIT",
          "AMT_DOWN_PAYMENT",
          "AMT_GOODS_PRICE",
          "WEEKDAY_APPR_PROCESS_START",
          "HOUR_APPR_PROCESS_START",
          "FLAG_LAST_APPL_PER_CONTRACT",
          "NFLAG_LAST_APPL_IN_DAY",
          "RATE_DOWN_PAYMENT",
          "RATE_INTEREST_PRIMARY",
          "RATE_INTEREST_PRIVILEGED",
          "NAME_CASH_LOAN_PURPOSE",
          "NAME_CONTRACT_STATUS",
          "DAYS_DECISION",
          "NAME_PAYMENT_TYPE",
          "CODE_REJECT_REASON",
          "NAME_TYPE_SUITE",
          "NAME_CLIENT_TYPE",
          "NAME_GOODS_CATEGORY",
          "NAME_PORTFOLIO",
          "NAME_PRODUCT_TYPE",
          "CHANNEL_TYPE",
          "SELLERPLACE_AREA",
          "NAME_SELLER_INDUSTRY",
          "CNT_PAYMENT",
          "NAME_YIELD_GROUP",
          "PRODUCT_COMBINATION",
          "DAYS_FIRST_DRAWING",
          "DAYS_FIRST_DUE",
          "DAYS_LAST_DUE_1ST_VERSION",
          "DAYS_LAST_DUE",
          "DAYS_TERMINATION",
          "NFLAG_INSURED_ON_APPROVAL");

  static final List<String> POS_CASH_BALANCE =
      List.of(
          "SK_ID_PREV",
          "SK_ID_CURR",
          "MONTHS_BALANCE",
          "CNT_INSTALMENT",
          "CNT_INSTALMENT_FUTURE",
          "NAME_CONTRACT_STATUS",
          "SK_DPD",
          "SK_DPD_DEF");

  static final List<String> INSTALLMENTS_PAYMENTS =
      List.of(
          "SK_ID_PREV",
          "SK_ID_CURR",
          "NUM_INSTALMENT_VERSION",
          "NUM_INSTALMENT_NUMBER",
          "DAYS_INSTALMENT",
          "DAYS_ENTRY_PAYMENT",
          "AMT_INSTALMENT",
          "AMT_PAYMENT");

  static final List<String> CREDIT_CARD_BALANCE =
      List.of(
          "SK_ID_PREV",
          "SK_ID_CURR",
          "MONTHS_BALANCE",
          "AMT_BALANCE",
          "AMT_CREDIT_LIMIT_ACTUAL",
          "AMT_DRAWINGS_ATM_CURRENT",
          "AMT_DRAWINGS_CURRENT",
          "AMT_DRAWINGS_OTHER_CURRENT",
          "AMT_DRAWINGS_POS_CURRENT",
          "AMT_INST_MIN_REGULARITY",
          "AMT_PAYMENT_CURRENT",
          "AMT_PAYMENT_TOTAL_CURRENT",
          "AMT_RECEIVABLE_PRINCIPAL",
          "AMT_RECIVABLE",
          "AMT_TOTAL_RECEIVABLE",
          "CNT_DRAWINGS_ATM_CURRENT",
          "CNT_DRAWINGS_CURRENT",
          "CNT_DRAWINGS_OTHER_CURRENT",
          "CNT_DRAWINGS_POS_CURRENT",
          "CNT_INSTALMENT_MATURE_CUM",
          "NAME_CONTRACT_STATUS",
          "SK_DPD",
          "SK_DPD_DEF");

  static final List<String> APPLICATION_TEST =
      APPLICATION_TRAIN.stream().filter(column -> !column.equals("TARGET")).toList();

  static List<String> of(HomeCreditTable table) {
    return switch (table) {
      case APPLICATION_TRAIN -> APPLICATION_TRAIN;
      case APPLICATION_TEST -> APPLICATION_TEST;
      case BUREAU -> BUREAU;
      case BUREAU_BALANCE -> BUREAU_BALANCE;
      case PREVIOUS_APPLICATION -> PREVIOUS_APPLICATION;
      case POS_CASH_BALANCE -> POS_CASH_BALANCE;
      case INSTALLMENTS_PAYMENTS -> INSTALLMENTS_PAYMENTS;
      case CREDIT_CARD_BALANCE -> CREDIT_CARD_BALANCE;
    };
  }
}
