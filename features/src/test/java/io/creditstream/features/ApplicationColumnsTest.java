package io.creditstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationColumnsTest {

  @Test
  void groupsColumnsThatMeanOneThingToAClient() {
    // The three statistics of one building measure share a source.
    assertThat(ApplicationColumns.sourceOf("APARTMENTS_AVG")).isEqualTo("building");
    assertThat(ApplicationColumns.sourceOf("FLOORSMAX_MEDI")).isEqualTo("building");
    assertThat(ApplicationColumns.sourceOf("TOTALAREA_MODE")).isEqualTo("building");
    assertThat(ApplicationColumns.sourceOf("FLAG_DOCUMENT_7")).isEqualTo("documents");
    assertThat(ApplicationColumns.sourceOf("AMT_REQ_CREDIT_BUREAU_QRT"))
        .isEqualTo("credit_bureau_enquiries");
    assertThat(ApplicationColumns.sourceOf("DEF_30_CNT_SOCIAL_CIRCLE")).isEqualTo("social_circle");
    assertThat(ApplicationColumns.sourceOf("FLAG_MOBIL")).isEqualTo("contact_details");
    assertThat(ApplicationColumns.sourceOf("FLAG_WORK_PHONE")).isEqualTo("contact_details");
    assertThat(ApplicationColumns.sourceOf("FLAG_EMAIL")).isEqualTo("contact_details");
    assertThat(ApplicationColumns.sourceOf("REG_CITY_NOT_WORK_CITY")).isEqualTo("address_mismatch");
    assertThat(ApplicationColumns.sourceOf("REGION_RATING_CLIENT_W_CITY"))
        .isEqualTo("REGION_RATING_CLIENT");
  }

  @Test
  void aColumnOfNoGroupIsItsOwnSource() {
    assertThat(ApplicationColumns.sourceOf("AMT_CREDIT")).isEqualTo("AMT_CREDIT");
    assertThat(ApplicationColumns.sourceOf("DAYS_LAST_PHONE_CHANGE"))
        .isEqualTo("DAYS_LAST_PHONE_CHANGE");
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
