package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.FULLNAME;
import static io.creditstream.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials given as values: the chart keeps them in Secrets of its own, never elsewhere. */
class ChartCredentialsTest {

  @Test
  void saslPlainCredentialsGoToAChartSecretAndAPlainLoginModuleLine() {
    // given SASL_PLAINTEXT with PLAIN and a user name and password in the values
    RenderedChart chart =
        RenderedChart.render(
            cmd ->
                cmd.set("kafka.securityProtocol", "SASL_PLAINTEXT")
                    .set("kafka.sasl.mechanism", "PLAIN")
                    .set("kafka.sasl.username", "scorer")
                    .set("kafka.sasl.password", "pa55word")
                    .set("schemaRegistry.basicAuth.enabled", true)
                    .set("schemaRegistry.basicAuth.username", "reg")
                    .set("schemaRegistry.basicAuth.password", "regpw")
                    .set("portal.keys.linkSecret", "x".repeat(40)));

    // when the Secrets and the containers' references are read
    Map<String, Object> kafka = chart.get("Secret", FULLNAME + "-kafka");
    Map<String, Object> registry = chart.get("Secret", FULLNAME + "-registry");
    Map<String, Object> scorer =
        at(chart.get("StatefulSet", FULLNAME + "-scorer"), "spec.template.spec.containers[0]");
    Map<String, Object> portal =
        at(chart.get("Deployment", FULLNAME + "-portal"), "spec.template.spec.containers[0]");

    // then the values are in those Secrets only, and both apps read them from there
    assertThat(ChartDefaultValuesTest.decode(at(kafka, "data.username"))).isEqualTo("scorer");
    assertThat(ChartDefaultValuesTest.decode(at(kafka, "data.password"))).isEqualTo("pa55word");
    assertThat(ChartDefaultValuesTest.decode(at(registry, "data.password"))).isEqualTo("regpw");
    for (Map<String, Object> container : java.util.List.of(scorer, portal)) {
      assertThat((Object) at(container, "env[name=KAFKA_SASL_PASSWORD].valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", FULLNAME + "-kafka", "key", "password"));
      assertThat((String) at(container, "env[name=KAFKA_SASL_JAAS_CONFIG].value"))
          .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
      assertThat((Object) at(container, "env[name=REGISTRY_USERNAME].valueFrom.secretKeyRef.name"))
          .isEqualTo(FULLNAME + "-registry");
    }
    assertThat(chart.text().replace(at(kafka, "data.password"), ""))
        .as("the password appears nowhere but base64 in its Secret")
        .doesNotContain("pa55word");
    // and a given link secret is kept in the keys Secret, with nothing generated
    assertThat(
            (Object) at(portal, "env[name=CREDITSTREAM_PORTAL_LINK_SECRET].valueFrom.secretKeyRef"))
        .isEqualTo(Map.of("name", FULLNAME + "-portal-keys", "key", "link-secret"));
    assertThat(
            ChartDefaultValuesTest.decode(
                at(chart.get("Secret", FULLNAME + "-portal-keys"), "data.link-secret")))
        .isEqualTo("x".repeat(40));
  }

  @Test
  void mutualTlsMountsTheClientKeystoreForBothApps() {
    // given SSL with a client keystore (Strimzi TLS KafkaUser)
    RenderedChart chart =
        RenderedChart.render(
            cmd ->
                cmd.set("kafka.securityProtocol", "SSL")
                    .set("kafka.tls.truststoreSecret", "my-cluster-cluster-ca-cert")
                    .set("kafka.tls.keystoreSecret", "creditstream-user"));

    // then the scorer gets the keystore settings and the portal's Spring config names it too
    Map<String, Object> settings = at(chart.get("ConfigMap", FULLNAME + "-scorer"), "data");
    assertThat(settings)
        .containsEntry(
            "CREDITSTREAM_SSL_KEYSTORE_LOCATION",
            "/etc/creditstream/tls/kafka-keystore/keystore.p12")
        .containsEntry("CREDITSTREAM_SSL_KEYSTORE_TYPE", "PKCS12")
        .doesNotContainKey("CREDITSTREAM_SASL_MECHANISM");
    Map<String, Object> pod =
        at(chart.get("StatefulSet", FULLNAME + "-scorer"), "spec.template.spec");
    assertThat((Object) at(pod, "volumes[name=kafka-keystore].secret.items[0]"))
        .isEqualTo(Map.of("key", "user.p12", "path", "keystore.p12"));
    assertThat(
            (Object)
                at(
                    pod,
                    "containers[0].env[name=KAFKA_SSL_KEYSTORE_PASSWORD].valueFrom.secretKeyRef"))
        .isEqualTo(Map.of("name", "creditstream-user", "key", "user.password"));
    Map<String, Object> config = ChartDefaultValuesTest.portalConfig(chart);
    assertThat((Object) at(config, "spring.kafka.ssl.key-store-location"))
        .isEqualTo("file:/etc/creditstream/tls/kafka-keystore/keystore.p12");
    assertThat(chart.ofKind("Secret"))
        .noneMatch(s -> FULLNAME.concat("-kafka").equals(at(s, "metadata.name")));
  }
}
