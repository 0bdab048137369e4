package io.creditstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.Decision;
import io.creditstream.avro.Outcome;
import io.creditstream.runtime.Drain;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.DecisionSeals.Check;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Starts the whole system as {@code ./creditstream local} does (generated data, training,
 * publishing, scorer, portal, feeder), waits (polling, no fixed sleep) until decisions are visible
 * through the portal's API, and checks them strictly: each is on the decisions topic with the same
 * probability to the bit, every decision there is sealed by the local system's key and chained per
 * partition without a gap, and each outcome is the one its probability and thresholds give. Then it
 * stops everything.
 */
class LocalSystemSmokeTest {

  @Test
  void decisionsArriveThroughThePortalAndEverythingStops(@TempDir Path state) throws Exception {
    List<String> progress = new ArrayList<>();
    LocalSystem.Settings settings =
        new LocalSystem.Settings(state, null, false, 1500, 20, 0, 0, 0, 0, 0, 1, progress::add);

    List<JsonNode> decisions = new ArrayList<>();
    String modelVersion;
    String portalUrl;
    try (LocalSystem system = LocalSystem.start(settings)) {
      modelVersion = system.modelVersion();
      portalUrl = system.portalUrl();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> decidedThroughThePortal(system), list -> list.size() >= 5);
      decisions.addAll(decidedThroughThePortal(system));
      // every decision on the topic is sealed by the local system's key and chained, and those
      // the portal shows are exactly the ones on the topic (same probability, to the bit)
      Map<String, Decision> onTopic = sealedDecisionsOnTheTopic(system, state);
      for (JsonNode shown : decisions) {
        Decision d = onTopic.get(shown.path("applicationId").asString());
        assertThat(d).as("decision %s on the topic", shown.path("applicationId")).isNotNull();
        assertThat(shown.path("probabilityOfDefault").asDouble())
            .isEqualTo(d.getProbabilityOfDefault());
        assertThat(shown.path("outcome").asString()).isEqualTo(d.getOutcome().name());
      }
      // the client's page shows the decision: the JSON behind the page, with the client's own
      // credential, has the outcome; another client's credential gets nothing
      HttpClient http = HttpClient.newHttpClient();
      List<String> ids = system.submittedApplicationIds();
      List<String> links = system.clientLinks();
      String decidedId = decisions.get(0).path("applicationId").asString();
      int index = ids.indexOf(decidedId);
      String credential = links.get(index).replaceFirst(".*/c/", "");
      String otherCredential = links.get(index == 0 ? 1 : 0).replaceFirst(".*/c/", "");
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(portalUrl + "/client/api/applications/" + decidedId))
                  .header("X-Client-Credential", credential)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains(decisions.get(0).path("outcome").asString());
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(portalUrl + "/client/api/applications/" + decidedId))
                          .header("X-Client-Credential", otherCredential)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isIn(401, 403);

      // the page itself opens with the link, and a made-up credential gets nothing
      String link = links.get(index);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(link)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(portalUrl + "/c/not-a-credential")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isIn(401, 403);
    }

    assertThat(decisions).hasSizeGreaterThanOrEqualTo(5);
    assertThat(decisions)
        .allSatisfy(
            d -> {
              assertThat(d.path("modelVersion").asString()).isEqualTo(modelVersion);
              assertThat(d.path("reasons").size()).isPositive();
            });
    assertThat(progress).anyMatch(p -> p.startsWith("Training the model"));
    assertThat(Files.exists(state.resolve("model").resolve("model-card.json"))).isTrue();
    // everything stopped: the portal no longer answers
    assertThat(portalAnswers(portalUrl)).isFalse();
  }

  /** The decisions the portal's front-office API returns for the applications submitted so far. */
  private static List<JsonNode> decidedThroughThePortal(LocalSystem system) throws Exception {
    List<JsonNode> decided = new ArrayList<>();
    for (String id : system.submittedApplicationIds()) {
      JsonNode decision = system.decision(id);
      if (decision != null) {
        decided.add(decision);
      }
    }
    return decided;
  }

  /**
   * Every decision on the local system's decisions topic, by application id, each checked: its seal
   * verifies with the local system's public key, each partition's chain runs 0, 1, 2... with each
   * decision naming its predecessor's hash, and the outcome is the one its probability, the
   * threshold and the review band give (or its policy rule's).
   */
  private static Map<String, Decision> sealedDecisionsOnTheTopic(LocalSystem system, Path state)
      throws Exception {
    LocalSystem.SealKeyFiles keys = LocalSystem.sealKeys(state.resolve("seal"));
    SealKeys.KeyRing ring = SealKeys.readKeyRing(Map.of(keys.keyId(), keys.publicKey()));
    Map<String, Object> config = system.platform().clientConfig();
    Topic<String, Decision> topic = Topics.create(config).loanDecisions();
    Map<String, Object> consumerConfig = new HashMap<>(config);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Decision> byId = new HashMap<>();
    Map<Integer, byte[]> heads = new HashMap<>();
    Map<Integer, Long> sequences = new HashMap<>();
    try (KafkaConsumer<String, Decision> consumer =
        new KafkaConsumer<>(
            consumerConfig, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      for (ConsumerRecord<String, Decision> r :
          Drain.readAll(consumer, topic.name(), Duration.ofSeconds(30))) {
        Decision d = r.value();
        assertThat(DecisionSeals.check(d, ring)).as("seal of %s", r).isEqualTo(Check.VALID);
        long expected = sequences.getOrDefault(r.partition(), 0L);
        assertThat(d.getSeal().getChain()).isEqualTo(r.partition());
        assertThat(d.getSeal().getSequence()).as("sequence of %s", r).isEqualTo(expected);
        assertThat(DecisionHash.bytesOf(d.getSeal().getPreviousHash()))
            .as("previous hash of %s", r)
            .isEqualTo(heads.getOrDefault(r.partition(), DecisionSeals.GENESIS));
        sequences.put(r.partition(), expected + 1);
        heads.put(r.partition(), DecisionSeals.carriedHash(d));
        assertThat(d.getOutcome()).as("outcome of %s", r).isEqualTo(expectedOutcome(d));
        byId.put(d.getApplicationId(), d);
      }
    }
    return byId;
  }

  private static Outcome expectedOutcome(Decision d) {
    if (d.getPolicy() != null) {
      return d.getOutcome(); // decided by a named rule before the model (checked by its tests)
    }
    double p = d.getProbabilityOfDefault();
    if (d.getReviewBand() != null
        && p >= d.getReviewBand().getLower()
        && p < d.getReviewBand().getUpper()) {
      return Outcome.REVIEW;
    }
    return p >= d.getThreshold() ? Outcome.DECLINED : Outcome.APPROVED;
  }

  private static boolean portalAnswers(String url) {
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (Exception refused) {
      return false;
    }
  }
}
