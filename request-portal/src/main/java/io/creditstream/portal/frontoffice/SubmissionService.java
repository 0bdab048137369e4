package io.creditstream.portal.frontoffice;

import io.creditstream.avro.LoanApplication;
import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.records.LoanApplications;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Accepts a validated application: assigns its id, publishes it, and issues the client's link; with
 * an Idempotency-Key, a retried request gets the first answer instead of a second application.
 */
@Service
public class SubmissionService {

  private final ApplicationPublisher publisher;
  private final IdempotencyStore idempotency;
  private final LinkCredentials credentials;
  private final DecisionStore store;
  private final PortalProperties properties;
  private final Clock clock;

  public SubmissionService(
      ApplicationPublisher publisher,
      IdempotencyStore idempotency,
      LinkCredentials credentials,
      DecisionStore store,
      PortalProperties properties,
      Clock clock) {
    this.publisher = publisher;
    this.idempotency = idempotency;
    this.credentials = credentials;
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /** The answer to a submission. */
  public sealed interface Outcome {}

  /** Accepted; {@code replayed} when this is the stored answer to an earlier request. */
  public record Accepted(Submission submission, boolean replayed) implements Outcome {}

  /** The key was used before for a different body. */
  public record KeyReused() implements Outcome {}

  /** The first request with this key has not finished yet. */
  public record InProgress() implements Outcome {}

  /** The application id already names another application (another client or other content). */
  public record IdConflict(String applicationId) implements Outcome {}

  /** What the front office is given for an accepted application. */
  public record Submission(
      String applicationId,
      long clientId,
      String status,
      String statusUrl,
      String clientLink,
      Instant linkExpiresAt) {}

  /**
   * @param application validated, without application id unless the submitter chose one
   * @param requestBody the raw body, whose hash tells a retry from a different request
   * @throws ApplicationPublisher.PublishFailedException when the broker did not acknowledge
   */
  public Outcome submit(
      String frontOffice,
      Optional<String> idempotencyKey,
      LoanApplication application,
      byte[] requestBody) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expires = now.plus(properties.linkTtl()).truncatedTo(ChronoUnit.SECONDS);
    if (application.getApplicationId() == null) {
      application.setApplicationId(
          idempotencyKey
              .map(k -> applicationIdFor(frontOffice, k))
              .orElseGet(() -> UUID.randomUUID().toString()));
    }
    application.setSubmittedAt(now);
    long clientId = application.getSKIDCURR();
    if (idempotencyKey.isEmpty()) {
      if (!publishOnce(application, frontOffice)) {
        return new IdConflict(application.getApplicationId());
      }
      return new Accepted(submission(application.getApplicationId(), clientId, expires), false);
    }
    String key = idempotencyKey.get();
    IdempotencyStore.Entry candidate =
        new IdempotencyStore.Entry(
            sha256Hex(requestBody), application.getApplicationId(), clientId, expires, false);
    Optional<IdempotencyStore.Entry> existing = idempotency.reserve(frontOffice, key, candidate);
    if (existing.isPresent()) {
      IdempotencyStore.Entry e = existing.get();
      if (!e.requestSha256().equals(candidate.requestSha256())) {
        return new KeyReused();
      }
      if (!e.completed()) {
        return new InProgress();
      }
      return new Accepted(submission(e.applicationId(), e.clientId(), e.linkExpiresAt()), true);
    }
    boolean published;
    try {
      published = publishOnce(application, frontOffice);
    } catch (RuntimeException ex) {
      idempotency.release(frontOffice, key);
      throw ex;
    }
    if (!published) {
      idempotency.release(frontOffice, key);
      return new IdConflict(application.getApplicationId());
    }
    idempotency.complete(frontOffice, key);
    return new Accepted(submission(application.getApplicationId(), clientId, expires), false);
  }

  /**
   * Claims the application id, then publishes: false (nothing published) when the id already names
   * another application. A resend of the very same application is published again: the scorer
   * recognises it and decides it once.
   */
  private boolean publishOnce(LoanApplication application, String frontOffice) {
    DecisionStore.Claim claim =
        store.claim(
            application.getApplicationId(),
            application.getSKIDCURR(),
            application.getChannel(),
            application.getSubmittedAt(),
            frontOffice,
            LoanApplications.fingerprint(application));
    if (claim == DecisionStore.Claim.CONFLICT) {
      return false;
    }
    try {
      publisher.publish(application, frontOffice);
    } catch (RuntimeException e) {
      if (claim == DecisionStore.Claim.NEW) {
        // Nothing was published: the id must not stay "pending" for ever.
        store.forget(application.getApplicationId());
      }
      throw e;
    }
    return true;
  }

  /**
   * A new link to the client's page of an application the portal has seen (published here or
   * straight to the topic by the front office), valid for the configured time.
   */
  public Submission linkFor(String applicationId, long clientId) {
    Instant expires = clock.instant().plus(properties.linkTtl()).truncatedTo(ChronoUnit.SECONDS);
    return submission(applicationId, clientId, expires);
  }

  private Submission submission(String applicationId, long clientId, Instant expires) {
    String base = properties.publicBaseUrl().replaceAll("/+$", "");
    return new Submission(
        applicationId,
        clientId,
        "PENDING",
        base + "/api/v1/applications/" + applicationId + "/decision",
        base + "/c/" + credentials.issue(applicationId, clientId, expires),
        expires);
  }

  /**
   * A name-based id (the layout of a version-5 UUID, over SHA-256): the same front office and key
   * give the same id on every instance, different front offices never collide.
   */
  public static String applicationIdFor(String frontOffice, String idempotencyKey) {
    byte[] h =
        sha256(
            ("creditstream/application/" + frontOffice + "\u0000" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  private static String sha256Hex(byte[] body) {
    return HexFormat.of().formatHex(sha256(body));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
