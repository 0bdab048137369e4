package io.creditstream.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.LoanApplication;
import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.DriftStore;
import io.creditstream.portal.store.RefusalStore;
import io.creditstream.portal.store.RefusalView;
import io.creditstream.portal.store.TopicMirror;
import io.creditstream.runtime.Drain;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal on the real broker and registry: a submission goes to {@code loan-applications}, the
 * decision published on {@code loan-decisions} (here by the test, as the scorer would) reaches the
 * API and the client's open event stream, and a restarted portal resumes from its stored offsets.
 */
@ExtendWith(LocalPlatformExtension.class)
class PortalIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void submissionIsPublishedAndItsDecisionIsPushedToTheClientLive(
      LocalPlatform platform, @TempDir Path store) throws Exception {
    PortalRunner runner = new PortalRunner(platform, store);
    Topics topics = Topics.create(runner.topicsConfig());
    try (ConfigurableApplicationContext portal = runner.start()) {
      // given: a front office submits an application
      HttpResponse<String> submitted =
          http.send(
              HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/v1/applications"))
                  .header("Content-Type", "application/json")
                  .header("X-API-Key", TestSettings.BRANCH_KEY)
                  .header("Idempotency-Key", "it-1")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(ApplicationBodies.risky(500001))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      JsonNode answer = JSON.readTree(submitted.body());
      String applicationId = answer.get("applicationId").asString();
      String credential = answer.get("clientLink").asString().replaceFirst(".*/c/", "");

      // then: it is on loan-applications, keyed by the client id
      List<ConsumerRecord<String, LoanApplication>> published =
          readAll(platform, topics.loanApplications());
      assertThat(published).hasSize(1);
      assertThat(published.get(0).key()).isEqualTo("500001");
      assertThat(published.get(0).value().getApplicationId()).isEqualTo(applicationId);

      // and: the status is pending, and the client's page is listening
      assertThat(status(runner, applicationId)).isEqualTo(202);
      List<String> stream = new CopyOnWriteArrayList<>();
      var sse =
          http.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(
                          runner.baseUrl()
                              + "/client/api/applications/"
                              + applicationId
                              + "/events?credential="
                              + credential))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      sse.thenAccept(r -> r.body().forEach(stream::add));
      await().atMost(Duration.ofSeconds(20)).until(() -> stream.contains("event:status"));
      assertThat(String.join("\n", stream)).contains("PENDING").doesNotContain("event:decision");

      // when: the scorer publishes the decision (the test plays the scorer: the published
      // application decided and sealed by the scorer's own code)
      Decision decision = ScorerDecisions.decidePublished(platform, topics, applicationId);
      try (KafkaProducer<String, Decision> producer = producer(platform, topics.loanDecisions())) {
        producer
            .send(new ProducerRecord<>(topics.loanDecisions().name(), "500001", decision))
            .get();
      }

      // then: the open stream gets it without a reload, and the API answers 200
      await().atMost(Duration.ofSeconds(20)).until(() -> stream.contains("event:decision"));
      assertThat(String.join("\n", stream)).contains("\"outcome\":\"DECLINED\"");
      assertThat(status(runner, applicationId)).isEqualTo(200);

      // and: the OpenAPI description lists the front-office endpoints
      HttpResponse<String> api =
          http.send(
              HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/v3/api-docs")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(200);
      JsonNode paths = JSON.readTree(api.body()).get("paths");
      assertThat(paths.has("/api/v1/applications")).isTrue();
      assertThat(paths.has("/api/v1/applications/{applicationId}/decision")).isTrue();
      assertThat(paths.at("/~1api~1v1~1applications/post/responses").has("202")).isTrue();
      assertThat(JSON.readTree(api.body()).at("/components/securitySchemes/apiKey/name").asString())
          .isEqualTo("X-API-Key");

      // and: Prometheus can scrape the portal's metrics, including the submission it just took
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/actuator/prometheus")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("http_server_requests_seconds_count");
      // and the business counters: the accepted submission, the decision the stream showed
      assertThat(metrics.body())
          .containsPattern(
              "creditstream_portal_submissions_total\\{[^}]*result=\"accepted\"[^}]*} 1\\.0")
          .containsPattern(
              "creditstream_portal_decisions_shown_total\\{[^}]*outcome=\"DECLINED\"[^}]*via=\"stream\"[^}]*} 1\\.0")
          .contains("creditstream_portal_live_streams ");
    }
  }

  @Test
  void restartedPortalCatchesUpFromItsStoredOffsetsAndShowsEachDecisionOnce(
      LocalPlatform platform, @TempDir Path store) throws Exception {
    // (on topics with a history from before seals, so that where sealing began matters)
    PortalRunner runner =
        new PortalRunner(platform, store)
            .with("creditstream.portal.mirror.history-before-seals", "true");
    Topics topics = Topics.create(runner.topicsConfig());
    String decisions = topics.loanDecisions().name();
    try (KafkaProducer<String, Decision> producer = producer(platform, topics.loanDecisions());
        KafkaProducer<byte[], byte[]> raw = rawProducer(platform)) {
      // given: a portal that has mirrored two decisions
      Decision app1 = ScorerDecisions.approved("app-1", 600001);
      int app1Partition;
      try (ConfigurableApplicationContext portal = runner.start()) {
        app1Partition =
            producer.send(new ProducerRecord<>(decisions, "600001", app1)).get().partition();
        producer
            .send(
                new ProducerRecord<>(
                    decisions, "600002", ScorerDecisions.declined("app-2", 600002)))
            .get();
        DecisionStore store1 = portal.getBean(DecisionStore.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> store1.count() == 2);
      }
      // when: while it is down, an unsealed approval arrives first on app-1's partition, where
      // a sealed decision was read before the restart (a forgery, not a decision of the time
      // before seals), then a poison pill, a new decision and a re-delivery of app-1
      Decision unsealed = ScorerDecisions.approved("app-4", 600004);
      unsealed.setSeal(null);
      unsealed.setContentHash(DecisionHash.compute(unsealed));
      producer.send(new ProducerRecord<>(decisions, app1Partition, "600004", unsealed)).get();
      raw.send(new ProducerRecord<>(decisions, "600003".getBytes(), new byte[] {0, 0, 0, 0, 42, 1}))
          .get();
      producer
          .send(
              new ProducerRecord<>(decisions, "600003", ScorerDecisions.approved("app-3", 600003)))
          .get();
      producer.send(new ProducerRecord<>(decisions, "600001", app1)).get();
      try (ConfigurableApplicationContext portal = runner.start()) {
        DecisionStore store2 = portal.getBean(DecisionStore.class);
        TopicMirror mirror = portal.getBean(TopicMirror.class);
        // then: it catches up with exactly the records it had not seen
        await().atMost(Duration.ofSeconds(20)).until(() -> mirror.appliedCount() == 4);
        // and knows from its store that app-1's partition was sealed before: the unsealed
        // approval counts as unsealed (alerting), not as history from before seals
        assertThat(scrape(runner))
            .contains("creditstream_portal_decisions_refused_total{reason=\"UNSEALED\"} 1.0")
            .doesNotContain("reason=\"BEFORE_SEALS\"");
        assertThat(store2.count()).isEqualTo(3);
        assertThat(mirror.skippedCount()).isEqualTo(1);
        assertThat(store2.find("app-3")).isPresent();
        assertThat(
                store2.search(
                    new DecisionStore.DecisionQuery(600001L, null, null, null, null, null), 10))
            .hasSize(1);
      }
    }
  }

  @Test
  void showsOnlySealedDecisionsAndListsForgedAndUnsealedOnesForAuditors(
      LocalPlatform platform, @TempDir Path store) throws Exception {
    // topics that hold decisions from before the scorer sealed them (an upgrade)
    PortalRunner runner =
        new PortalRunner(platform, store)
            .with("creditstream.portal.mirror.history-before-seals", "true");
    Topics topics = Topics.create(runner.topicsConfig());
    String name = topics.loanDecisions().name();
    // a real, sealed decline
    Decision real = ScorerDecisions.declined("sealed-1", 610001);
    // an insider's approval under the same application id, its SHA-256 recomputed
    Decision overwrite =
        Decision.newBuilder(real)
            .setOutcome(io.creditstream.avro.Outcome.APPROVED)
            .setProbabilityOfDefault(0.01)
            .build();
    overwrite.setContentHash(DecisionHash.compute(overwrite));
    // a forged approval for another client, hash recomputed, seal kept
    Decision forged =
        Decision.newBuilder(overwrite).setApplicationId("forged-1").setClientId(610002).build();
    forged.setContentHash(DecisionHash.compute(forged));
    // an unsealed approval with a correct hash, as a v2 scorer or anyone could write it
    Decision unsealed = ScorerDecisions.approved("unsealed-1", 610003);
    unsealed.setSeal(null);
    unsealed.setContentHash(DecisionHash.compute(unsealed));
    assertThat(List.of(overwrite, forged, unsealed)).allMatch(DecisionHash::verify);
    try (ConfigurableApplicationContext portal = runner.start();
        KafkaProducer<String, Decision> producer = producer(platform, topics.loanDecisions())) {
      // all on one partition, after the real one: the unsealed approval comes after a sealed
      // decision of its partition, so it cannot be one from the time before seals
      int p =
          producer
              .send(new ProducerRecord<>(name, Long.toString(real.getClientId()), real))
              .get()
              .partition();
      for (Decision d : List.of(overwrite, forged, unsealed)) {
        producer.send(new ProducerRecord<>(name, p, Long.toString(d.getClientId()), d)).get();
      }
      // and, on another partition where nothing sealed was read yet, a v2 decision of the time
      // before seals: not shown either, but counted apart (the alerts leave it out)
      Decision legacy = ScorerDecisions.approved("legacy-1", 610004);
      legacy.setSeal(null);
      legacy.setFeatures(null);
      legacy.setContentHash(DecisionHash.compute(legacy));
      producer
          .send(
              new ProducerRecord<>(name, (p + 1) % 3, Long.toString(legacy.getClientId()), legacy))
          .get();
      DecisionStore decisions = portal.getBean(DecisionStore.class);
      RefusalStore refusals = portal.getBean(RefusalStore.class);
      await().atMost(Duration.ofSeconds(20)).until(() -> refusals.count() == 4);

      // then only the sealed decision is shown, unchanged by the forged approval
      assertThat(decisions.count()).isEqualTo(1);
      assertThat(decisions.find("sealed-1").orElseThrow().outcome()).isEqualTo("DECLINED");
      assertThat(decisions.find("forged-1")).isEmpty();
      assertThat(decisions.find("unsealed-1")).isEmpty();
      // and the others are listed for auditors with why, counted and not ending any application
      assertThat(refusals.search(new RefusalStore.Query(null, null, "FORGED", null, null), 0, 10))
          .extracting(r -> r.applicationId())
          .containsExactlyInAnyOrder("sealed-1", "forged-1");
      assertThat(refusals.search(new RefusalStore.Query(null, null, "UNSEALED", null, null), 0, 10))
          .extracting(r -> r.applicationId())
          .containsExactlyInAnyOrder("unsealed-1", "legacy-1");
      assertThat(refusals.ending("forged-1")).isEmpty();
      assertThat(decisions.find("legacy-1")).isEmpty();
      assertThat(scrape(runner))
          .contains("creditstream_portal_decisions_refused_total{reason=\"FORGED\"} 2.0")
          .contains("creditstream_portal_decisions_refused_total{reason=\"UNSEALED\"} 1.0")
          .contains("creditstream_portal_decisions_refused_total{reason=\"BEFORE_SEALS\"} 1.0");
      assertThat(alertRulesPortalMetrics()).contains("creditstream_portal_decisions_refused_total");
    }
  }

  @Test
  void onlyTheScorersSealedDeadLettersEndAnApplication(LocalPlatform platform, @TempDir Path store)
      throws Exception {
    PortalRunner runner = new PortalRunner(platform, store);
    Topics topics = Topics.create(runner.topicsConfig());
    // a real letter of the scorer's: the application was refused
    DeadLetter real =
        ScorerDecisions.refused(
            "letter-real", 620001, "VALIDATION", "invalid application: AMT_ANNUITY: must be > 0");
    // an insider's letters for applications still being decided: the real letter's seal kept over
    // another application id, no seal at all, and a seal by the insider's own key under the
    // scorer's key id
    DeadLetter moved = DeadLetter.newBuilder(real).setApplicationId("letter-pending-1").build();
    DeadLetter unsealed =
        DeadLetter.newBuilder(real).setApplicationId("letter-pending-2").setSeal(null).build();
    DeadLetter resealed =
        DeadLetterSeals.seal(
            DeadLetter.newBuilder(real).setApplicationId("letter-pending-3").build(),
            new SealKeys.Signer(ScorerDecisions.SEAL_KEY_ID, SealKeys.generate().getPrivate()));
    try (ConfigurableApplicationContext portal = runner.start();
        KafkaProducer<byte[], DeadLetter> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde().serializer())) {
      // (the unsealed one first: on a deployment that began sealed, the default, an insider's
      // first record on a topic is not taken for history from before seals)
      for (DeadLetter letter : List.of(unsealed, real, moved, resealed)) {
        producer
            .send(
                new ProducerRecord<>(
                    topics.deadLetters().name(), DecisionHash.bytesOf(letter.getKey()), letter))
            .get();
      }
      RefusalStore refusals = portal.getBean(RefusalStore.class);
      await().atMost(Duration.ofSeconds(20)).until(() -> refusals.count() == 4);

      // then only the scorer's letter ends its application
      assertThat(refusals.ending("letter-real"))
          .hasValueSatisfying(r -> assertThat(r.reasonCode()).isEqualTo("VALIDATION"));
      for (String pending : List.of("letter-pending-1", "letter-pending-2", "letter-pending-3")) {
        assertThat(refusals.ending(pending)).as(pending).isEmpty();
      }
      // and the others are listed for auditors with what they claimed, counted
      List<RefusalView> forged =
          refusals.search(new RefusalStore.Query(null, null, "FORGED", null, null), 0, 10);
      assertThat(forged)
          .extracting(RefusalView::applicationId)
          .containsExactlyInAnyOrder("letter-pending-1", "letter-pending-3");
      assertThat(forged)
          .allSatisfy(
              r -> {
                assertThat(r.topic()).isEqualTo(topics.deadLetters().name());
                assertThat(r.reason())
                    .contains("seal signature does not verify")
                    .contains("claimed VALIDATION: invalid application: AMT_ANNUITY");
              });
      assertThat(refusals.search(new RefusalStore.Query(null, null, "UNSEALED", null, null), 0, 10))
          .extracting(RefusalView::applicationId)
          .containsExactly("letter-pending-2");
      assertThat(scrape(runner))
          .contains("creditstream_portal_dead_letters_refused_total{reason=\"FORGED\"} 2.0")
          .contains("creditstream_portal_dead_letters_refused_total{reason=\"UNSEALED\"} 1.0");
      assertThat(alertRulesPortalMetrics())
          .contains("creditstream_portal_dead_letters_refused_total");
    }
  }

  @Test
  void showsAuditorsOnlyTheScorersSealedDriftReports(LocalPlatform platform, @TempDir Path store)
      throws Exception {
    PortalRunner runner = new PortalRunner(platform, store);
    Topics topics = Topics.create(runner.topicsConfig());
    // the scorer's report of a window in which AMT_CREDIT drifted
    DriftReport real =
        ScorerDecisions.sealed(
            DriftReport.newBuilder()
                .setModelVersion("0123456789abcdef")
                .setScorerInstance("scorer-1")
                .setWindowStart(java.time.Instant.parse("2026-12-07T10:00:00Z"))
                .setWindowEnd(java.time.Instant.parse("2026-12-07T11:00:00Z"))
                .setCount(5000L)
                .setPsi(Map.of("AMT_CREDIT", 0.41, "EXT_SOURCE_2", 0.02))
                .build());
    // an insider's reports for the same model, scorer and window, saying nothing drifted: without
    // a seal, and with the real report's seal kept
    DriftReport unsealed =
        DriftReport.newBuilder(real)
            .setPsi(Map.of("AMT_CREDIT", 0.01, "EXT_SOURCE_2", 0.01))
            .setSeal(null)
            .build();
    DriftReport sealKept =
        DriftReport.newBuilder(real)
            .setPsi(Map.of("AMT_CREDIT", 0.01, "EXT_SOURCE_2", 0.01))
            .build();
    try (ConfigurableApplicationContext portal = runner.start();
        KafkaProducer<String, DriftReport> producer = producer(platform, topics.modelDrift())) {
      for (DriftReport r : List.of(real, unsealed, sealKept)) {
        producer.send(new ProducerRecord<>(topics.modelDrift().name(), "scorer-1", r)).get();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  scrape(runner)
                      .contains(
                          "creditstream_portal_drift_reports_refused_total{reason=\"FORGED\"} 1.0"));
      assertThat(scrape(runner))
          .contains("creditstream_portal_drift_reports_refused_total{reason=\"UNSEALED\"} 1.0");
      assertThat(alertRulesPortalMetrics())
          .contains("creditstream_portal_drift_reports_refused_total");

      // then auditors see the scorer's report, its drift not hidden by the insider's
      List<DriftStore.DriftRow> rows = portal.getBean(DriftStore.class).recent(10);
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).psi()).containsEntry("AMT_CREDIT", 0.41);
      assertThat(rows.get(0).worstFeature()).isEqualTo("AMT_CREDIT");
    }
  }

  @Test
  void twoInstancesBehindALoadBalancerEachServeEveryDecisionAndEachOthersLinks(
      LocalPlatform platform, @TempDir Path storeA, @TempDir Path storeB) throws Exception {
    PortalRunner a = new PortalRunner(platform, storeA);
    PortalRunner b = new PortalRunner(a, storeB);
    Topics topics = Topics.create(a.topicsConfig());
    try (ConfigurableApplicationContext portalA = a.start();
        ConfigurableApplicationContext portalB = b.start();
        KafkaProducer<String, Decision> producer = producer(platform, topics.loanDecisions())) {
      // given: an application submitted through instance A
      HttpResponse<String> submitted =
          http.send(
              HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/applications"))
                  .header("Content-Type", "application/json")
                  .header("X-API-Key", TestSettings.WEB_KEY)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(ApplicationBodies.valid(900001))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).isEqualTo(202);
      String applicationId = JSON.readTree(submitted.body()).get("applicationId").asString();
      String credential =
          JSON.readTree(submitted.body()).get("clientLink").asString().replaceFirst(".*/c/", "");
      // then: instance B knows it is pending and whose it is (it reads loan-applications too)
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> status(b, applicationId, TestSettings.WEB_KEY) == 202);
      assertThat(status(b, applicationId, TestSettings.BRANCH_KEY)).isEqualTo(404);
      // when: the decision is published
      producer
          .send(
              new ProducerRecord<>(
                  topics.loanDecisions().name(),
                  "900001",
                  ScorerDecisions.decidePublished(platform, topics, applicationId)))
          .get();
      // then: both instances serve it, and B accepts the link A issued
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  status(a, applicationId, TestSettings.WEB_KEY) == 200
                      && status(b, applicationId, TestSettings.WEB_KEY) == 200);
      HttpResponse<String> onB =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(b.baseUrl() + "/client/api/applications/" + applicationId))
                  .header("X-Client-Credential", credential)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(onB.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(onB.body()).get("outcome").asString()).isEqualTo("APPROVED");
    }
  }

  private int status(PortalRunner runner, String applicationId) throws Exception {
    return status(runner, applicationId, TestSettings.BRANCH_KEY);
  }

  private int status(PortalRunner runner, String applicationId, String apiKey) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        runner.baseUrl() + "/api/v1/applications/" + applicationId + "/decision"))
                .header("X-API-Key", apiKey)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** What Prometheus scrapes from the portal. */
  private String scrape(PortalRunner runner) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/actuator/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The portal metrics the chart's alert rules name: exactly the three this class sees the portal
   * export (a rule on a metric the portal does not export would never fire).
   */
  private static java.util.Set<String> alertRulesPortalMetrics() throws java.io.IOException {
    String rules =
        java.nio.file.Files.readString(
            Path.of("../helm/creditstream/templates/prometheusrule.yaml"));
    java.util.Set<String> named = new java.util.TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("creditstream_portal_[a-z_]+").matcher(rules);
    while (m.find()) {
      named.add(m.group());
    }
    assertThat(named)
        .containsExactlyInAnyOrder(
            "creditstream_portal_decisions_refused_total",
            "creditstream_portal_dead_letters_refused_total",
            "creditstream_portal_drift_reports_refused_total");
    return named;
  }

  static <V> KafkaProducer<String, V> producer(LocalPlatform platform, Topic<String, V> topic) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
        topic.keySerde().serializer(),
        topic.valueSerde().serializer());
  }

  private static KafkaProducer<byte[], byte[]> rawProducer(LocalPlatform platform) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static <V> List<ConsumerRecord<String, V>> readAll(
      LocalPlatform platform, Topic<String, V> topic) {
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topic.keySerde().deserializer(),
            topic.valueSerde().deserializer())) {
      return Drain.readAll(consumer, topic.name(), Duration.ofSeconds(20));
    }
  }
}
