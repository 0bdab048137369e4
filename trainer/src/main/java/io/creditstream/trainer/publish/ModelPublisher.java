package io.creditstream.trainer.publish;

import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.model.InvalidModelException;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.ModelReleases;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a model release to {@code model-releases} under its version (the content hash), and
 * optionally the {@code active} pointer to it. A release is loaded with the scorer's own loader
 * first, so a model the scorer would refuse is never published.
 *
 * <p>With a release key, the release and the activation are signed ({@link ReleaseSignatures}): a
 * scorer configured with the key's public half believes nothing else on the topic. Without one they
 * go out unsigned, which only a scorer with {@code scorer.release.allow-unsigned=true} believes.
 */
public final class ModelPublisher {
  private static final Logger log = LoggerFactory.getLogger(ModelPublisher.class);

  private ModelPublisher() {}

  /**
   * Returns the published version.
   *
   * @param releaseKey the key that signs the release and its activation; null: unsigned
   */
  public static String publish(
      byte[] modelBytes,
      String modelCardJson,
      boolean activate,
      Map<String, Object> config,
      SealKeys.Signer releaseKey)
      throws IOException, InvalidModelException {
    ScoringModel model = ScoringModel.load(modelBytes, modelCardJson);
    Topic<String, ModelRelease> topic = Topics.create(config).modelReleases();
    ModelRelease release =
        ModelRelease.newBuilder()
            .setVersion(model.version())
            .setKind(ReleaseKind.MODEL)
            .setFormat("xgboost")
            .setModelBytes(ByteBuffer.wrap(modelBytes))
            .setModelCard(modelCardJson)
            .setFeatureSetVersion(model.card().featureSetVersion())
            .setReleasedAt(Instant.now())
            .setReleasedBy(System.getProperty("user.name"))
            .build();
    try (KafkaProducer<String, ModelRelease> producer = Producers.forTopic(config, topic)) {
      producer
          .send(new ProducerRecord<>(topic.name(), model.version(), signed(release, releaseKey)))
          .get();
      log.info(
          "Released model {} to {} ({})",
          model.version(),
          topic.name(),
          releaseKey == null ? "UNSIGNED" : "signed by release key " + releaseKey.keyId());
      if (activate) {
        producer
            .send(
                new ProducerRecord<>(
                    topic.name(),
                    ModelReleases.ACTIVE_KEY,
                    signed(activation(model.version()), releaseKey)))
            .get();
        log.info("Activated model {}", model.version());
      }
    } catch (ExecutionException e) {
      throw new IOException("Publishing the model failed: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted publishing the model", e);
    }
    return model.version();
  }

  /**
   * Points {@code active} at an already released version (a rollback is the same operation).
   *
   * @param releaseKey the key that signs the activation; null: unsigned
   */
  public static void activate(
      String version, Map<String, Object> config, SealKeys.Signer releaseKey) throws IOException {
    Topic<String, ModelRelease> topic = Topics.create(config).modelReleases();
    try (KafkaProducer<String, ModelRelease> producer = Producers.forTopic(config, topic)) {
      producer
          .send(
              new ProducerRecord<>(
                  topic.name(), ModelReleases.ACTIVE_KEY, signed(activation(version), releaseKey)))
          .get();
      log.info("Activated model {}", version);
    } catch (ExecutionException e) {
      throw new IOException("Activating " + version + " failed: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted activating " + version, e);
    }
  }

  private static ModelRelease signed(ModelRelease record, SealKeys.Signer releaseKey) {
    return releaseKey == null ? record : ReleaseSignatures.sign(record, releaseKey);
  }

  static ModelRelease activation(String version) {
    return ModelRelease.newBuilder()
        .setVersion(version)
        .setKind(ReleaseKind.ACTIVATION)
        .setReleasedAt(Instant.now())
        .setReleasedBy(System.getProperty("user.name"))
        .build();
  }
}
