package io.creditstream.portal.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the local decision store. Writes happen only inside {@link TopicMirror}'s
 * transaction; reads serve the API, the client pages and the auditors.
 */
@Component
public class DecisionStore {

  private final JdbcTemplate jdbc;
  private final JsonMapper json;

  public DecisionStore(JdbcTemplate jdbc, JsonMapper json, StoreSchema schema) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Stores a decision by application id and client, so a re-delivered decision replaces itself
   * instead of doubling, and a decision for another client under an id a front office reused never
   * replaces the first client's: each client sees their own.
   *
   * @return false when the application id already holds another client's decision (the reuse is
   *     then recorded for auditors by the caller)
   */
  boolean upsert(DecisionView d, int partition, long offset) {
    Integer others =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM decisions WHERE application_id = ? AND client_id <> ?",
            Integer.class,
            d.applicationId(),
            d.clientId());
    jdbc.update(
        "MERGE INTO decisions (application_id, client_id, outcome, probability, threshold,"
            + " model_version, decided_at, body, source_partition, source_offset)"
            + " KEY (application_id, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        d.applicationId(),
        d.clientId(),
        d.outcome(),
        d.probabilityOfDefault(),
        d.threshold(),
        d.modelVersion(),
        d.decidedAt().toEpochMilli(),
        json.writeValueAsString(d),
        partition,
        offset);
    return others == null || others == 0;
  }

  /**
   * Records an application read on {@code loan-applications}: the first one under an id is kept, so
   * a later application that reuses the id (another client's, or changed content) never replaces
   * it; the scorer refuses that one as a conflict.
   */
  void upsertApplication(
      String applicationId,
      long clientId,
      String channel,
      Instant submittedAt,
      String frontOffice,
      String fingerprint) {
    try {
      jdbc.update(
          "INSERT INTO applications (application_id, client_id, channel, submitted_at,"
              + " front_office, fingerprint) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
              + " (SELECT 1 FROM applications WHERE application_id = ?)",
          applicationId,
          clientId,
          channel,
          submittedAt.toEpochMilli(),
          frontOffice,
          fingerprint,
          applicationId);
    } catch (DuplicateKeyException firstOneStays) {
      // Claimed by a submission on another thread between the check and the insert: the first
      // application under the id is the one kept, which is the point.
    }
  }

  /**
   * The decision of an application: the one for the client its first application named (a front
   * office that reused the id for another client does not change whose it is), else the earliest.
   */
  public Optional<DecisionView> find(String applicationId) {
    return jdbc
        .query(
            "SELECT d.body FROM decisions d LEFT JOIN applications a ON a.application_id ="
                + " d.application_id WHERE d.application_id = ? ORDER BY CASE WHEN a.client_id ="
                + " d.client_id THEN 0 ELSE 1 END, d.decided_at LIMIT 1",
            (rs, i) -> json.readValue(rs.getString(1), DecisionView.class),
            applicationId)
        .stream()
        .findFirst();
  }

  /** The decision of this client's application under this id (what their link shows). */
  public Optional<DecisionView> find(String applicationId, long clientId) {
    return jdbc
        .query(
            "SELECT body FROM decisions WHERE application_id = ? AND client_id = ?",
            (rs, i) -> json.readValue(rs.getString(1), DecisionView.class),
            applicationId,
            clientId)
        .stream()
        .findFirst();
  }

  /** The application as seen on {@code loan-applications} (or submitted here), if it was. */
  public Optional<Application> application(String applicationId) {
    return jdbc
        .query(
            "SELECT application_id, client_id, channel, submitted_at, front_office, fingerprint"
                + " FROM applications WHERE application_id = ?",
            (rs, i) ->
                new Application(
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getString(3),
                    Instant.ofEpochMilli(rs.getLong(4)),
                    rs.getString(5),
                    rs.getString(6)),
            applicationId)
        .stream()
        .findFirst();
  }

  /** What {@link #claim} found. */
  public enum Claim {
    /** The id was free (or its only application was refused): it now names this application. */
    NEW,
    /** The id already names this very application (same client, same content): a resend. */
    SAME,
    /** The id names another application (another client, or other content): 409. */
    CONFLICT
  }

  /**
   * Claims an application id for an application about to be published, before the mirror catches
   * up: one id names one application. An id whose application the scorer refused by the contract
   * (VALIDATION: never decided, and the scorer records no id for it) may be claimed again by a
   * corrected application, as the scorer allows. Nothing else frees an id: not a refusal after the
   * scorer recorded the id (SCORING: it would refuse other content under it as a conflict), not
   * another client's refusal under the id, and not a record the portal refused as unverifiable,
   * which anyone with write access to a topic could have written.
   *
   * @param fingerprint {@code LoanApplications.fingerprint} of the application
   */
  public synchronized Claim claim(
      String applicationId,
      long clientId,
      String channel,
      Instant submittedAt,
      String frontOffice,
      String fingerprint) {
    Optional<Application> existing = application(applicationId);
    if (existing.isEmpty()) {
      upsertApplication(applicationId, clientId, channel, submittedAt, frontOffice, fingerprint);
      return Claim.NEW;
    }
    Application a = existing.get();
    if (a.clientId() == clientId && fingerprint.equals(a.fingerprint())) {
      return Claim.SAME;
    }
    boolean decided = find(applicationId).isPresent();
    Integer refused =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM refusals WHERE application_id = ? AND reason_code = ?"
                + " AND client_id = ?",
            Integer.class,
            applicationId,
            RefusalView.VALIDATION,
            a.clientId());
    if (!decided && refused != null && refused > 0) {
      jdbc.update(
          "UPDATE applications SET client_id = ?, channel = ?, submitted_at = ?, front_office = ?,"
              + " fingerprint = ? WHERE application_id = ?",
          clientId,
          channel,
          submittedAt.toEpochMilli(),
          frontOffice,
          fingerprint,
          applicationId);
      return Claim.NEW;
    }
    return Claim.CONFLICT;
  }

  /** Forgets a claimed application id whose application could not be published. */
  public void forget(String applicationId) {
    jdbc.update("DELETE FROM applications WHERE application_id = ?", applicationId);
  }

  /**
   * A submitted application; {@code frontOffice} is the submitter's name when it came through a
   * portal (the {@value #FRONT_OFFICE_HEADER} record header), null for other producers; {@code
   * fingerprint} tells a resend of it from another application under the same id.
   */
  public record Application(
      String applicationId,
      long clientId,
      String channel,
      Instant submittedAt,
      String frontOffice,
      String fingerprint) {}

  /** The record header naming the front office that submitted an application. */
  public static final String FRONT_OFFICE_HEADER = "creditstream-front-office";

  /**
   * The record header that proves {@link #FRONT_OFFICE_HEADER} was written by a portal ({@code
   * LinkCredentials#frontOfficeTag}); without it, or when it does not verify, the name is not
   * believed.
   */
  public static final String FRONT_OFFICE_TAG_HEADER = "creditstream-front-office-tag";

  public long count() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM decisions", Long.class);
    return n == null ? 0 : n;
  }

  /** Auditor search; every criterion is optional. Newest first, at most {@code limit} rows. */
  public List<DecisionSummary> search(DecisionQuery q, int limit) {
    return search(q, limit, 0);
  }

  /** The same search, skipping the {@code offset} newest rows (a page of results). */
  public List<DecisionSummary> search(DecisionQuery q, int limit, long offset) {
    SearchSql search =
        new SearchSql(
                "SELECT application_id, client_id, outcome, probability, threshold, model_version,"
                    + " decided_at FROM decisions")
            .equal("client_id", q.clientId())
            .equal("application_id", q.applicationId())
            .from("decided_at", q.from())
            .to("decided_at", q.to())
            .equal("outcome", q.outcome())
            .equal("model_version", q.modelVersion());
    return jdbc.query(
        search.sql("ORDER BY decided_at DESC, application_id LIMIT ? OFFSET ?"),
        (rs, i) ->
            new DecisionSummary(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getDouble(4),
                rs.getDouble(5),
                rs.getString(6),
                Instant.ofEpochMilli(rs.getLong(7))),
        search.args(limit, offset));
  }

  public List<String> modelVersions() {
    return jdbc.queryForList(
        "SELECT DISTINCT model_version FROM decisions ORDER BY model_version", String.class);
  }

  /**
   * Outcome counts per model version and UTC day, and a score histogram (20 bins of 0.05) per model
   * version: the auditors' distributions over time.
   */
  public Distributions distributions() {
    Map<String, Map<String, Map<String, Long>>> outcomes = new LinkedHashMap<>();
    jdbc.query(
        "SELECT model_version, CAST(DATEADD('MILLISECOND', decided_at, TIMESTAMP '1970-01-01"
            + " 00:00:00') AS DATE) AS d, outcome, COUNT(*) FROM decisions"
            + " GROUP BY model_version, d, outcome ORDER BY model_version, d",
        rs -> {
          outcomes
              .computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
              .computeIfAbsent(rs.getString(2), k -> new LinkedHashMap<>())
              .put(rs.getString(3), rs.getLong(4));
        });
    Map<String, Map<String, Double>> meanScores = new LinkedHashMap<>();
    jdbc.query(
        "SELECT model_version, CAST(DATEADD('MILLISECOND', decided_at, TIMESTAMP '1970-01-01"
            + " 00:00:00') AS DATE) AS d, AVG(probability) FROM decisions"
            + " GROUP BY model_version, d ORDER BY model_version, d",
        rs -> {
          meanScores
              .computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
              .put(rs.getString(2), rs.getDouble(3));
        });
    Map<String, long[]> histograms = new LinkedHashMap<>();
    jdbc.query(
        "SELECT model_version, LEAST(19, CAST(FLOOR(probability * 20) AS INT)) AS b, COUNT(*)"
            + " FROM decisions GROUP BY model_version, b",
        rs -> {
          histograms.computeIfAbsent(rs.getString(1), k -> new long[20])[rs.getInt(2)] +=
              rs.getLong(3);
        });
    return new Distributions(outcomes, meanScores, histograms);
  }

  /** One row of a search result. */
  public record DecisionSummary(
      String applicationId,
      long clientId,
      String outcome,
      double probabilityOfDefault,
      double threshold,
      String modelVersion,
      Instant decidedAt) {}

  /** Auditor search criteria; null means "any". {@code to} is exclusive. */
  public record DecisionQuery(
      Long clientId,
      String applicationId,
      Instant from,
      Instant to,
      String outcome,
      String modelVersion) {}

  /**
   * {@code outcomesByDay}: model version, then day (yyyy-mm-dd), then outcome to count; {@code
   * meanScoreByDay}: model version, then day, to the mean probability of default; {@code
   * scoreHistograms}: model version to 20 counts over [0, 1).
   */
  public record Distributions(
      Map<String, Map<String, Map<String, Long>>> outcomesByDay,
      Map<String, Map<String, Double>> meanScoreByDay,
      Map<String, long[]> scoreHistograms) {}
}
