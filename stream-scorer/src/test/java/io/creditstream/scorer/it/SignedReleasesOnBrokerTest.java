package io.creditstream.scorer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.ModelRelease;
import io.creditstream.features.FeatureSet;
import io.creditstream.records.ModelReleases;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.release.ModelRegistry;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.scorer.testing.TestModels.TestModel;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An insider who can write to {@code model-releases} but has no release key, against a scorer's
 * model registry configured as in production ({@code scorer.release.public-key.<id>}, unsigned
 * releases not believed), on the real broker and registry: their model is never loaded nor
 * activated, neither live nor when the registry reads the topic again from the beginning, and the
 * team's next signed release still is.
 */
@ExtendWith(LocalPlatformExtension.class)
class SignedReleasesOnBrokerTest {

  @Test
  void anInsidersUnsignedOrForgedModelIsNeverActivatedAndTheTeamsSignedOnesAre(
      LocalPlatform platform) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> config = new HashMap<>(SealFixtures.signedReleasesOnly());
    config.put(ScorerSettings.BOOTSTRAP_SERVERS, platform.bootstrapServers());
    config.put(ScorerSettings.REGISTRY_URL, platform.registryUrl());
    config.put("topic." + Topics.MODEL_RELEASES, Topics.MODEL_RELEASES + "-signed-" + run);
    ScorerSettings settings = ScorerSettings.of(config);
    Topics topics = Topics.create(config);
    String name = topics.modelReleases().name();
    platform.createTopic(name, 1, Map.of("cleanup.policy", "compact"));
    SealKeys.Signer team = SealFixtures.releaseSigner();
    SealKeys.Signer insider =
        new SealKeys.Signer(SealFixtures.RELEASE_KEY_ID, SealKeys.generate().getPrivate());
    TestModel teams = TestModels.extSource2Model(20);
    TestModel insiders = TestModels.extSource2Model(8);
    Instant t0 = Instant.now();

    try (KafkaProducer<String, ModelRelease> releases = producer(platform, topics)) {
      // the team's model, signed, and its signed activation
      releases.send(
          new ProducerRecord<>(
              name, teams.version(), ReleaseSignatures.sign(teams.release(), team)));
      releases.send(
          new ProducerRecord<>(
              name,
              ModelReleases.ACTIVE_KEY,
              ReleaseSignatures.sign(activation(teams.version(), t0), team)));
      releases.flush();
      ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
      ModelCatalog catalog =
          new ModelCatalog(FeatureSet.current(), metrics, settings.releaseVerification());
      try (ModelRegistry registry = new ModelRegistry(config, topics.modelReleases(), catalog)) {
        registry.start();
        assertThat(registry.awaitReady(Duration.ofSeconds(30))).isTrue();
        assertThat(registry.current().version()).isEqualTo(teams.version());

        // when the insider releases and activates their own model, unsigned, then signed with a
        // key of their own under the team's key id
        releases.send(new ProducerRecord<>(name, insiders.version(), insiders.release()));
        releases.send(
            new ProducerRecord<>(
                name, ModelReleases.ACTIVE_KEY, activation(insiders.version(), t0.plusSeconds(1))));
        releases.send(
            new ProducerRecord<>(
                name, insiders.version(), ReleaseSignatures.sign(insiders.release(), insider)));
        releases.send(
            new ProducerRecord<>(
                name,
                ModelReleases.ACTIVE_KEY,
                ReleaseSignatures.sign(
                    activation(insiders.version(), t0.plusSeconds(2)), insider)));
        releases.flush();

        // then all four are refused and counted; the team's model keeps deciding
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.refusalCount() == 4.0);
        assertThat(registry.current().version()).isEqualTo(teams.version());
        assertThat(catalog.byVersion(insiders.version())).isEmpty();
        assertThat(catalog.refusal(insiders.version()))
            .get()
            .asString()
            .contains("forged or altered");
      }

      // and a registry that reads the topic again from the beginning (a restarted scorer) ends
      // the same way
      ScorerMetrics again = new ScorerMetrics(new SimpleMeterRegistry());
      ModelCatalog restarted =
          new ModelCatalog(FeatureSet.current(), again, settings.releaseVerification());
      try (ModelRegistry registry = new ModelRegistry(config, topics.modelReleases(), restarted)) {
        registry.start();
        assertThat(registry.awaitReady(Duration.ofSeconds(30))).isTrue();
        assertThat(registry.current().version()).isEqualTo(teams.version());
        assertThat(again.refusalCount()).isEqualTo(4.0);

        // when the team releases the same bytes, signed, and activates them
        releases.send(
            new ProducerRecord<>(
                name, insiders.version(), ReleaseSignatures.sign(insiders.release(), team)));
        releases.send(
            new ProducerRecord<>(
                name,
                ModelReleases.ACTIVE_KEY,
                ReleaseSignatures.sign(activation(insiders.version(), t0.plusSeconds(3)), team)));
        releases.flush();

        // then that model is active
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> registry.current().version().equals(insiders.version()));
      }
    }
  }

  private static ModelRelease activation(String version, Instant at) {
    ModelRelease a = TestModels.activation(version);
    a.setReleasedAt(at);
    return a;
  }

  private static KafkaProducer<String, ModelRelease> producer(
      LocalPlatform platform, Topics topics) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    return new KafkaProducer<>(
        c, new StringSerializer(), topics.modelReleases().valueSerde().serializer());
  }
}
