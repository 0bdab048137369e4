package io.creditstream.portal.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the portal can be configured with, under {@code creditstream.portal}; every setting
 * can also come from an environment variable ({@code CREDITSTREAM_PORTAL_LINK_SECRET}, {@code
 * CREDITSTREAM_PORTAL_FRONTOFFICES_0_NAME}, ...).
 *
 * <p>Secrets ({@code link-secret}) are deliberately not validated with bean-validation annotations:
 * Boot's failure report prints the rejected value, so {@code LinkCredentials} checks them and names
 * only the property. {@link #toString()} never prints them either.
 */
@ConfigurationProperties("creditstream.portal")
@Validated
public record PortalProperties(
    @NotBlank
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        @DefaultValue("http://127.0.0.1:8080")
        String publicBaseUrl,
    String linkSecret,
    @NotNull @DefaultValue("30d") Duration linkTtl,
    @Valid @DefaultValue List<FrontOffice> frontOffices,
    @Valid @DefaultValue List<Auditor> auditors,
    @Valid @NotNull @DefaultValue RateLimit rateLimit,
    @NotBlank @DefaultValue("http://127.0.0.1:8081/apis/ccompat/v7") String schemaRegistryUrl,
    @DefaultValue Map<String, String> serde,
    @DefaultValue Map<String, String> topics,
    @NotNull @DefaultValue("64KB") DataSize maxRequestSize,
    @NotNull @DefaultValue("10s") Duration publishTimeout,
    Path replayReportsDir,
    @Valid @NotNull @DefaultValue Mirror mirror,
    @DefaultValue List<String> linkPreviousSecrets,
    @Valid @NotNull @DefaultValue Client client,
    @Valid @NotNull @DefaultValue Signin signin,
    @Valid @NotNull @DefaultValue Drift drift) {

  /** A front-office system: its name and the SHA-256 (hex) of its API key. */
  public record FrontOffice(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String name,
      @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (SHA-256)")
          String apiKeySha256) {}

  /** An auditor login: user name and BCrypt hash of the password. */
  public record Auditor(
      @NotBlank String username,
      @NotBlank @Pattern(regexp = "\\$2[aby]?\\$\\d\\d\\$.{53}", message = "must be a BCrypt hash")
          String passwordBcrypt) {}

  /** Submissions per API key: a token bucket of {@code capacity} refilled at {@code perSecond}. */
  public record RateLimit(
      @Min(1) @DefaultValue("20") int capacity, @NotNull @DefaultValue("5") Double perSecond) {}

  /**
   * The portal's local view of the topics it mirrors.
   *
   * @param sealPublicKeys the public keys (PEM files) by key id whose seals the portal accepts: a
   *     decision is shown only if it is sealed by one of them (several during a key rotation)
   * @param releasePublicKeys the release keys (PEM files) by key id: with any, the model cards and
   *     the active model the portal shows come only from releases and activations they signed, as
   *     the scorer believes them; without any, from whatever {@code model-releases} holds
   * @param releaseAllowUnsigned with release keys, still believe unsigned records (migration)
   */
  public record Mirror(
      @DefaultValue("true") boolean enabled,
      @NotNull @DefaultValue("500ms") Duration pollTimeout,
      @NotNull @DefaultValue("30s") Duration partitionRefresh,
      @DefaultValue Map<String, Path> sealPublicKeys,
      @DefaultValue Map<String, Path> releasePublicKeys,
      @DefaultValue("false") boolean releaseAllowUnsigned,
      @DefaultValue("false") boolean historyBeforeSeals) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public Mirror {
      sealPublicKeys = sealPublicKeys == null ? Map.of() : Map.copyOf(sealPublicKeys);
      releasePublicKeys = releasePublicKeys == null ? Map.of() : Map.copyOf(releasePublicKeys);
    }

    /** No seal keys: every decision is refused (tests of other parts). */
    public Mirror(boolean enabled, Duration pollTimeout, Duration partitionRefresh) {
      this(enabled, pollTimeout, partitionRefresh, Map.of(), Map.of(), false, false);
    }

    /** The seal keys, read from their files; a file that is not a key stops the start. */
    public io.creditstream.seal.SealKeys.KeyRing sealKeyRing() {
      return keyRing(sealPublicKeys, "seal-public-keys");
    }

    /** The release keys, read from their files; a file that is not a key stops the start. */
    public io.creditstream.seal.SealKeys.KeyRing releaseKeyRing() {
      return keyRing(releasePublicKeys, "release-public-keys");
    }

    private static io.creditstream.seal.SealKeys.KeyRing keyRing(
        Map<String, Path> files, String setting) {
      try {
        return io.creditstream.seal.SealKeys.readKeyRing(files);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "creditstream.portal.mirror." + setting + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * What the client's page says and allows: whom a client contacts (each detail shown only when
   * set; without any, the page points to the branch or website that took the application), the
   * currency amounts are shown in, and how many live streams one link may hold open at once.
   */
  public record Client(
      @Valid @NotNull @DefaultValue Contact contact,
      @NotBlank
          @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
          @DefaultValue("EUR")
          String currency,
      @Min(1) @DefaultValue("4") int maxStreamsPerLink) {}

  /** The lender's contact details on the client's page; blank ones are not shown. */
  public record Contact(
      String name,
      String phone,
      @Pattern(regexp = "|[^@\\s]+@[^@\\s]+", message = "must be an e-mail address") String email,
      @Pattern(regexp = "|https?://\\S+", message = "must be an http(s) URL") String url,
      String hours) {}

  /**
   * Auditor sign-in throttling: after {@code freeFailures} failures in a row for one user name or
   * one address, each further attempt waits {@code firstDelay}, doubled at every failure, up to
   * {@code maxDelay}; a success clears the user's and the address's count.
   */
  public record Signin(
      @Min(1) @DefaultValue("5") int freeFailures,
      @NotNull @DefaultValue("2s") Duration firstDelay,
      @NotNull @DefaultValue("15m") Duration maxDelay) {}

  /**
   * The drift page: a window's PSI is judged only when it holds at least {@code minRecords}
   * records; smaller windows are shown as too small to judge rather than as drift.
   */
  public record Drift(@Min(1) @DefaultValue("500") long minRecords) {}

  /**
   * The serde/topic configuration handed to {@code Topics.create}: registry URL, serde settings
   * ({@code serde[auto.register.schemas]=false}) and topic renames ({@code
   * topics[loan-decisions]=prod.loan-decisions}).
   */
  public Map<String, Object> topicsConfig() {
    Map<String, Object> config = new java.util.HashMap<>(serde);
    topics.forEach((defaultName, name) -> config.put("topic." + defaultName, name));
    config.putIfAbsent("schema.registry.url", schemaRegistryUrl);
    return config;
  }

  @Override
  public String toString() {
    return "PortalProperties[publicBaseUrl="
        + publicBaseUrl
        + ", linkSecret=<hidden>, linkPreviousSecrets=<"
        + linkPreviousSecrets.size()
        + " hidden>, linkTtl="
        + linkTtl
        + ", frontOffices="
        + frontOffices.stream().map(FrontOffice::name).toList()
        + ", auditors="
        + auditors.stream().map(Auditor::username).toList()
        + ", rateLimit="
        + rateLimit
        + ", schemaRegistryUrl="
        + schemaRegistryUrl
        + ", maxRequestSize="
        + maxRequestSize
        + ", replayReportsDir="
        + replayReportsDir
        + ", mirror="
        + mirror
        + ", client="
        + client
        + ", signin="
        + signin
        + ", drift="
        + drift
        + "]";
  }
}
