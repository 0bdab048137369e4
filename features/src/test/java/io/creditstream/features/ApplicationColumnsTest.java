package io.creditstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplicationColumnsTest {

  @ParameterizedTest
  @CsvSource({
    // The three statistics of a building measure mean one thing to a client.
    "APARTMENTS_AVG, building",
    "FLOORSMAX_MEDI, building",
    "TOTALAREA_MODE, building",
    "FLAG_DOCUMENT_7, documents",
    "AMT_REQ_CREDIT_BUREAU_QRT, credit_bureau_enquiries",
    "DEF_30_CNT_SOCIAL_CIRCLE, social_circle",
    "FLAG_MOBIL, contact_details",
    "FLAG_WORK_PHONE, contact_details",
    "FLAG_EMAIL, contact_details",
    "REG_CITY_NOT_WORK_CITY, address_mismatch",
    "REGION_RATING_CLIENT_W_CITY, REGION_RATING_CLIENT",
    // A column of no group is its own source.
    "AMT_CREDIT, AMT_CREDIT",
    "DAYS_LAST_PHONE_CHANGE, DAYS_LAST_PHONE_CHANGE"
  })
  void attributesEachColumnToTheGroupItMeansToAClient(String column, String source) {
    assertThat(ApplicationColumns.sourceOf(column)).isEqualTo(source);
  }

  @Test
  void everyRequiredColumnOtherThanTheIdIsAFeature() {
    for (String column : ApplicationColumns.REQUIRED) {
      if (!column.equals("SK_ID_CURR")) {
        assertThat(FeatureSet.current().applicationColumns()).as(column).contains(column);
      }
    }
  }
}
