package io.creditstream.portal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.portal.PortalApplication;
import io.creditstream.portal.TestSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** Bad configuration stops start-up with a message naming the setting; overrides win. */
@ExtendWith(OutputCaptureExtension.class)
class PortalPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PortalProperties.class)
  static class Bind {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @Test
  void defaultsApplyAndEverySettingCanBeOverridden() {
    runner
        .withPropertyValues(
            "creditstream.portal.rate-limit.capacity=7",
            "creditstream.portal.topics[loan-decisions]=prod.loan-decisions",
            "creditstream.portal.serde[auto.register.schemas]=false")
        .run(
            ctx -> {
              PortalProperties p = ctx.getBean(PortalProperties.class);
              assertThat(p.rateLimit().capacity()).isEqualTo(7);
              assertThat(p.rateLimit().perSecond()).isEqualTo(5.0);
              assertThat(p.publicBaseUrl()).isEqualTo("http://127.0.0.1:8080");
              assertThat(p.topicsConfig())
                  .containsEntry("topic.loan-decisions", "prod.loan-decisions")
                  .containsEntry("auto.register.schemas", "false")
                  .containsKey("schema.registry.url");
            });
  }

  @Test
  void anApiKeyHashThatIsNotSha256StopsStartUpNamingTheSetting() {
    runner
        .withPropertyValues(
            "creditstream.portal.front-offices[0].name=branch",
            "creditstream.portal.front-offices[0].api-key-sha256=plain-key-instead-of-hash")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("frontOffices[0].apiKeySha256"));
  }

  @Test
  void aPasswordThatIsNotABcryptHashStopsStartUp() {
    runner
        .withPropertyValues(
            "creditstream.portal.auditors[0].username=alice",
            "creditstream.portal.auditors[0].password-bcrypt=hunter2")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("auditors[0].passwordBcrypt"));
  }

  @Test
  void theApplicationRefusesToStartWithAShortLinkSecretAndDoesNotLogIt(CapturedOutput output) {
    SpringApplication app = new SpringApplication(PortalApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setDefaultProperties(Map.of("creditstream.portal.mirror.enabled", "false"));
    String shortSecret = "shortButSecretValue";
    Throwable failure = null;
    try {
      app.run(
          "--spring.profiles.active=test",
          "--creditstream.portal.link-secret=" + shortSecret,
          "--creditstream.portal.store-dir=./target/config-test-store");
    } catch (RuntimeException e) {
      failure = e;
    }
    assertThat(failure).isNotNull();
    assertThat(output.getAll()).contains("creditstream.portal.link-secret is too short");
    assertThat(output.getAll()).doesNotContain(shortSecret);
    assertThat(output.getAll()).doesNotContain(TestSettings.LINK_SECRET);
  }
}
