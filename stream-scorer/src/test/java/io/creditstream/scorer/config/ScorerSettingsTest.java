package io.creditstream.scorer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.scorer.decision.DecisionTopology;
import io.creditstream.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerSettingsTest {

  @TempDir Path dir;

  @Test
  void environmentOverridesTheFileWhichOverridesTheDefaults() throws Exception {
    // given a file setting two keys, and the environment overriding one of them
    Path file = dir.resolve("scorer.properties");
    Files.writeString(
        file, "scorer.reasons.count=6\nbootstrap.servers=file-broker:9092\nsasl.mechanism=PLAIN\n");
    Map<String, String> env = Map.of("CREDITSTREAM_SCORER_REASONS_COUNT", "3", "PATH", "/usr/bin");

    // when
    ScorerSettings s = ScorerSettings.load(file, env);

    // then the environment wins, the file beats the default, defaults fill the rest
    assertThat(s.reasonsCount()).isEqualTo(3);
    assertThat(s.string("bootstrap.servers")).isEqualTo("file-broker:9092");
    assertThat(s.httpHost()).isEqualTo("127.0.0.1");
    assertThat(s.clientConfig()).containsEntry("sasl.mechanism", "PLAIN");
    assertThat(s.all()).doesNotContainKey("path");
  }

  @Test
  void theDecisionProducersLingerIsShortByDefaultAndCanBeOverridden() {
    // by default the streams producer waits 5 ms for a batch, not Kafka Streams' 100 ms
    assertThat(ScorerSettings.of(Map.of()).clientConfig()).containsEntry("producer.linger.ms", "5");
    // and the environment (or the file) wins
    ScorerSettings s = ScorerSettings.load(null, Map.of("CREDITSTREAM_PRODUCER_LINGER_MS", "50"));
    assertThat(s.clientConfig()).containsEntry("producer.linger.ms", "50");
  }

  @Test
  void theStreamsProducerCompressesWithZstdByDefaultAndCanBeOverridden() {
    // by default every batch the scorer writes (decisions above all) is zstd-compressed
    ScorerSettings defaults = ScorerSettings.of(Map.of(ScorerSettings.SEAL_DEV_GENERATE, "true"));
    assertThat(defaults.clientConfig())
        .containsEntry("producer.compression.type", "zstd")
        .containsEntry("producer.compression.zstd.level", "1");
    // and it reaches the streams config the topology runs with
    assertThat(
            DecisionTopology.streamsConfig(defaults, Topics.create(defaults.all()), null)
                .getProperty("producer.compression.type"))
        .isEqualTo("zstd");
    // and the environment (or the file) wins
    ScorerSettings s =
        ScorerSettings.load(null, Map.of("CREDITSTREAM_PRODUCER_COMPRESSION_TYPE", "lz4"));
    assertThat(s.clientConfig()).containsEntry("producer.compression.type", "lz4");
  }

  @Test
  void theRebalanceTimeoutIsAMinuteByDefaultAndCanBeOverridden() {
    // a fenced member's old id holds a rebalance for max.poll.interval.ms: a minute, not 5
    assertThat(ScorerSettings.of(Map.of()).clientConfig())
        .containsEntry("max.poll.interval.ms", "60000");
    ScorerSettings s = ScorerSettings.of(Map.of("max.poll.interval.ms", "120000"));
    assertThat(s.clientConfig()).containsEntry("max.poll.interval.ms", "120000");
  }

  @Test
  void mapsEnvironmentNamesToKeys() {
    // given names with single and double underscores
    Map<String, String> env =
        Map.of(
            "CREDITSTREAM_TOPIC_LOAN__DECISIONS", "prod.decisions",
            "CREDITSTREAM_SCHEMA_REGISTRY_URL", "https://registry:8081");

    // when / then
    assertThat(ScorerSettings.fromEnvironment(env))
        .containsEntry("topic.loan-decisions", "prod.decisions")
        .containsEntry("schema.registry.url", "https://registry:8081");
  }

  @Test
  void clientConfigLeavesOutTheScorersOwnKeysAndTopicNames() {
    // given
    ScorerSettings s =
        ScorerSettings.of(
            Map.of("topic.loan-decisions", "x", "ssl.truststore.location", "/etc/ts.jks"));

    // when
    Map<String, Object> client = s.clientConfig();

    // then
    assertThat(client).containsEntry("ssl.truststore.location", "/etc/ts.jks");
    assertThat(client).containsKey("application.id").containsKey("num.standby.replicas");
    assertThat(client.keySet()).noneMatch(k -> k.startsWith("scorer.") || k.startsWith("topic."));
    assertThat(s.all()).containsEntry("topic.loan-decisions", "x");
  }

  @Test
  void refusesBadValuesNamingTheKey() {
    assertThatThrownBy(() -> ScorerSettings.of(Map.of(ScorerSettings.REASONS_COUNT, "many")))
        .hasMessageContaining(ScorerSettings.REASONS_COUNT);
    assertThatThrownBy(() -> ScorerSettings.of(Map.of(ScorerSettings.REASONS_COUNT, "0")))
        .hasMessageContaining(ScorerSettings.REASONS_COUNT);
    assertThatThrownBy(() -> ScorerSettings.of(Map.of(ScorerSettings.THRESHOLD, "1.5")))
        .hasMessageContaining(ScorerSettings.THRESHOLD);
    assertThatThrownBy(() -> ScorerSettings.of(Map.of(ScorerSettings.HTTP_PORT, "70000")))
        .hasMessageContaining(ScorerSettings.HTTP_PORT);
    assertThatThrownBy(() -> ScorerSettings.load(dir.resolve("missing.properties"), Map.of()))
        .hasMessageContaining("missing.properties");
  }

  @Test
  void hidesSecretsWhenPrinted() {
    // given a JAAS config with a password
    ScorerSettings s =
        ScorerSettings.of(
            Map.of("sasl.jaas.config", "PlainLoginModule username=u password=hunter2"));

    // when / then
    assertThat(s.toString()).doesNotContain("hunter2").contains("sasl.jaas.config=[hidden]");
  }

  @Test
  void refusesToSealWithoutAConfiguredKeyUnlessTheDevSettingAsksForOne() {
    // no key and no dev setting: the scorer must not start, and the message names the setting
    assertThatThrownBy(() -> ScorerSettings.of(Map.of()).sealSigner())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ScorerSettings.SEAL_PRIVATE_KEY)
        .hasMessageContaining(ScorerSettings.SEAL_DEV_GENERATE);

    // the explicit dev setting generates one key per settings object, marked as such
    ScorerSettings dev = ScorerSettings.of(Map.of(ScorerSettings.SEAL_DEV_GENERATE, "true"));
    assertThat(dev.sealSigner().keyId()).startsWith("dev-ed25519-");
    assertThat(dev.sealSigner()).isSameAs(dev.sealSigner());
  }

  @Test
  void readsTheSigningKeyAndThePublicKeysOfARotationFromPemFiles() throws Exception {
    // given the active key k2 and the retired k1's public key
    java.security.KeyPair k1 = io.creditstream.seal.SealKeys.generate();
    java.security.KeyPair k2 = io.creditstream.seal.SealKeys.generate();
    Path priv =
        Files.writeString(
            dir.resolve("k2.key"), io.creditstream.seal.SealKeys.pem(k2.getPrivate()));
    Path pub1 =
        Files.writeString(dir.resolve("k1.pub"), io.creditstream.seal.SealKeys.pem(k1.getPublic()));
    Map<String, String> env =
        Map.of(
            "CREDITSTREAM_SCORER_SEAL_PRIVATE__KEY", priv.toString(),
            "CREDITSTREAM_SCORER_SEAL_KEY__ID", "k2",
            "CREDITSTREAM_SCORER_SEAL_PUBLIC__KEY_K1", pub1.toString());

    // when
    ScorerSettings s = ScorerSettings.load(null, env);

    // then the signer is k2, and verifiers accept k1 and k2
    assertThat(s.sealSigner().keyId()).isEqualTo("k2");
    assertThat(s.sealKeyRing().keys().keySet()).containsExactlyInAnyOrder("k1", "k2");
    assertThat(s.sealKeyRing().keys().get("k2").getEncoded())
        .isEqualTo(k2.getPublic().getEncoded());
  }

  @Test
  void aKeyFileThatIsNotAKeyStopsTheStartNamingTheSetting() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.key"), "not a key");

    assertThatThrownBy(
            () ->
                ScorerSettings.of(Map.of(ScorerSettings.SEAL_PRIVATE_KEY, junk.toString()))
                    .sealSigner())
        .hasMessageContaining(ScorerSettings.SEAL_PRIVATE_KEY);
  }

  @Test
  void refusesToStartWithoutAReleaseKeyUnlessUnsignedReleasesAreExplicitlyAllowed()
      throws Exception {
    assertThatThrownBy(() -> ScorerSettings.of(Map.of()).releaseVerification())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ScorerSettings.RELEASE_PUBLIC_KEY_PREFIX)
        .hasMessageContaining(ScorerSettings.RELEASE_ALLOW_UNSIGNED);
    assertThatThrownBy(
            () -> ScorerSettings.of(Map.of(ScorerSettings.RELEASE_ALLOW_UNSIGNED, "yes")))
        .hasMessageContaining(ScorerSettings.RELEASE_ALLOW_UNSIGNED);

    assertThat(
            ScorerSettings.of(Map.of(ScorerSettings.RELEASE_ALLOW_UNSIGNED, "true"))
                .releaseVerification()
                .verifies())
        .isFalse();

    // a release key from the environment, as the Helm chart sets it
    java.security.KeyPair release = io.creditstream.seal.SealKeys.generate();
    Path pub =
        Files.writeString(
            dir.resolve("release.pub"), io.creditstream.seal.SealKeys.pem(release.getPublic()));
    ScorerSettings s =
        ScorerSettings.load(
            null, Map.of("CREDITSTREAM_SCORER_RELEASE_PUBLIC__KEY_TRAINING__2026", pub.toString()));
    assertThat(s.releaseVerification().verifies()).isTrue();
    assertThat(s.releaseVerification().allowUnsigned()).isFalse();
    assertThat(s.releaseVerification().releaseKeys().keys()).containsOnlyKeys("training-2026");
  }
}
