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
    @Valid @NotNull @DefaultValue Mirror mirror) {

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
   */
  public record Mirror(
      @DefaultValue("true") boolean enabled,
      @NotNull @DefaultValue("500ms") Duration pollTimeout,
      @NotNull @DefaultValue("30s") Duration partitionRefresh,
      @DefaultValue Map<String, Path> sealPublicKeys) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public Mirror {
      sealPublicKeys = sealPublicKeys == null ? Map.of() : Map.copyOf(sealPublicKeys);
    }

    /** No seal keys: every decision is refused (tests of other parts). */
    public Mirror(boolean enabled, Duration pollTimeout, Duration partitionRefresh) {
      this(enabled, pollTimeout, partitionRefresh, Map.of());
    }
  }

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
        + ", linkSecret=<hidden>, linkTtl="
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
        + "]";
  }
}
