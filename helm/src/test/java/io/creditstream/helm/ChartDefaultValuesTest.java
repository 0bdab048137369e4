package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.FULLNAME;
import static io.creditstream.helm.RenderedChart.at;
import static io.creditstream.helm.RenderedChart.has;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart rendered with its defaults (and the required sealing key): a plaintext Kafka, no
 * optional extras.
 */
class ChartDefaultValuesTest {

  private static final String SCORER = FULLNAME + "-scorer";
  private static final String PORTAL = FULLNAME + "-portal";

  private static RenderedChart chart;

  @BeforeAll
  static void render() {
    chart = RenderedChart.render();
  }

  @Test
  void rendersTheScorerThePortalAndTheirPlumbingOnly() {
    // given the default values (rendered once above)
    // when the objects are listed
    List<String> objects = chart.kindsAndNames();

    // then there is no optional object (ingress, HPA, ServiceMonitor, KafkaTopic, Kafka secrets)
    assertThat(objects)
        .containsExactlyInAnyOrder(
            "PodDisruptionBudget/" + SCORER,
            "PodDisruptionBudget/" + PORTAL,
            "Secret/" + PORTAL + "-keys",
            "ConfigMap/" + PORTAL,
            "ConfigMap/" + PORTAL + "-release-keys",
            "ConfigMap/" + SCORER,
            "ConfigMap/" + SCORER + "-release-keys",
            "ConfigMap/" + PORTAL + "-seal-keys",
            "Service/" + PORTAL,
            "Service/" + SCORER,
            "Deployment/" + PORTAL,
            "StatefulSet/" + SCORER);
  }

  @Test
  void scorerKeepsItsStateStoresOnAVolumeClaimAtTheConfiguredStateDir() {
    // given the scorer's StatefulSet and its settings
    Map<String, Object> sts = chart.get("StatefulSet", SCORER);
    Map<String, Object> settings = chart.get("ConfigMap", SCORER);

    // when the state volume is followed from the claim template to the mount and the setting
    Map<String, Object> claim = at(sts, "spec.volumeClaimTemplates[0]");
    String mountPath =
        at(sts, "spec.template.spec.containers[name=scorer].volumeMounts[name=state].mountPath");

    // then each instance gets its own 5Gi ReadWriteOnce claim, mounted where Kafka Streams writes
    assertThat((Object) at(sts, "spec.replicas")).isEqualTo(1);
    assertThat((Object) at(sts, "spec.serviceName")).isEqualTo(SCORER);
    assertThat((Object) at(claim, "metadata.name")).isEqualTo("state");
    assertThat((Object) at(claim, "spec.resources.requests.storage")).isEqualTo("5Gi");
    assertThat((List<Object>) at(claim, "spec.accessModes")).containsExactly("ReadWriteOnce");
    assertThat(mountPath).isEqualTo("/var/lib/creditstream/state");
    assertThat((Object) at(settings, "data.CREDITSTREAM_STATE_DIR")).isEqualTo(mountPath);
    assertThat(has(sts, "spec.template.spec.volumes[name=state]"))
        .as("the state must come from the claim template, not a pod volume")
        .isFalse();
  }

  @Test
  void scorerProbesHitItsHealthEndpointsOnThePortItListensOn() {
    // given the scorer container and its settings
    Map<String, Object> container =
        at(chart.get("StatefulSet", SCORER), "spec.template.spec.containers[name=scorer]");
    Map<String, Object> settings = at(chart.get("ConfigMap", SCORER), "data");

    // when the probes and the listening address are read
    // then liveness/startup use /health/live and readiness /health/ready on the named http port,
    // which is the port the scorer is told to listen on, on every interface
    assertThat((Object) at(container, "livenessProbe.httpGet.path")).isEqualTo("/health/live");
    assertThat((Object) at(container, "startupProbe.httpGet.path")).isEqualTo("/health/live");
    assertThat((Object) at(container, "readinessProbe.httpGet.path")).isEqualTo("/health/ready");
    assertThat((Object) at(container, "readinessProbe.httpGet.port")).isEqualTo("http");
    assertThat((Object) at(container, "ports[name=http].containerPort")).isEqualTo(8090);
    assertThat(settings)
        .containsEntry("CREDITSTREAM_SCORER_HTTP_PORT", "8090")
        .containsEntry("CREDITSTREAM_SCORER_HTTP_HOST", "0.0.0.0")
        .containsEntry("CREDITSTREAM_BOOTSTRAP_SERVERS", "my-cluster-kafka-bootstrap:9092")
        .containsEntry("CREDITSTREAM_SECURITY_PROTOCOL", "PLAINTEXT")
        .containsEntry("CREDITSTREAM_TOPIC_LOAN__DECISIONS", "loan-decisions")
        .doesNotContainKey("CREDITSTREAM_SASL_MECHANISM");
    assertThat(
            (Object)
                at(
                    container,
                    "env[name=CREDITSTREAM_SCORER_INSTANCE].valueFrom.fieldRef.fieldPath"))
        .isEqualTo("metadata.name");
  }

  @Test
  void portalProbesHitTheActuatorGroupsOnThePortSpringIsGiven() {
    // given the portal container and the application.yaml it mounts
    Map<String, Object> container =
        at(chart.get("Deployment", PORTAL), "spec.template.spec.containers[name=portal]");
    Map<String, Object> config = portalConfig(chart);

    // then the probes use the actuator's liveness and readiness groups, enabled in the config,
    // on the port Spring listens on
    assertThat((Object) at(container, "livenessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/liveness");
    assertThat((Object) at(container, "readinessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/readiness");
    assertThat((Object) at(container, "ports[name=http].containerPort")).isEqualTo(8080);
    assertThat((Object) at(config, "server.port")).isEqualTo(8080);
    assertThat((Object) at(config, "server.address"))
        .as("the portal listens on loopback unless told otherwise")
        .isEqualTo("0.0.0.0");
    assertThat((Object) at(config, "management.endpoint.health.probes.enabled")).isEqualTo(true);
    assertThat((String) at(config, "management.endpoints.web.exposure.include"))
        .contains("health", "prometheus");
    assertThat((Object) at(chart.get("Deployment", PORTAL), "spec.replicas")).isEqualTo(2);
    assertThat((Object) at(config, "spring.kafka.bootstrap-servers"))
        .isEqualTo("my-cluster-kafka-bootstrap:9092");
  }

  @Test
  void bothPodsRunAsNonRootOnAReadOnlyRootWithAWritableTmp() {
    for (Map<String, Object> workload :
        List.of(chart.get("StatefulSet", SCORER), chart.get("Deployment", PORTAL))) {
      // given a workload's pod template
      Map<String, Object> pod = at(workload, "spec.template.spec");
      Map<String, Object> container = at(pod, "containers[0]");

      // then it cannot run as root or write to its image, and /tmp is an emptyDir
      assertThat((Object) at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
      assertThat((Object) at(pod, "securityContext.runAsUser")).isEqualTo(65532);
      assertThat((Object) at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
      assertThat((Object) at(container, "securityContext.allowPrivilegeEscalation"))
          .isEqualTo(false);
      assertThat((List<Object>) at(container, "securityContext.capabilities.drop"))
          .containsExactly("ALL");
      assertThat((Object) at(container, "volumeMounts[name=tmp].mountPath")).isEqualTo("/tmp");
      assertThat((Map<String, Object>) at(pod, "volumes[name=tmp]")).containsKey("emptyDir");
      assertThat((Map<String, Object>) at(container, "resources.limits")).containsKey("memory");
    }
  }

  @Test
  void portalKeepsItsLocalStoreOnAWritableVolume() {
    // given the portal's config and pod
    Map<String, Object> config = portalConfig(chart);
    Map<String, Object> pod = at(chart.get("Deployment", PORTAL), "spec.template.spec");

    // then the H2 store directory is a mounted emptyDir, not the read-only image
    String storeDir = at(config, "creditstream.portal.store-dir");
    assertThat(storeDir).isEqualTo("/var/lib/creditstream/portal");
    assertThat((Object) at(pod, "containers[0].volumeMounts[name=data].mountPath"))
        .isEqualTo(storeDir);
    assertThat((Object) at(pod, "volumes[name=data].emptyDir.sizeLimit")).isEqualTo("2Gi");
  }

  @Test
  void linkSigningKeyIsGeneratedOnceAtInstallAndReadFromThatSecret(@TempDir Path workDir) {
    // given the chart rendered with its hook resources made visible
    RenderedChart withHooks = RenderedChart.renderWithHooksAsPlainResources(workDir);

    // when the generated Secret and the portal's reference to it are read
    Map<String, Object> generated = withHooks.get("Secret", FULLNAME + "-portal-link-generated");
    Map<String, Object> ref =
        at(
            withHooks.get("Deployment", PORTAL),
            "spec.template.spec.containers[0].env[name=CREDITSTREAM_PORTAL_LINK_SECRET].valueFrom.secretKeyRef");

    // then it is a pre-install hook (never re-rendered on upgrade) kept on uninstall, holding 64
    // random characters, and the portal reads exactly that key
    assertThat((Object) at(generated, "metadata.annotations.[x-test-was-hook]"))
        .isEqualTo("pre-install");
    assertThat((Object) at(generated, "metadata.annotations.[helm.sh/resource-policy]"))
        .isEqualTo("keep");
    String secret = decode(at(generated, "data.link-secret"));
    assertThat(secret).hasSize(64).matches("[A-Za-z0-9]+");
    assertThat(ref).containsEntry("name", FULLNAME + "-portal-link-generated");
    assertThat(ref).containsEntry("key", "link-secret");
  }

  @Test
  void portalKeysFileListsNoFrontOfficeOrAuditorByDefault() {
    // given the keys Secret
    Map<String, Object> keys = chart.get("Secret", PORTAL + "-keys");

    // when its Spring file is decoded
    Map<String, Object> file = new Yaml().load(decode(at(keys, "data.[portal-keys.yaml]")));

    // then it is a valid config with empty lists, and the portal mounts it where Spring looks
    assertThat((List<Object>) at(file, "creditstream.portal.front-offices")).isEmpty();
    assertThat((List<Object>) at(file, "creditstream.portal.auditors")).isEmpty();
    Map<String, Object> container =
        at(chart.get("Deployment", PORTAL), "spec.template.spec.containers[0]");
    assertThat((String) at(container, "env[name=SPRING_CONFIG_ADDITIONAL_LOCATION].value"))
        .isEqualTo(
            "file:/etc/creditstream/portal/application.yaml,file:/etc/creditstream/keys/portal-keys.yaml");
    assertThat((Object) at(container, "volumeMounts[name=keys].mountPath"))
        .isEqualTo("/etc/creditstream/keys");
  }

  static Map<String, Object> portalConfig(RenderedChart chart) {
    String yaml = at(chart.get("ConfigMap", FULLNAME + "-portal"), "data.[application.yaml]");
    return new Yaml().load(yaml);
  }

  static String decode(String base64) {
    return new String(
        java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
  }
}
