package io.creditstream.portal.frontoffice;

import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.store.StoreSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers, per front office and Idempotency-Key, what the first request was (its body's hash) and
 * what it was answered (application id, client id, link expiry: the link is recomputed from them,
 * identical since the HMAC is deterministic).
 *
 * <p>The store is this instance's local database, so it only knows the keys this instance saw. That
 * is why application ids are derived from the front office and the key ({@link
 * SubmissionService#applicationIdFor}): a retry that lands on another instance gets the same
 * application id (the link differs only in its expiry), the application is published a second time
 * under that same id, and since the portal stores decisions by application id the client still sees
 * one application and one decision.
 */
@Component
public class IdempotencyStore {

  private static final long PURGE_EVERY_MILLIS = 3_600_000;

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration retention;
  private final AtomicLong nextPurge = new AtomicLong();

  public IdempotencyStore(
      JdbcTemplate jdbc, Clock clock, PortalProperties properties, StoreSchema schema) {
    this.jdbc = jdbc;
    this.clock = clock;
    // Once the link it answered with has expired, a stored answer is of no use to a retry.
    this.retention = properties.linkTtl();
  }

  /**
   * The stored answer of a key: the request's hash, what it was given, and whether it completed.
   */
  public record Entry(
      String requestSha256,
      String applicationId,
      long clientId,
      Instant linkExpiresAt,
      boolean completed) {}

  /**
   * Reserves the key for this request, or returns what is already stored under it. The primary key
   * makes two concurrent requests with the same key race safely: exactly one reserves.
   */
  public Optional<Entry> reserve(String frontOffice, String key, Entry candidate) {
    purgeIfDue();
    try {
      jdbc.update(
          "INSERT INTO idempotency (front_office, idem_key, request_sha256, application_id,"
              + " client_id, link_expires_at, completed, created_at) VALUES (?, ?, ?, ?, ?, ?, FALSE, ?)",
          frontOffice,
          key,
          candidate.requestSha256(),
          candidate.applicationId(),
          candidate.clientId(),
          candidate.linkExpiresAt().toEpochMilli(),
          clock.millis());
      return Optional.empty();
    } catch (DuplicateKeyException e) {
      return jdbc
          .query(
              "SELECT request_sha256, application_id, client_id, link_expires_at, completed"
                  + " FROM idempotency WHERE front_office = ? AND idem_key = ?",
              (rs, i) ->
                  new Entry(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getLong(3),
                      Instant.ofEpochMilli(rs.getLong(4)),
                      rs.getBoolean(5)),
              frontOffice,
              key)
          .stream()
          .findFirst();
    }
  }

  /** Forgets keys older than the link lifetime; at most once an hour, on the request path. */
  private void purgeIfDue() {
    long now = clock.millis();
    long due = nextPurge.get();
    if (now >= due && nextPurge.compareAndSet(due, now + PURGE_EVERY_MILLIS)) {
      jdbc.update(
          "DELETE FROM idempotency WHERE created_at < ? AND completed = TRUE",
          now - retention.toMillis());
    }
  }

  /** Keys stored for a front office (for tests and operators). */
  public int count(String frontOffice) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM idempotency WHERE front_office = ?", Integer.class, frontOffice);
    return n == null ? 0 : n;
  }

  public void complete(String frontOffice, String key) {
    jdbc.update(
        "UPDATE idempotency SET completed = TRUE WHERE front_office = ? AND idem_key = ?",
        frontOffice,
        key);
  }

  /** Forgets a reservation whose publication failed, so that the retry can publish. */
  public void release(String frontOffice, String key) {
    jdbc.update(
        "DELETE FROM idempotency WHERE front_office = ? AND idem_key = ? AND completed = FALSE",
        frontOffice,
        key);
  }
}
