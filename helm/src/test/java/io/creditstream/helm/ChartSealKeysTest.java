package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.FULLNAME;
import static io.creditstream.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.portal.config.PortalProperties;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.seal.SealKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The sealing keys through the chart: the scorer finds its private key where the Secret is mounted
 * and seals under the configured id; the portal finds each public key where its ConfigMap is
 * mounted; and a release that would leave either without keys is refused before it starts.
 */
class ChartSealKeysTest {

  private static final String SCORER = FULLNAME + "-scorer";
  private static final String PORTAL = FULLNAME + "-portal";

  @Test
  void scorerReadsTheMountedSecretAndSealsUnderTheConfiguredId(@TempDir Path mount)
      throws IOException {
    // given the scorer's environment and its seal volume, and a real key standing in for the
    // Secret's content at the mount point
    RenderedChart chart = RenderedChart.render();
    Map<String, String> env = ChartScorerSettingsTest.environment(chart, Map.of());
    Map<String, Object> sts = chart.get("StatefulSet", SCORER);
    String mountPath =
        at(sts, "spec.template.spec.containers[name=scorer].volumeMounts[name=seal].mountPath");
    Map<String, Object> volume = at(sts, "spec.template.spec.volumes[name=seal]");
    List<Map<String, Object>> items = at(volume, "secret.items");
    KeyPair pair = SealKeys.generate();
    Files.writeString(
        mount.resolve(items.get(0).get("path").toString()), SealKeys.pem(pair.getPrivate()));
    Map<String, String> local = new HashMap<>(env);
    local.replaceAll((name, value) -> value.replace(mountPath, mount.toString()));

    // when the scorer loads its settings and its signer
    SealKeys.Signer signer = ScorerSettings.load(null, local).sealSigner();

    // then it read the Secret's key (mounted read-only) under the id the values give
    assertThat(at(volume, "secret.secretName").toString()).isEqualTo("creditstream-seal");
    assertThat(items.get(0).get("key")).isEqualTo("seal.key");
    assertThat(env.get("CREDITSTREAM_SCORER_SEAL_PRIVATE__KEY")).startsWith(mountPath + "/");
    assertThat(
            (Boolean)
                at(
                    sts,
                    "spec.template.spec.containers[name=scorer].volumeMounts[name=seal].readOnly"))
        .isTrue();
    assertThat(signer.keyId()).isEqualTo("test-2026-12");
    assertThat(SealKeys.publicKeyOf(signer.privateKey())).isEqualTo(pair.getPublic());
  }

  @Test
  void portalVerifiesWithEachPublicKeyFromItsMountedConfigMap(@TempDir Path mount)
      throws IOException {
    // given the portal's configuration, its seal-keys ConfigMap and where it is mounted
    RenderedChart chart = RenderedChart.render();
    PortalProperties portal =
        Binder.get(ChartPortalConfigTest.environment(chart, Map.of()))
            .bind("creditstream.portal", PortalProperties.class)
            .get();
    MountedConfigMap keys = mounted(chart, "Deployment", PORTAL, "portal", "seal-keys");
    String mountPath = keys.path();
    Map<String, String> files = keys.files();

    // when each configured key file is looked up in the ConfigMap and parsed as the portal does
    Map<String, Path> configured = portal.mirror().sealPublicKeys();
    Map<String, Path> local = new HashMap<>();
    for (Map.Entry<String, Path> e : configured.entrySet()) {
      assertThat(e.getValue().getParent()).isEqualTo(Path.of(mountPath));
      String file = e.getValue().getFileName().toString();
      assertThat(files).containsKey(file);
      local.put(e.getKey(), Files.writeString(mount.resolve(file), files.get(file)));
    }
    SealKeys.KeyRing ring = SealKeys.readKeyRing(local);

    // then the scorer's key id is among them, and the PEM is a valid Ed25519 public key
    assertThat(configured).containsOnlyKeys("test-2026-12");
    assertThat(ring.knows("test-2026-12")).isTrue();
  }

  @Test
  void refusesAScorerWithoutASigningKey() {
    assertThatThrownBy(() -> RenderedChart.renderBare(cmd -> cmd))
        .hasMessageContaining("seal.existingSecret and seal.keyId are required");
  }

  @Test
  void refusesAPortalWithoutPublicKeysAndAKeyIdThePortalDoesNotKnow() {
    assertThatThrownBy(
            () ->
                RenderedChart.renderBare(
                    cmd ->
                        cmd.set("seal.existingSecret", "s")
                            .set("seal.keyId", "k1")
                            .set("modelReleases.allowUnsigned", true)))
        .hasMessageContaining("seal.publicKeys is required");
    assertThatThrownBy(() -> RenderedChart.render(cmd -> cmd.set("seal.keyId", "another-key")))
        .hasMessageContaining("seal.publicKeys has no key \"another-key\"");
  }

  @Test
  void scorerBelievesOnlyReleasesSignedByTheKeysOfItsMountedReleaseKeysConfigMap(
      @TempDir Path mount) throws IOException {
    // given the scorer's environment, its release-keys volume and that ConfigMap's files, written
    // where the volume is mounted
    RenderedChart chart = RenderedChart.render();
    Map<String, String> env = ChartScorerSettingsTest.environment(chart, Map.of());
    MountedConfigMap keys = mounted(chart, "StatefulSet", SCORER, "scorer", "release-keys");
    String mountPath = keys.path();
    for (Map.Entry<String, String> f : keys.files().entrySet()) {
      Files.writeString(mount.resolve(f.getKey()), f.getValue());
    }
    Map<String, String> local = new HashMap<>(env);
    local.replaceAll((name, value) -> value.replace(mountPath, mount.toString()));

    // when the scorer loads its settings
    var verification = ScorerSettings.load(null, local).releaseVerification();

    // then it verifies releases with the values' key, under its id, and believes no unsigned one
    assertThat(verification.verifies()).isTrue();
    assertThat(verification.allowUnsigned()).isFalse();
    assertThat(verification.releaseKeys().keys()).containsOnlyKeys("training-2026-12");
    assertThat(env.get("CREDITSTREAM_SCORER_RELEASE_PUBLIC__KEY_TRAINING__2026__12"))
        .isEqualTo(mountPath + "/training-2026-12.pem");
  }

  @Test
  void refusesAScorerWithoutAReleaseKeyUnlessUnsignedReleasesAreAllowed() {
    // the seal's values but no release key
    assertThatThrownBy(
            () ->
                RenderedChart.renderBare(
                    cmd -> cmd.set("seal.existingSecret", "s").set("seal.keyId", "k1")))
        .hasMessageContaining("modelReleases.publicKeys is required");
    RenderedChart dev =
        RenderedChart.renderBare(
            cmd ->
                cmd.set("seal.existingSecret", "s")
                    .set("seal.keyId", "k1")
                    .set("portal.enabled", false)
                    .set("modelReleases.allowUnsigned", true));
    Map<String, String> env = ChartScorerSettingsTest.environment(dev, Map.of());
    assertThat(ScorerSettings.load(null, env).releaseVerification().verifies()).isFalse();
  }

  @Test
  void portalReadsTheReleaseKeysFromItsMountedConfigMap() throws IOException {
    RenderedChart chart = RenderedChart.render();
    PortalProperties portal =
        Binder.get(ChartPortalConfigTest.environment(chart, Map.of()))
            .bind("creditstream.portal", PortalProperties.class)
            .get();
    MountedConfigMap keys = mounted(chart, "Deployment", PORTAL, "portal", "release-keys");

    assertThat(portal.mirror().releasePublicKeys()).containsOnlyKeys("training-2026-12");
    assertThat(portal.mirror().releasePublicKeys().get("training-2026-12"))
        .isEqualTo(Path.of(keys.path(), "training-2026-12.pem"));
    assertThat(keys.files()).containsKey("training-2026-12.pem");
    assertThat(portal.mirror().releaseAllowUnsigned()).isFalse();
  }

  /** Where a workload mounts a ConfigMap volume, and the ConfigMap's files. */
  private record MountedConfigMap(String path, Map<String, String> files) {}

  private static MountedConfigMap mounted(
      RenderedChart chart, String kind, String name, String container, String volume) {
    Map<String, Object> workload = chart.get(kind, name);
    String path =
        at(
            workload,
            "spec.template.spec.containers[name="
                + container
                + "].volumeMounts[name="
                + volume
                + "].mountPath");
    String configMap =
        at(workload, "spec.template.spec.volumes[name=" + volume + "].configMap.name").toString();
    return new MountedConfigMap(path, at(chart.get("ConfigMap", configMap), "data"));
  }
}
