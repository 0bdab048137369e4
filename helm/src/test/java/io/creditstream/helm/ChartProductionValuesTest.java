package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.FULLNAME;
import static io.creditstream.helm.RenderedChart.at;
import static io.creditstream.helm.RenderedChart.has;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart rendered with {@code values-production.yaml}: SASL_SSL to a Strimzi cluster, an https
 * registry with basic auth, credentials in Secrets managed outside the chart, three scorers, an
 * autoscaled portal behind a TLS ingress, ServiceMonitors, a PrometheusRule and KafkaTopics.
 */
class ChartProductionValuesTest {

  private static final String SCORER = FULLNAME + "-scorer";
  private static final String PORTAL = FULLNAME + "-portal";

  private static RenderedChart chart;

  @BeforeAll
  static void render() {
    chart = RenderedChart.render("values-production.yaml");
  }

  @Test
  void rendersTheOptionalObjectsAndNoSecretOfItsOwn() {
    // when the objects are listed
    List<String> objects = chart.kindsAndNames();

    // then ingress, HPA, ServiceMonitors, alerts and the topics are there, and no Secret: every
    // credential comes from an existing Secret
    assertThat(objects)
        .containsExactlyInAnyOrder(
            "PodDisruptionBudget/" + SCORER,
            "PodDisruptionBudget/" + PORTAL,
            "ConfigMap/" + PORTAL,
            "ConfigMap/" + PORTAL + "-release-keys",
            "ConfigMap/" + SCORER,
            "ConfigMap/" + SCORER + "-release-keys",
            "ConfigMap/" + PORTAL + "-seal-keys",
            "Service/" + PORTAL,
            "Service/" + SCORER,
            "Deployment/" + PORTAL,
            "StatefulSet/" + SCORER,
            "HorizontalPodAutoscaler/" + PORTAL,
            "Ingress/" + PORTAL,
            "ServiceMonitor/" + SCORER,
            "ServiceMonitor/" + PORTAL,
            "PrometheusRule/" + FULLNAME,
            "KafkaTopic/" + FULLNAME + "-loan-applications",
            "KafkaTopic/" + FULLNAME + "-client-features",
            "KafkaTopic/" + FULLNAME + "-loan-decisions",
            "KafkaTopic/" + FULLNAME + "-model-releases",
            "KafkaTopic/" + FULLNAME + "-dead-letters",
            "KafkaTopic/" + FULLNAME + "-model-drift",
            "KafkaTopic/" + FULLNAME + "-decision-checkpoints");
  }

  @Test
  void scorerRunsThreeInstancesEachWithItsOwnClaimAndOneDisruptionAtATime() {
    Map<String, Object> sts = chart.get("StatefulSet", SCORER);

    assertThat((Object) at(sts, "spec.replicas")).isEqualTo(3);
    assertThat((Object) at(sts, "spec.template.spec.containers[0].image"))
        .isEqualTo("ghcr.io/acme/creditstream-scorer:v1.2.3");
    assertThat((Object) at(sts, "spec.volumeClaimTemplates[0].spec.storageClassName"))
        .isEqualTo("fast-ssd");
    assertThat((Object) at(sts, "spec.volumeClaimTemplates[0].spec.resources.requests.storage"))
        .isEqualTo("20Gi");
    assertThat((Object) at(chart.get("PodDisruptionBudget", SCORER), "spec.maxUnavailable"))
        .isEqualTo(1);
    assertThat(
            (Object) at(chart.get("ConfigMap", SCORER), "data.CREDITSTREAM_NUM_STANDBY_REPLICAS"))
        .isEqualTo("1");
  }

  @Test
  void scorerGetsSaslScramAndTruststoreFromTheExistingSecrets() {
    // given the scorer container and its settings
    Map<String, Object> container =
        at(chart.get("StatefulSet", SCORER), "spec.template.spec.containers[name=scorer]");
    Map<String, Object> settings = at(chart.get("ConfigMap", SCORER), "data");
    Map<String, Object> pod = at(chart.get("StatefulSet", SCORER), "spec.template.spec");

    // then the user name and password come from the existing Secret, the JAAS line is built from
    // them by Kubernetes (never stored), and the truststore is mounted where the setting points
    assertThat(
            (Map<String, Object>)
                at(container, "env[name=KAFKA_SASL_USERNAME].valueFrom.secretKeyRef"))
        .containsEntry("name", "creditstream-kafka-user")
        .containsEntry("key", "username");
    assertThat(
            (Map<String, Object>)
                at(container, "env[name=KAFKA_SASL_PASSWORD].valueFrom.secretKeyRef"))
        .containsEntry("name", "creditstream-kafka-user")
        .containsEntry("key", "password");
    assertThat((String) at(container, "env[name=KAFKA_SASL_JAAS_CONFIG].value"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"$(KAFKA_SASL_USERNAME)\" password=\"$(KAFKA_SASL_PASSWORD)\";");
    assertThat((Object) at(container, "env[name=CREDITSTREAM_SASL_JAAS_CONFIG].value"))
        .isEqualTo("$(KAFKA_SASL_JAAS_CONFIG)");
    assertThat(envNames(container))
        .as("$(VAR) only expands variables defined earlier in the list")
        .containsSubsequence(
            "KAFKA_SASL_USERNAME",
            "KAFKA_SASL_PASSWORD",
            "KAFKA_SASL_JAAS_CONFIG",
            "CREDITSTREAM_SASL_JAAS_CONFIG");
    assertThat(settings)
        .containsEntry("CREDITSTREAM_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("CREDITSTREAM_SASL_MECHANISM", "SCRAM-SHA-512")
        .containsEntry("CREDITSTREAM_SSL_TRUSTSTORE_TYPE", "PKCS12")
        .containsEntry(
            "CREDITSTREAM_SSL_TRUSTSTORE_LOCATION",
            "/etc/creditstream/tls/kafka-truststore/truststore.p12")
        .containsEntry("CREDITSTREAM_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO")
        .containsEntry("CREDITSTREAM_SCHEMA_REGISTRY_URL", "https://registry.kafka.svc:8443")
        .containsEntry("CREDITSTREAM_TOPIC_LOAN__DECISIONS", "prod.loan-decisions");
    assertThat((Object) at(container, "volumeMounts[name=kafka-truststore].mountPath"))
        .isEqualTo("/etc/creditstream/tls/kafka-truststore");
    assertThat((Object) at(pod, "volumes[name=kafka-truststore].secret.secretName"))
        .isEqualTo("prod-cluster-ca-cert");
    assertThat((Object) at(pod, "volumes[name=kafka-truststore].secret.items[0]"))
        .isEqualTo(Map.of("key", "ca.p12", "path", "truststore.p12"));
    assertThat((Object) at(container, "env[name=CREDITSTREAM_BASIC_AUTH_USER_INFO].value"))
        .isEqualTo("$(REGISTRY_USERNAME):$(REGISTRY_PASSWORD)");
    assertThat((Object) at(container, "env[name=REGISTRY_PASSWORD].valueFrom.secretKeyRef.name"))
        .isEqualTo("creditstream-registry-user");
    assertThat((Object) at(pod, "volumes[name=registry-truststore].secret.items[0]"))
        .isEqualTo(Map.of("key", "truststore.p12", "path", "truststore"));
  }

  @Test
  void portalSpringConfigPointsAtTheSameClusterAndRegistryWithPlaceholdersOnly() {
    // given the portal's application.yaml
    Map<String, Object> config = ChartDefaultValuesTest.portalConfig(chart);

    // then Spring gets the SASL_SSL settings, secrets only as ${ENV} placeholders
    assertThat((Object) at(config, "spring.kafka.bootstrap-servers"))
        .isEqualTo("prod-kafka-bootstrap.kafka.svc:9093");
    assertThat((Object) at(config, "spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
    assertThat((Map<String, Object>) at(config, "spring.kafka.properties"))
        .containsEntry("[sasl.mechanism]", "SCRAM-SHA-512")
        .containsEntry("[sasl.jaas.config]", "${KAFKA_SASL_JAAS_CONFIG}");
    assertThat((Map<String, Object>) at(config, "spring.kafka.ssl"))
        .containsEntry(
            "trust-store-location", "file:/etc/creditstream/tls/kafka-truststore/truststore.p12")
        .containsEntry("trust-store-password", "${KAFKA_SSL_TRUSTSTORE_PASSWORD}");
    assertThat((Map<String, Object>) at(config, "creditstream.portal.serde"))
        .containsEntry("[basic.auth.credentials.source]", "USER_INFO")
        .containsEntry("[basic.auth.user.info]", "${REGISTRY_USERNAME}:${REGISTRY_PASSWORD}")
        .containsEntry("[auto.register.schemas]", "false");
    assertThat((Map<String, Object>) at(config, "creditstream.portal.topics"))
        .containsEntry("[loan-decisions]", "prod.loan-decisions");
    assertThat((Object) at(config, "creditstream.portal.public-base-url"))
        .isEqualTo("https://credit.example.com");
  }

  @Test
  void portalReadsItsKeysFromTheExistingSecretAndScalesWithTheAutoscaler() {
    Map<String, Object> deployment = chart.get("Deployment", PORTAL);
    Map<String, Object> pod = at(deployment, "spec.template.spec");

    assertThat(has(deployment, "spec.replicas")).as("the HPA owns the replica count").isFalse();
    assertThat((Object) at(pod, "containers[0].image"))
        .isEqualTo(
            "ghcr.io/acme/creditstream-portal@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(
            (Object)
                at(
                    pod,
                    "containers[0].env[name=CREDITSTREAM_PORTAL_LINK_SECRET].valueFrom.secretKeyRef"))
        .isEqualTo(Map.of("name", "creditstream-portal-keys", "key", "link-secret"));
    assertThat((Object) at(pod, "volumes[name=keys].secret.secretName"))
        .isEqualTo("creditstream-portal-keys");
    Map<String, Object> hpa = chart.get("HorizontalPodAutoscaler", PORTAL);
    assertThat((Object) at(hpa, "spec.scaleTargetRef.name")).isEqualTo(PORTAL);
    assertThat((Object) at(hpa, "spec.minReplicas")).isEqualTo(3);
    assertThat((Object) at(hpa, "spec.maxReplicas")).isEqualTo(10);
  }

  @Test
  void ingressTerminatesTlsForThePublicHostAndRoutesToThePortalService() {
    Map<String, Object> ingress = chart.get("Ingress", PORTAL);

    assertThat((Object) at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
    assertThat((Object) at(ingress, "spec.tls[0].secretName")).isEqualTo("credit-example-com-tls");
    assertThat((List<Object>) at(ingress, "spec.tls[0].hosts"))
        .containsExactly("credit.example.com");
    assertThat((Object) at(ingress, "spec.rules[0].host")).isEqualTo("credit.example.com");
    assertThat((Object) at(ingress, "spec.rules[0].http.paths[0].backend.service"))
        .isEqualTo(Map.of("name", PORTAL, "port", Map.of("name", "http")));
    assertThat((Object) at(chart.get("Service", PORTAL), "spec.ports[name=http].targetPort"))
        .isEqualTo("http");
  }

  @Test
  void serviceMonitorsScrapeEachAppsMetricsPathOnItsHttpPort() {
    Map<String, Object> scorer = chart.get("ServiceMonitor", SCORER);
    Map<String, Object> portal = chart.get("ServiceMonitor", PORTAL);

    assertThat((Object) at(scorer, "spec.endpoints[0]"))
        .isEqualTo(Map.of("port", "http", "path", "/metrics", "interval", "30s"));
    assertThat((Object) at(portal, "spec.endpoints[0]"))
        .isEqualTo(Map.of("port", "http", "path", "/actuator/prometheus", "interval", "30s"));
    assertThat((Object) at(scorer, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
    assertThat((Object) at(scorer, "spec.selector.matchLabels.[app.kubernetes.io/component]"))
        .isEqualTo("scorer");
    assertThat((Object) at(chart.get("Service", SCORER), "spec.ports[name=http].port"))
        .isEqualTo(8090);
  }

  @Test
  void topicsKeepDecisionsForeverNeverCompactedAndCompactFeaturesAndReleases() {
    // given the KafkaTopic resources by topic name
    Map<String, Map<String, Object>> topics =
        chart.ofKind("KafkaTopic").stream()
            .collect(Collectors.toMap(t -> at(t, "spec.topicName"), t -> t));

    // then names, partitions and the configs that matter are as promised
    assertThat(topics)
        .containsOnlyKeys(
            "loan-applications",
            "client-features",
            "prod.loan-decisions",
            "model-releases",
            "loan-applications-dlq",
            "model-drift",
            "decision-checkpoints");
    Map<String, Object> decisions = topics.get("prod.loan-decisions");
    assertThat((Object) at(decisions, "spec.config.[cleanup.policy]")).isEqualTo("delete");
    assertThat((Object) at(decisions, "spec.config.[retention.ms]")).isEqualTo("-1");
    assertThat((Object) at(decisions, "spec.partitions")).isEqualTo(12);
    assertThat((Object) at(decisions, "metadata.annotations.[helm.sh/resource-policy]"))
        .isEqualTo("keep");
    assertThat((Object) at(topics.get("client-features"), "spec.config.[cleanup.policy]"))
        .isEqualTo("compact");
    assertThat((Object) at(topics.get("client-features"), "spec.partitions"))
        .as("co-partitioned with loan-applications")
        .isEqualTo(at(topics.get("loan-applications"), "spec.partitions"));
    assertThat((Object) at(topics.get("model-releases"), "spec.config.[cleanup.policy]"))
        .isEqualTo("compact");
    assertThat((Object) at(topics.get("model-releases"), "spec.partitions")).isEqualTo(1);
    assertThat((Object) at(topics.get("model-releases"), "spec.config.[max.message.bytes]"))
        .isEqualTo("16777216");
    topics
        .values()
        .forEach(
            t -> {
              assertThat((Object) at(t, "metadata.labels.[strimzi.io/cluster]")).isEqualTo("prod");
              assertThat((Object) at(t, "spec.replicas")).isEqualTo(3);
            });
  }

  private static List<String> envNames(Map<String, Object> container) {
    List<Map<String, Object>> env = at(container, "env");
    return env.stream().map(e -> (String) e.get("name")).toList();
  }
}
