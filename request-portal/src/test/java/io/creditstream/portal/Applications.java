package io.creditstream.portal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A valid application body under the Kaggle column names, for tests to start from and break. */
public final class Applications {

  private Applications() {}

  public static Map<String, Object> valid(long clientId) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("SK_ID_CURR", clientId);
    a.put("NAME_CONTRACT_TYPE", "Cash loans");
    a.put("CODE_GENDER", "F");
    a.put("FLAG_OWN_CAR", "N");
    a.put("FLAG_OWN_REALTY", "Y");
    a.put("CNT_CHILDREN", 1);
    a.put("AMT_INCOME_TOTAL", 135000.0);
    a.put("AMT_CREDIT", 568800.0);
    a.put("AMT_ANNUITY", 20560.5);
    a.put("AMT_GOODS_PRICE", 450000.0);
    a.put("NAME_INCOME_TYPE", "Working");
    a.put("NAME_EDUCATION_TYPE", "Higher education");
    a.put("NAME_FAMILY_STATUS", "Married");
    a.put("NAME_HOUSING_TYPE", "House / apartment");
    a.put("REGION_POPULATION_RELATIVE", 0.01885);
    a.put("DAYS_BIRTH", -19241);
    a.put("DAYS_EMPLOYED", -2329);
    a.put("DAYS_REGISTRATION", -5170.0);
    a.put("DAYS_ID_PUBLISH", -812);
    a.put("FLAG_MOBIL", 1);
    a.put("FLAG_EMP_PHONE", 1);
    a.put("FLAG_WORK_PHONE", 0);
    a.put("FLAG_CONT_MOBILE", 1);
    a.put("FLAG_PHONE", 0);
    a.put("FLAG_EMAIL", 1);
    a.put("CNT_FAM_MEMBERS", 3.0);
    a.put("REGION_RATING_CLIENT", 2);
    a.put("REGION_RATING_CLIENT_W_CITY", 2);
    a.put("WEEKDAY_APPR_PROCESS_START", "TUESDAY");
    a.put("HOUR_APPR_PROCESS_START", 18);
    a.put("REG_REGION_NOT_LIVE_REGION", 0);
    a.put("REG_REGION_NOT_WORK_REGION", 0);
    a.put("LIVE_REGION_NOT_WORK_REGION", 0);
    a.put("REG_CITY_NOT_LIVE_CITY", 0);
    a.put("REG_CITY_NOT_WORK_CITY", 0);
    a.put("LIVE_CITY_NOT_WORK_CITY", 0);
    a.put("ORGANIZATION_TYPE", "Business Entity Type 3");
    a.put("EXT_SOURCE_2", 0.789);
    a.put("EXT_SOURCE_3", 0.159);
    for (int i = 2; i <= 21; i++) {
      a.put("FLAG_DOCUMENT_" + i, i == 3 ? 1 : 0);
    }
    return a;
  }

  /**
   * A valid application that a model of the usual kind declines: low external scores, a client of
   * 24 years and 8 months (-9,000 days), and a credit of more than seven times the income.
   */
  public static Map<String, Object> risky(long clientId) {
    Map<String, Object> a = valid(clientId);
    a.put("EXT_SOURCE_2", 0.12);
    a.put("EXT_SOURCE_3", 0.15);
    a.put("DAYS_BIRTH", -9000);
    a.put("AMT_CREDIT", 1_000_000.0);
    a.put("AMT_GOODS_PRICE", 900_000.0);
    return a;
  }

  /**
   * A valid application declined for its amount: fair external scores (0.7 and 0.6) but a credit of
   * 1,400,000 on an income of 135,000 (more than ten times), from a client of 24 years and 8
   * months; a smaller amount on the same terms would be granted.
   */
  public static Map<String, Object> declinedForItsAmount(long clientId) {
    Map<String, Object> a = valid(clientId);
    a.put("EXT_SOURCE_2", 0.7);
    a.put("EXT_SOURCE_3", 0.6);
    a.put("DAYS_BIRTH", -9000);
    a.put("AMT_CREDIT", 1_400_000.0);
    a.put("AMT_GOODS_PRICE", 1_260_000.0);
    a.put("AMT_ANNUITY", 50_000.0);
    return a;
  }
}
