package io.creditstream.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.history.HistoryAggregator;
import io.creditstream.model.InvalidModelException;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.runtime.Drain;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.testkit.HomeCreditData;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalPlatformExtension.class)
class PublishersTest {
  private static final Path DATA = homeCredit();

  static Path homeCredit() {
    return HomeCreditData.dir();
  }

  private static Map<String, Object> config(LocalPlatform platform, String topicDefault) {
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    config.put("topic." + topicDefault, topicDefault + "-" + System.nanoTime());
    return config;
  }

  private static <V> KafkaConsumer<String, V> consumer(
      Map<String, Object> config, Topic<String, V> topic) {
    Map<String, Object> props = new HashMap<>(config);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(
        props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  @Test
  void publishesEveryLinkedClientsHistoryOnceWithTheFeatureSetVersion(LocalPlatform platform)
      throws Exception {
    Path linked = DATA.resolve("linked-sample-1000");
    Map<String, Object> config = config(platform, Topics.CLIENT_FEATURES);
    Instant asOf = Instant.parse("2026-11-01T00:00:00Z");

    FeaturePublisher.Result result = FeaturePublisher.publish(linked, config, asOf, null);

    HistoryAggregator expected = FeaturePublisher.aggregate(linked, new AtomicLong());
    Topic<String, ClientFeatures> topic = Topics.create(config).clientFeatures();
    try (KafkaConsumer<String, ClientFeatures> consumer = consumer(config, topic)) {
      List<ConsumerRecord<String, ClientFeatures>> records =
          Drain.readAll(consumer, topic.name(), Duration.ofSeconds(60));
      assertThat(records).hasSize(expected.clients().size());
      assertThat(result.clients()).isEqualTo(expected.clients().size());
      ConsumerRecord<String, ClientFeatures> first = records.get(0);
      long client = first.value().getClientId();
      assertThat(first.key()).isEqualTo(Long.toString(client));
      assertThat(first.value().getFeatureSetVersion()).isEqualTo(FeatureSet.current().version());
      assertThat(first.value().getAsOf()).isEqualTo(asOf);
      assertThat(first.value().getValues()).isEqualTo(expected.history(client));
    }
  }

  @Test
  void replaysApplicationsUpToTheLimitWithFreshIdsKeyedByClient(LocalPlatform platform)
      throws Exception {
    Map<String, Object> config = config(platform, Topics.LOAN_APPLICATIONS);

    ApplicationPublisher.Result result =
        ApplicationPublisher.publish(
            DATA.resolve("application_test.csv.gz"),
            config,
            0,
            25,
            "REPLAY",
            false,
            new AtomicBoolean());

    assertThat(result).isEqualTo(new ApplicationPublisher.Result(25, 0, 0));
    Topic<String, LoanApplication> topic = Topics.create(config).loanApplications();
    try (KafkaConsumer<String, LoanApplication> consumer = consumer(config, topic)) {
      List<ConsumerRecord<String, LoanApplication>> records =
          Drain.readAll(consumer, topic.name(), Duration.ofSeconds(60));
      assertThat(records).hasSize(25);
      assertThat(records)
          .allSatisfy(r -> assertThat(r.key()).isEqualTo(Long.toString(r.value().getSKIDCURR())));
      assertThat(new HashSet<>(records.stream().map(r -> r.value().getApplicationId()).toList()))
          .hasSize(25);
      // the first row of Kaggle's application_test
      assertThat(records.stream().map(r -> r.value().getSKIDCURR())).contains(100001L);
    }
  }

  @Test
  void releasesAModelUnderItsVersionAndActivatesItBothSignedByTheReleaseKey(LocalPlatform platform)
      throws Exception {
    Map<String, Object> config = config(platform, Topics.MODEL_RELEASES);
    byte[] model = tinyModel();
    String card = card(3);
    SealKeys.Signer releaseKey = new SealKeys.Signer("release-1", SealKeys.generate().getPrivate());

    String version = ModelPublisher.publish(model, card, true, config, releaseKey);

    assertThat(version).isEqualTo(ModelVersion.of(model));
    Topic<String, ModelRelease> topic = Topics.create(config).modelReleases();
    try (KafkaConsumer<String, ModelRelease> consumer = consumer(config, topic)) {
      List<ConsumerRecord<String, ModelRelease>> records =
          Drain.readAll(consumer, topic.name(), Duration.ofSeconds(60));
      assertThat(records).extracting(ConsumerRecord::key).containsExactly(version, "active");
      ModelRelease release = records.get(0).value();
      assertThat(release.getKind()).isEqualTo(ReleaseKind.MODEL);
      byte[] bytes = new byte[release.getModelBytes().remaining()];
      release.getModelBytes().duplicate().get(bytes);
      assertThat(bytes).isEqualTo(model);
      assertThat(records.get(1).value().getKind()).isEqualTo(ReleaseKind.ACTIVATION);
      assertThat(records.get(1).value().getVersion()).isEqualTo(version);
      SealKeys.KeyRing ring = SealKeys.KeyRing.of(releaseKey);
      assertThat(records)
          .extracting(r -> ReleaseSignatures.check(r.value(), ring))
          .containsOnly(ReleaseSignatures.Check.VALID);
    }
  }

  @Test
  void withoutAReleaseKeyTheReleaseGoesOutUnsigned(LocalPlatform platform) throws Exception {
    Map<String, Object> config = config(platform, Topics.MODEL_RELEASES);

    ModelPublisher.publish(tinyModel(), card(3), false, config, null);

    Topic<String, ModelRelease> topic = Topics.create(config).modelReleases();
    try (KafkaConsumer<String, ModelRelease> consumer = consumer(config, topic)) {
      List<ConsumerRecord<String, ModelRelease>> records =
          Drain.readAll(consumer, topic.name(), Duration.ofSeconds(60));
      assertThat(records).hasSize(1);
      assertThat(records.get(0).value().getSignature()).isNull();
      assertThat(records.get(0).value().getSigningKeyId()).isNull();
    }
  }

  @Test
  void refusesToReleaseAModelTheScorerCouldNotLoad(LocalPlatform platform) throws Exception {
    Map<String, Object> config = config(platform, Topics.MODEL_RELEASES);
    // the card names 4 features, the model has 3
    assertThatThrownBy(() -> ModelPublisher.publish(tinyModel(), card(4), true, config, null))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("features");
    assertThatThrownBy(
            () -> ModelPublisher.publish(new byte[] {1, 2, 3}, card(3), true, config, null))
        .isInstanceOf(InvalidModelException.class);
  }

  private static byte[] tinyModel() throws Exception {
    Random random = new Random(7);
    int rows = 300;
    float[] x = new float[rows * 3];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 3; j++) {
        x[i * 3 + j] = (float) random.nextGaussian();
      }
      y[i] = x[i * 3] + 0.5f * random.nextFloat() > 0.5f ? 1 : 0;
    }
    DMatrix train = new DMatrix(x, rows, 3, Float.NaN);
    train.setLabel(y);
    Map<String, Object> params =
        Map.of("objective", "binary:logistic", "max_depth", 2, "eta", 0.3, "nthread", 1, "seed", 1);
    Booster booster = XGBoost.train(train, params, 5, Map.of(), null, null);
    return booster.toByteArray("ubj");
  }

  private static String card(int features) {
    List<String> names =
        java.util.stream.IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
    return new ModelCard(
            null,
            Instant.now().toString(),
            "test-features",
            names,
            0.5,
            null,
            null,
            null,
            Map.of(),
            "test",
            Map.of(),
            5,
            Map.of(),
            Map.of(),
            null,
            null)
        .toJson();
  }
}
