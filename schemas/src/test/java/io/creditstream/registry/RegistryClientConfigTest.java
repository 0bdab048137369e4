package io.creditstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

  @Test
  void readsACommaSeparatedUrlListDroppingTrailingSlashes() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of("schema.registry.url", "http://a:8081/, https://b:8081/apis/ccompat/v7"));

    assertThat(config.urls())
        .containsExactly(URI.create("http://a:8081"), URI.create("https://b:8081/apis/ccompat/v7"));
  }

  @Test
  void takesCredentialsFromUserInfoWhenTheSourceIsUserInfo() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of(
                "schema.registry.url", "http://a:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:s3cret"));

    assertThat(config.userInfo()).isEqualTo("alice:s3cret");
  }

  @Test
  void takesCredentialsFromTheUrlByDefaultAndStripsThemFromIt() {
    RegistryClientConfig config =
        RegistryClientConfig.from(Map.of("schema.registry.url", "http://bob:pw@a:8081"));

    assertThat(config.userInfo()).isEqualTo("bob:pw");
    assertThat(config.urls()).containsExactly(URI.create("http://a:8081"));
  }

  @Test
  void refusesUserInfoSourceWithoutUserInfo() {
    assertThatThrownBy(
            () ->
                RegistryClientConfig.from(
                    Map.of(
                        "schema.registry.url",
                        "http://a:8081",
                        "basic.auth.credentials.source",
                        "USER_INFO")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.user.info");
  }

  @Test
  void refusesAMissingUrl() {
    assertThatThrownBy(() -> RegistryClientConfig.from(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url is required");
  }

  @Test
  void refusesANonHttpUrl() {
    assertThatThrownBy(() -> RegistryClientConfig.from(Map.of("schema.registry.url", "ftp://a")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be http://, https://");
  }

  @Test
  void boundsTheNumberOfRetries() {
    assertThatThrownBy(
            () ->
                RegistryClientConfig.from(
                    Map.of("schema.registry.url", "http://a", "schema.registry.retries", "1000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.retries")
        .hasMessageContaining("between 0 and 20");
  }

  @Test
  void readsRetryAndTlsSettingsWithConfluentNames() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of(
                "schema.registry.url", List.of("https://a:8081"),
                "schema.registry.retries", 5,
                "schema.registry.retry.backoff.ms", "50",
                "schema.registry.retry.backoff.max.ms", "400",
                "schema.registry.ssl.truststore.location", "/etc/trust.p12",
                "schema.registry.ssl.truststore.password", "changeit",
                "schema.registry.ssl.truststore.type", "PKCS12",
                "http.connect.timeout.ms", 1500));

    assertThat(config.maxRetries()).isEqualTo(5);
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofMillis(400));
    assertThat(config.truststoreLocation()).isEqualTo("/etc/trust.p12");
    assertThat(config.truststoreType()).isEqualTo("PKCS12");
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void recognisesAMockScope() {
    assertThat(RegistryClientConfig.mockScope(Map.of("schema.registry.url", "mock://unit")))
        .isEqualTo("unit");
    assertThat(RegistryClientConfig.mockScope(Map.of("schema.registry.url", "http://a"))).isNull();
  }
}
