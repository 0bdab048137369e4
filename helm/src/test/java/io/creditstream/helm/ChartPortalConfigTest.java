package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.FULLNAME;
import static io.creditstream.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.portal.config.PortalProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * The portal's {@code application.yaml} and keys file from the chart, bound with Spring Boot's own
 * binder to the portal's {@link PortalProperties} and to Boot's {@link KafkaProperties}, with the
 * Secret-backed variables given stand-in values: the keys must land where the portal reads them.
 */
class ChartPortalConfigTest {

  @Test
  void productionConfigGivesTheKafkaClientsSaslSslAndTheSerdeRegistryAuth() throws IOException {
    // given the production-like config and stand-ins for the Secret-backed variables
    RenderedChart chart = RenderedChart.render("values-production.yaml");
    StandardEnvironment environment =
        environment(
            chart,
            Map.of(
                "KAFKA_SASL_JAAS_CONFIG", "jaas-line",
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "trust",
                "REGISTRY_USERNAME", "reg",
                "REGISTRY_PASSWORD", "regpw",
                "REGISTRY_SSL_TRUSTSTORE_PASSWORD", "regtrust"));
    Binder binder = Binder.get(environment);

    // when Spring binds it
    Map<String, Object> producer =
        binder.bind("spring.kafka", KafkaProperties.class).get().buildProducerProperties();
    PortalProperties portal = binder.bind("creditstream.portal", PortalProperties.class).get();

    // then the producer has the cluster's address and security, and the serde the registry's
    assertThat(producer)
        .containsEntry(
            "bootstrap.servers", java.util.List.of("prod-kafka-bootstrap.kafka.svc:9093"))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "jaas-line")
        .containsEntry(
            "ssl.truststore.location", "/etc/creditstream/tls/kafka-truststore/truststore.p12")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.password", "trust");
    assertThat(portal.publicBaseUrl()).isEqualTo("https://credit.example.com");
    assertThat(portal.schemaRegistryUrl()).isEqualTo("https://registry.kafka.svc:8443");
    assertThat(portal.topicsConfig())
        .containsEntry("basic.auth.credentials.source", "USER_INFO")
        .containsEntry("basic.auth.user.info", "reg:regpw")
        .containsEntry("schema.registry.ssl.truststore.password", "regtrust")
        .containsEntry("topic.loan-decisions", "prod.loan-decisions")
        .containsEntry("schema.registry.url", "https://registry.kafka.svc:8443");
    assertThat(binder.bind("server.address", String.class).get()).isEqualTo("0.0.0.0");
    assertThat(binder.bind("creditstream.portal.store-dir", String.class).get())
        .isEqualTo("/var/lib/creditstream/portal");
  }

  @Test
  void keysFileBindsFrontOfficesAndAuditors() throws IOException {
    // given one front office and one auditor in the values
    String hash = "a".repeat(64);
    String bcrypt = "$2a$12$" + "b".repeat(53);
    RenderedChart chart =
        RenderedChart.render(
            cmd ->
                cmd.set("portal.keys.frontOffices[0].name", "branch-app")
                    .set("portal.keys.frontOffices[0].apiKeySha256", hash)
                    .set("portal.keys.auditors[0].username", "auditor")
                    .set("portal.keys.auditors[0].passwordBcrypt", bcrypt));

    // when the keys Secret's file is bound as the portal would read it
    String keysFile =
        new String(
            Base64.getDecoder()
                .decode(
                    (String)
                        at(
                            chart.get("Secret", FULLNAME + "-portal-keys"),
                            "data.[portal-keys.yaml]")),
            StandardCharsets.UTF_8);
    StandardEnvironment environment = new StandardEnvironment();
    new YamlPropertySourceLoader()
        .load("portal-keys.yaml", new ByteArrayResource(keysFile.getBytes(StandardCharsets.UTF_8)))
        .forEach(environment.getPropertySources()::addFirst);
    PortalProperties portal =
        Binder.get(environment).bind("creditstream.portal", PortalProperties.class).get();

    // then the portal sees exactly that front office and that auditor
    assertThat(portal.frontOffices())
        .containsExactly(new PortalProperties.FrontOffice("branch-app", hash));
    assertThat(portal.auditors()).containsExactly(new PortalProperties.Auditor("auditor", bcrypt));
  }

  static StandardEnvironment environment(RenderedChart chart, Map<String, Object> env)
      throws IOException {
    String yaml = at(chart.get("ConfigMap", FULLNAME + "-portal"), "data.[application.yaml]");
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("secret-env", env));
    new YamlPropertySourceLoader()
        .load("application.yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
        .forEach(environment.getPropertySources()::addLast);
    return environment;
  }
}
