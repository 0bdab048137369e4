package io.creditstream.systemtests;

import io.creditstream.avro.LoanApplication;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.records.LoanApplications;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Valid applications from the generated file: as records (for Kafka) or JSON bodies (for the API).
 */
final class Samples {
  private static final ObjectMapper JSON = JsonMapper.builderWithJackson2Defaults().build();

  private Samples() {}

  /** The first {@code n} rows that make valid records, each with a fresh application id. */
  static List<LoanApplication> records(Path trafficFile, int n) {
    List<LoanApplication> out = new ArrayList<>();
    try (TableReader reader = TableReader.open(trafficFile, HomeCreditTable.APPLICATION_TEST)) {
      reader.forEach(
          row -> {
            if (out.size() < n) {
              try {
                out.add(
                    LoanApplications.fromColumns(
                        row::get, UUID.randomUUID().toString(), "SYSTEM-TEST", Instant.now()));
              } catch (IllegalArgumentException skipped) {
                // not a valid row: the corpus needs valid ones only
              }
            }
          },
          problem -> {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.size() < n) {
      throw new IllegalStateException("Only " + out.size() + " valid rows in " + trafficFile);
    }
    return out;
  }

  /**
   * The API body for a record: Kaggle columns with values (nulls left out), as the feeder sends.
   */
  static Map<String, Object> body(LoanApplication record) {
    Map<String, Object> body = new LinkedHashMap<>();
    LoanApplications.toColumns(record)
        .forEach(
            (column, value) -> {
              if (value != null) {
                body.put(column, value instanceof CharSequence s ? s.toString() : value);
              }
            });
    body.put("channel", "SYSTEM-TEST");
    return body;
  }

  static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  static ObjectMapper mapper() {
    return JSON;
  }
}
