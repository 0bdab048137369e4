package io.creditstream.portal.store;

import io.creditstream.avro.DriftReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The drift reports seen on {@code model-drift}, one row per model version, scorer and window. */
@Component
public class DriftStore {

  private static final TypeReference<TreeMap<String, Double>> PSI = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final JsonMapper json;

  public DriftStore(JdbcTemplate jdbc, JsonMapper json, StoreSchema schema) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void apply(DriftReport report) {
    jdbc.update(
        "MERGE INTO drift (model_version, scorer_instance, window_start, window_end,"
            + " record_count, psi) KEY (model_version, scorer_instance, window_start)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        report.getModelVersion(),
        report.getScorerInstance(),
        report.getWindowStart().toEpochMilli(),
        report.getWindowEnd().toEpochMilli(),
        report.getCount(),
        json.writeValueAsString(new TreeMap<>(report.getPsi())));
  }

  /** The newest reports first, at most {@code limit}. */
  public List<DriftRow> recent(int limit) {
    return jdbc.query(
        "SELECT model_version, scorer_instance, window_start, window_end, record_count, psi"
            + " FROM drift ORDER BY window_end DESC, model_version, scorer_instance LIMIT ?",
        (rs, i) ->
            new DriftRow(
                rs.getString(1),
                rs.getString(2),
                Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)),
                rs.getLong(5),
                json.readValue(rs.getString(6), PSI)),
        limit);
  }

  /** One drift report; {@code maxPsi} is the worst feature's PSI (0.25+ is usually alarming). */
  public record DriftRow(
      String modelVersion,
      String scorerInstance,
      Instant windowStart,
      Instant windowEnd,
      long count,
      Map<String, Double> psi) {

    public double maxPsi() {
      return psi.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public String worstFeature() {
      return psi.entrySet().stream()
          .max(Map.Entry.comparingByValue())
          .map(Map.Entry::getKey)
          .orElse("");
    }
  }
}
