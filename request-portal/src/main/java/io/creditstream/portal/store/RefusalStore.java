package io.creditstream.portal.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The applications that ended without a decision (mirrored from {@code loan-applications-dlq}, plus
 * the decisions the portal refused to show): what a client's page says instead of "being assessed"
 * for ever, and what auditors search. Writes happen only inside {@link TopicMirror}'s transaction.
 */
@Component
public class RefusalStore {

  private static final String COLUMNS =
      "topic, part, record_offset, application_id, client_id, reason_code, reason, origin,"
          + " failed_at, processor, raw_key, raw_value";

  private static final RowMapper<RefusalView> ROW =
      (rs, i) ->
          new RefusalView(
              rs.getString(1),
              rs.getInt(2),
              rs.getLong(3),
              rs.getString(4),
              rs.getObject(5) == null ? null : rs.getLong(5),
              rs.getString(6),
              rs.getString(7),
              rs.getString(8),
              Instant.ofEpochMilli(rs.getLong(9)),
              rs.getString(10),
              rs.getString(11),
              rs.getString(12));

  private final JdbcTemplate jdbc;

  public RefusalStore(JdbcTemplate jdbc, StoreSchema schema) {
    this.jdbc = jdbc;
  }

  /** Stores a refusal once (a re-read record replaces itself). */
  void put(RefusalView r) {
    jdbc.update(
        "MERGE INTO refusals ("
            + COLUMNS
            + ") KEY (topic, part, record_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.topic(),
        r.partition(),
        r.offset(),
        r.applicationId(),
        r.clientId(),
        r.reasonCode(),
        clip(r.reason(), 8000),
        clip(r.origin(), 600),
        r.failedAt().toEpochMilli(),
        r.processor(),
        clip(r.rawKey(), 1000),
        r.rawValue());
  }

  /**
   * The refusal that ended an application (the latest; conflicts about a reused id and unverifiable
   * records excluded), if the application ended that way.
   */
  public Optional<RefusalView> ending(String applicationId) {
    return ending(applicationId, null);
  }

  /**
   * The refusal that ended this client's application under this id: as {@link #ending(String)}, but
   * never another client's refusal under an id a front office reused (a refusal that names no
   * client still counts). Filtered in the query, so another client's later refusal cannot hide this
   * client's own.
   */
  public Optional<RefusalView> ending(String applicationId, Long clientId) {
    List<Object> args = new ArrayList<>();
    args.add(applicationId);
    args.add(RefusalView.CONFLICT);
    args.add(RefusalView.DUPLICATE_ID);
    // a record that does not verify ends nothing: anyone could have written it
    args.add(RefusalView.UNSEALED);
    args.add(RefusalView.FORGED);
    if (clientId != null) {
      args.add(clientId);
    }
    return jdbc
        .query(
            "SELECT "
                + COLUMNS
                + " FROM refusals WHERE application_id = ? AND reason_code NOT IN (?, ?, ?, ?)"
                + (clientId == null ? "" : " AND (client_id IS NULL OR client_id = ?)")
                + " ORDER BY failed_at DESC LIMIT 1",
            ROW,
            args.toArray())
        .stream()
        .findFirst();
  }

  public Optional<RefusalView> find(String topic, int partition, long offset) {
    return jdbc
        .query(
            "SELECT "
                + COLUMNS
                + " FROM refusals WHERE topic = ? AND part = ? AND record_offset = ?",
            ROW,
            topic,
            partition,
            offset)
        .stream()
        .findFirst();
  }

  /** Auditor search criteria; null means "any"; {@code to} is exclusive. */
  public record Query(
      Long clientId, String applicationId, String reasonCode, Instant from, Instant to) {}

  /** Newest first, one page of {@code size} rows after skipping {@code page * size}. */
  public List<RefusalView> search(Query q, int page, int size) {
    SearchSql search =
        new SearchSql("SELECT " + COLUMNS + " FROM refusals")
            .equal("client_id", q.clientId())
            .equal("application_id", q.applicationId())
            .equal("reason_code", q.reasonCode())
            .from("failed_at", q.from())
            .to("failed_at", q.to());
    return jdbc.query(
        search.sql("ORDER BY failed_at DESC, topic, part, record_offset LIMIT ? OFFSET ?"),
        ROW,
        search.args(size, (long) page * size));
  }

  /** The reason codes seen so far, for the auditors' filter. */
  public List<String> reasonCodes() {
    return jdbc.queryForList(
        "SELECT DISTINCT reason_code FROM refusals ORDER BY reason_code", String.class);
  }

  public long count() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM refusals", Long.class);
    return n == null ? 0 : n;
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
