package io.creditstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.runtime.Drain;
import io.creditstream.trainer.publish.ApplicationPublisher;
import io.creditstream.trainer.publish.FeaturePublisher;
import io.creditstream.trainer.publish.ModelPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An insider who can write to {@code model-releases} and {@code client-features} but does not hold
 * the release key, against a running scorer process configured as in production (it believes only
 * what the deployment's release key signed), with the product's own publishers used as the insider
 * would use them: the model is not changed, and no client's history is.
 */
class InsiderInputsTest {

  private static final int N = 300;

  private static Path dir;
  private static SystemUnderTest system;

  @BeforeAll
  static void startPlatform() throws Exception {
    dir = SystemUnderTest.workDir("InsiderInputsTest");
    system = SystemUnderTest.start(dir);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void withoutTheReleaseKeyAnInsiderChangesNeitherTheModelNorAnyClientsHistory() throws Exception {
    TrainedModel model = system.model();
    String version = ModelVersion.of(model.modelBytes());
    double threshold = ModelCard.fromJson(model.modelCard()).threshold();
    try (Deployment d = system.deploy("insider");
        DecisionCounter counter = new DecisionCounter(d)) {
      ServiceProcess scorer = d.scorer("a").start();

      // when the insider releases the very model bytes (same version) with a card whose threshold
      // declines nobody, activates it, and publishes every client's history again, all unsigned
      String lenient =
          model
              .modelCard()
              .replaceFirst("\"threshold\"\\s*:\\s*[0-9.eE+-]+", "\"threshold\" : 0.999");
      assertThat(ModelCard.fromJson(lenient).threshold()).isEqualTo(0.999);
      ModelPublisher.publish(model.modelBytes(), lenient, true, d.config(), null);
      FeaturePublisher.Result republished =
          FeaturePublisher.publish(model.dataDir(), d.config(), Instant.now(), null);
      // and applications arrive
      ApplicationPublisher.Result sent = Load.start(d, N, 0).finish(Duration.ofMinutes(3));
      await("every application decided")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> counter.poll() >= sent.sent());
      await("every republished history dealt with")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> refusedHistories(d).size() >= republished.clients());
      scorer.stop();

      // then every decision was made by the team's release: its version and its card's threshold
      List<Decision> decisions = decisions(d);
      assertThat(decisions).hasSize((int) sent.sent());
      assertThat(decisions).allSatisfy(x -> assertThat(x.getModelVersion()).isEqualTo(version));
      assertThat(decisions).allSatisfy(x -> assertThat(x.getThreshold()).isEqualTo(threshold));
      // and every history the insider published was refused, naming its client
      List<DeadLetter> refused = refusedHistories(d);
      assertThat(refused).hasSize((int) republished.clients());
      assertThat(refused)
          .allSatisfy(
              dl ->
                  assertThat(dl.getReason())
                      .containsPattern("client history of client \\d+ refused: it is not signed"));
      // and the scorer said why it kept its model
      String log =
          Files.readString(dir.resolve(d.prefix()).resolve("logs").resolve("scorer-a.log"));
      assertThat(log)
          .contains("Model release " + version + " refused: it is not signed")
          .contains("Activation of model " + version + " refused: it is not signed");
    }
  }

  private static List<Decision> decisions(Deployment d) {
    List<Decision> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      for (ConsumerRecord<byte[], byte[]> r :
          Drain.readAll(c, d.topics().loanDecisions().name(), Duration.ofMinutes(2))) {
        out.add(d.decodeDecision(r.value()));
      }
    }
    return out;
  }

  private static List<DeadLetter> refusedHistories(Deployment d) {
    String features = d.topics().clientFeatures().name();
    List<DeadLetter> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = d.rawConsumer(true)) {
      for (ConsumerRecord<byte[], byte[]> r :
          Drain.readAll(c, d.topics().deadLetters().name(), Duration.ofMinutes(2))) {
        DeadLetter dl = d.decodeDeadLetter(r.value());
        if (features.equals(dl.getSourceTopic())) {
          out.add(dl);
        }
      }
    }
    return out;
  }
}
