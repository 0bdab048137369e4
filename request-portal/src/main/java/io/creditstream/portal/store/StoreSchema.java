package io.creditstream.portal.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the local store's tables if they are missing. Times are epoch milliseconds (UTC) so that
 * the store never depends on the JVM's time zone.
 */
@Component
public class StoreSchema {

  private static final String[] DDL = {
    """
    CREATE TABLE IF NOT EXISTS decisions (
      application_id VARCHAR(128) NOT NULL,
      client_id BIGINT NOT NULL,
      outcome VARCHAR(16) NOT NULL,
      probability DOUBLE PRECISION NOT NULL,
      threshold DOUBLE PRECISION NOT NULL,
      model_version VARCHAR(128) NOT NULL,
      decided_at BIGINT NOT NULL,
      body CLOB NOT NULL,
      source_partition INT NOT NULL,
      source_offset BIGINT NOT NULL,
      PRIMARY KEY (application_id, client_id))""",
    "CREATE INDEX IF NOT EXISTS decisions_client ON decisions(client_id)",
    "CREATE INDEX IF NOT EXISTS decisions_time ON decisions(decided_at)",
    """
    CREATE TABLE IF NOT EXISTS applications (
      application_id VARCHAR(128) PRIMARY KEY,
      client_id BIGINT NOT NULL,
      channel VARCHAR(64) NOT NULL,
      submitted_at BIGINT NOT NULL,
      front_office VARCHAR(64))""",
    // What makes two submissions the same application (LoanApplications.fingerprint): a reused
    // application id with another fingerprint is a conflict, never a replacement.
    "ALTER TABLE applications ADD COLUMN IF NOT EXISTS fingerprint VARCHAR(64)",
    """
    CREATE TABLE IF NOT EXISTS refusals (
      topic VARCHAR(255) NOT NULL,
      part INT NOT NULL,
      record_offset BIGINT NOT NULL,
      application_id VARCHAR(128),
      client_id BIGINT,
      reason_code VARCHAR(32) NOT NULL,
      reason VARCHAR(8000) NOT NULL,
      origin VARCHAR(600) NOT NULL,
      failed_at BIGINT NOT NULL,
      processor VARCHAR(255),
      raw_key VARCHAR(1000),
      raw_value CLOB,
      PRIMARY KEY (topic, part, record_offset))""",
    "CREATE INDEX IF NOT EXISTS refusals_application ON refusals(application_id)",
    "CREATE INDEX IF NOT EXISTS refusals_client ON refusals(client_id)",
    "CREATE INDEX IF NOT EXISTS refusals_time ON refusals(failed_at)",
    """
    CREATE TABLE IF NOT EXISTS model_releases (
      version VARCHAR(128) PRIMARY KEY,
      card CLOB NOT NULL,
      feature_set_version VARCHAR(128) NOT NULL,
      released_at BIGINT NOT NULL)""",
    // The release key that signed the release (null: not signed, or not checked).
    "ALTER TABLE model_releases ADD COLUMN IF NOT EXISTS signed_by VARCHAR(128)",
    """
    CREATE TABLE IF NOT EXISTS model_active (
      id INT PRIMARY KEY,
      version VARCHAR(128) NOT NULL,
      activated_at BIGINT NOT NULL)""",
    """
    CREATE TABLE IF NOT EXISTS drift (
      model_version VARCHAR(128) NOT NULL,
      scorer_instance VARCHAR(255) NOT NULL,
      window_start BIGINT NOT NULL,
      window_end BIGINT NOT NULL,
      record_count BIGINT NOT NULL,
      psi CLOB NOT NULL,
      PRIMARY KEY (model_version, scorer_instance, window_start))""",
    """
    CREATE TABLE IF NOT EXISTS consumed_offsets (
      topic VARCHAR(255) NOT NULL,
      part INT NOT NULL,
      next_offset BIGINT NOT NULL,
      PRIMARY KEY (topic, part))""",
    """
    CREATE TABLE IF NOT EXISTS idempotency (
      front_office VARCHAR(64) NOT NULL,
      idem_key VARCHAR(255) NOT NULL,
      request_sha256 VARCHAR(64) NOT NULL,
      application_id VARCHAR(128) NOT NULL,
      client_id BIGINT NOT NULL,
      link_expires_at BIGINT NOT NULL,
      completed BOOLEAN NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (front_office, idem_key))"""
  };

  public StoreSchema(JdbcTemplate jdbc) {
    for (String statement : DDL) {
      jdbc.execute(statement);
    }
    keyDecisionsByApplicationAndClient(jdbc);
  }

  /**
   * Stores written before one application id could hold decisions of two clients keyed decisions by
   * application id alone: re-key them by (application id, client id), so that a front office's
   * reuse of an id for another client never makes one client's decision replace another's.
   */
  private static void keyDecisionsByApplicationAndClient(JdbcTemplate jdbc) {
    Integer keyColumns =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE k JOIN"
                + " INFORMATION_SCHEMA.TABLE_CONSTRAINTS c ON k.CONSTRAINT_NAME ="
                + " c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME WHERE k.TABLE_NAME ="
                + " 'DECISIONS' AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'",
            Integer.class);
    if (keyColumns != null && keyColumns == 1) {
      jdbc.execute("ALTER TABLE decisions DROP PRIMARY KEY");
      jdbc.execute("ALTER TABLE decisions ADD PRIMARY KEY (application_id, client_id)");
    }
  }
}
