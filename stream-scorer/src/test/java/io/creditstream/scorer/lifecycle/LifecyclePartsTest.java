package io.creditstream.scorer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The small parts of the lifecycle: the drift producer's settings, the checkpoint schema. */
class LifecyclePartsTest {

  /** Settings with a broker nobody listens on, and the given registry. */
  static ScorerSettings nobodyListening(String registryUrl) {
    return ScorerSettings.of(
        Map.of(
            ScorerSettings.BOOTSTRAP_SERVERS,
            "127.0.0.1:9",
            ScorerSettings.REGISTRY_URL,
            registryUrl));
  }

  @Test
  void theDriftProducerTakesOnlyProducerSettingsAndItsOwnClientId() {
    ScorerSettings settings =
        ScorerSettings.of(
            Map.of(
                ScorerSettings.BOOTSTRAP_SERVERS, "broker:9092",
                ScorerSettings.APPLICATION_ID, "scorer",
                ScorerSettings.INSTANCE, "scorer-7",
                ScorerSettings.REGISTRY_URL, "mock://drift-config"));

    Map<String, Object> config = DriftPublisher.producerConfig(settings);

    assertThat(config)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "drift-scorer-7")
        .doesNotContainKey("application.id")
        .doesNotContainKey(ScorerSettings.REGISTRY_URL);
  }

  @Test
  void anUnreachableRegistryDoesNotStopTheScorerFromStarting() {
    // given a registry nobody listens on: the first checkpoint will register the schema instead
    Topics topics = Topics.create(nobodyListening("http://127.0.0.1:9").all());

    assertThatCode(() -> CheckpointSchema.register(topics)).doesNotThrowAnyException();
  }
}
