package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.FULLNAME;
import static io.creditstream.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The environment the chart gives the scorer, read by the scorer's own {@link ScorerSettings}: the
 * variable names must turn into the settings Kafka Streams, the registry client and the scorer
 * expect. Secret values are stand-ins; Kubernetes' {@code $(VAR)} expansion is done as the kubelet
 * does it (earlier entries only).
 */
class ChartScorerSettingsTest {

  @Test
  void productionEnvironmentBecomesSaslSslRegistryAndStateSettings() {
    // given the scorer container's environment with production-like values
    RenderedChart chart = RenderedChart.render("values-production.yaml");
    Map<String, String> env =
        environment(
            chart,
            Map.of(
                "KAFKA_SASL_USERNAME", "scorer",
                "KAFKA_SASL_PASSWORD", "s3cret",
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "trust",
                "REGISTRY_USERNAME", "reg",
                "REGISTRY_PASSWORD", "regpw",
                "REGISTRY_SSL_TRUSTSTORE_PASSWORD", "regtrust"));

    // when the scorer loads its settings from it
    ScorerSettings settings = ScorerSettings.load(null, env);
    Map<String, Object> client = settings.clientConfig();

    // then every connection setting arrives under the name its consumer reads
    assertThat(client)
        .containsEntry("bootstrap.servers", "prod-kafka-bootstrap.kafka.svc:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"scorer\""
                + " password=\"s3cret\";")
        .containsEntry(
            "ssl.truststore.location", "/etc/creditstream/tls/kafka-truststore/truststore.p12")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.password", "trust")
        .containsEntry("schema.registry.url", "https://registry.kafka.svc:8443")
        .containsEntry("basic.auth.credentials.source", "USER_INFO")
        .containsEntry("basic.auth.user.info", "reg:regpw")
        .containsEntry(
            "schema.registry.ssl.truststore.location",
            "/etc/creditstream/tls/registry-truststore/truststore")
        .containsEntry("schema.registry.ssl.truststore.password", "regtrust")
        .containsEntry("auto.register.schemas", "false")
        .containsEntry("state.dir", "/var/lib/creditstream/state")
        .containsEntry("num.standby.replicas", "1")
        .containsEntry("num.stream.threads", "2")
        .containsEntry("application.id", "creditstream-scorer");
    assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
    assertThat(settings.httpPort()).isEqualTo(8090);
    assertThat(settings.reviewBelow()).isEqualTo(0.05);
    assertThat(settings.instance()).isEqualTo("prod-creditstream-scorer-0");
    // and the registry client the scorer builds opens the mounted truststore (absent here)
    assertThatThrownBy(() -> Topics.create(settings.all()))
        .hasMessageContaining(
            "cannot read the key store: /etc/creditstream/tls/registry-truststore/truststore");
    // and the topic renames reach the topics the scorer uses (in-memory registry for this check)
    Map<String, Object> offline = new TreeMap<>(settings.all());
    offline
        .keySet()
        .removeIf(k -> k.startsWith("schema.registry.ssl.") || k.startsWith("basic.auth."));
    offline.put("schema.registry.url", "mock://helm-chart-test");
    Topics topics = Topics.create(offline);
    assertThat(topics.loanDecisions().name()).isEqualTo("prod.loan-decisions");
    assertThat(topics.deadLetters().name()).isEqualTo("loan-applications-dlq");
    assertThat(topics.modelDrift().name()).isEqualTo("model-drift");
  }

  @Test
  void defaultEnvironmentLoadsWithoutAnySecret() {
    // given the default values: plaintext, no registry auth
    Map<String, String> env = environment(RenderedChart.render(), Map.of());

    // when loaded, then the scorer gets the defaults the chart documents and no security settings
    ScorerSettings settings = ScorerSettings.load(null, env);
    assertThat(settings.clientConfig())
        .containsEntry("security.protocol", "PLAINTEXT")
        .doesNotContainKeys("sasl.jaas.config", "ssl.truststore.location", "basic.auth.user.info");
    assertThat(settings.reasonsCount()).isEqualTo(4);
    assertThat(settings.thresholdOverride()).isEmpty();
  }

  /**
   * The container's environment as the kubelet builds it: envFrom first, then env in order, with
   * $(VAR) expanded from what is already defined; secrets and the pod name are stand-ins.
   */
  @SuppressWarnings("unchecked")
  static Map<String, String> environment(RenderedChart chart, Map<String, String> secretValues) {
    Map<String, Object> container =
        at(chart.get("StatefulSet", FULLNAME + "-scorer"), "spec.template.spec.containers[0]");
    Map<String, String> env = new TreeMap<>();
    Map<String, Object> configMap = at(chart.get("ConfigMap", FULLNAME + "-scorer"), "data");
    configMap.forEach((k, v) -> env.put(k, String.valueOf(v)));
    for (Map<String, Object> entry : (List<Map<String, Object>>) container.get("env")) {
      String name = (String) entry.get("name");
      if (entry.containsKey("value")) {
        env.put(name, expand(String.valueOf(entry.get("value")), env));
      } else if (RenderedChart.has(entry, "valueFrom.secretKeyRef")) {
        String value = secretValues.get(name);
        assertThat(value).as("a stand-in for secret variable " + name).isNotNull();
        env.put(name, value);
      } else if (RenderedChart.has(entry, "valueFrom.fieldRef")) {
        env.put(name, FULLNAME + "-scorer-0");
      }
    }
    return env;
  }

  private static String expand(String value, Map<String, String> defined) {
    Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = defined.getOrDefault(m.group(1), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
