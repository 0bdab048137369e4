package io.creditstream.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.LoanApplication;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoanApplicationsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static Map<String, Object> validColumns() {
    Map<String, Object> columns = new HashMap<>();
    columns.putAll(
        Map.ofEntries(
            Map.entry("SK_ID_CURR", "100002"),
            Map.entry("NAME_CONTRACT_TYPE", "Cash loans"),
            Map.entry("CODE_GENDER", "M"),
            Map.entry("FLAG_OWN_CAR", "N"),
            Map.entry("FLAG_OWN_REALTY", "Y"),
            Map.entry("CNT_CHILDREN", "0"),
            Map.entry("AMT_INCOME_TOTAL", "202500.0"),
            Map.entry("AMT_CREDIT", "406597.5"),
            Map.entry("AMT_ANNUITY", "24700.5"),
            Map.entry("DAYS_BIRTH", "-9461")));
    return columns;
  }

  @Test
  void parsesKaggleStringsIntoTypedFields() {
    LoanApplication record = tryFill(validColumns());

    assertThat(record.getSKIDCURR()).isEqualTo(100002L);
    assertThat(record.getAMTCREDIT()).isEqualTo(406597.5);
    assertThat(record.getAMTANNUITY()).isEqualTo(24700.5);
    assertThat(record.getDAYSBIRTH()).isEqualTo(-9461);
    assertThat(record.getNAMECONTRACTTYPE()).isEqualTo("Cash loans");
    assertThat(record.getApplicationId()).isEqualTo("app-1");
    assertThat(LoanApplications.toColumns(record)).containsEntry("AMT_CREDIT", 406597.5);
  }

  @Test
  void namesEveryBadFieldAtOnce() {
    Map<String, Object> columns = validColumns();
    columns.put("AMT_CREDIT", "a lot");
    columns.put("CNT_CHILDREN", "1.5");
    columns.put("CODE_GENDER", null);

    assertThatThrownBy(() -> tryFill(columns))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMT_CREDIT: not a number: 'a lot'")
        .hasMessageContaining("CNT_CHILDREN: not a whole number: 1.5")
        .hasMessageContaining("CODE_GENDER: required, but missing");
  }

  /**
   * Gives every required column not mentioned in {@code columns} a placeholder, so that a test only
   * checks the columns it names (an explicit null stays null).
   */
  private static LoanApplication tryFill(Map<String, Object> columns) {
    for (var field : LoanApplication.SCHEMA$.getFields()) {
      boolean envelope = LoanApplications.ENVELOPE.contains(field.name());
      if (!envelope && !field.schema().isNullable() && !columns.containsKey(field.name())) {
        boolean text = field.schema().getType() == org.apache.avro.Schema.Type.STRING;
        columns.put(field.name(), text ? "X" : "1");
      }
    }
    return LoanApplications.fromColumns(columns::get, "app-1", "TEST", NOW);
  }
}
