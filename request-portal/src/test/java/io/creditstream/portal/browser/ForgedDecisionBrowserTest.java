package io.creditstream.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.portal.PortalRunner;
import io.creditstream.portal.ScorerDecisions;
import io.creditstream.portal.TestSettings;
import io.creditstream.portal.store.RefusalStore;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.seal.DeadLetterSeals;
import io.creditstream.seal.DecisionHash;
import io.creditstream.seal.DecisionSeals;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real headless Chromium against the real portal, broker and registry: an insider with write access
 * to {@code loan-decisions} (but not the scorer's key) publishes approvals for two clients, one
 * whose application the scorer declined and one still waiting for its decision. Every forgery
 * carries a correctly computed SHA-256 content hash: one has no seal at all, one keeps the real
 * decision's seal over changed content, one is re-sealed with the insider's own key under a key id
 * of its own, and one under the scorer's key id. The client's page never shows any of them (the
 * real decline stays, the waiting application stays pending, also on a page left open), and the
 * auditors' refusals page lists each one as UNSEALED or FORGED. Screenshots: {@code
 * target/screenshots/forged-*.png}.
 */
@ExtendWith(LocalPlatformExtension.class)
class ForgedDecisionBrowserTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Records in the page the moment the headline's text changes (null while it does not). */
  private static final String WATCH_HEADLINE =
      "var h = document.getElementById('headline'); window.__headlineAt = null;"
          + "new MutationObserver(function () { if (!window.__headlineAt) {"
          + " window.__headlineAt = performance.timeOrigin + performance.now(); } })"
          + ".observe(h, {childList: true, characterData: true, subtree: true});";

  @TempDir Path profile;
  @TempDir Path store;
  private WebDriver driver;

  @BeforeEach
  void startBrowser() throws Exception {
    driver = Chromium.start(profile);
  }

  @AfterEach
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void forgedApprovalsNeverReachTheClientsPageAndAuditorsSeeThemRefused(LocalPlatform platform)
      throws Exception {
    PortalRunner runner = new PortalRunner(platform, store);
    Topics topics = Topics.create(runner.topicsConfig());
    try (ConfigurableApplicationContext portal = runner.start();
        KafkaProducer<String, Decision> decisions =
            PortalCalls.producer(
                platform, topics.loanDecisions().keySerde(), topics.loanDecisions().valueSerde());
        KafkaProducer<String, ModelRelease> releases =
            PortalCalls.producer(
                platform, topics.modelReleases().keySerde(), topics.modelReleases().valueSerde())) {
      releases
          .send(
              new ProducerRecord<>(
                  topics.modelReleases().name(),
                  ScorerDecisions.modelVersion(),
                  ScorerDecisions.release()))
          .get();

      // given: a client whose application the scorer declined (the test plays the scorer, with
      // the scorer's own decision code and seal) ...
      JsonNode first = PortalCalls.submit(runner, ApplicationBodies.risky(810001));
      String declinedId = first.get("applicationId").asString();
      Decision real = ScorerDecisions.decidePublished(platform, topics, declinedId);
      assertThat(real.getOutcome()).isEqualTo(Outcome.DECLINED);
      decisions.send(new ProducerRecord<>(topics.loanDecisions().name(), "810001", real)).get();
      // ... and a client still waiting for a decision
      JsonNode second = PortalCalls.submit(runner, ApplicationBodies.valid(810002));
      String pendingId = second.get("applicationId").asString();

      driver.manage().window().setSize(new Dimension(1280, 1600));
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(first.get("clientLink").asString());
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "declined"));
      wait.until(d -> "yes".equals(js("return document.getElementById('main').dataset.ready;")));
      js(WATCH_HEADLINE);

      // when: the insider publishes approvals, each with a correct SHA-256 of its content
      SealKeys.Signer insider =
          new SealKeys.Signer("ed25519-insider", SealKeys.generate().getPrivate());
      SealKeys.Signer impostor =
          new SealKeys.Signer(ScorerDecisions.SEAL_KEY_ID, SealKeys.generate().getPrivate());
      List<Decision> forgeries = new ArrayList<>();
      forgeries.add(unsealed(approvedCopy(real, declinedId, 810001)));
      forgeries.add(sealKeptHashRecomputed(approvedCopy(real, declinedId, 810001)));
      forgeries.add(resealed(approvedCopy(real, declinedId, 810001), insider));
      forgeries.add(resealed(approvedCopy(real, declinedId, 810001), impostor));
      forgeries.add(unsealed(approvedCopy(real, pendingId, 810002)));
      forgeries.add(resealed(approvedCopy(real, pendingId, 810002), insider));
      assertThat(forgeries)
          .as("forgeries whose SHA-256 content hash is correct")
          .allMatch(DecisionHash::verify);
      for (Decision f : forgeries) {
        decisions
            .send(
                new ProducerRecord<>(
                    topics.loanDecisions().name(), Long.toString(f.getClientId()), f))
            .get();
      }
      RefusalStore refusals = portal.getBean(RefusalStore.class);
      await("the portal has read every forgery")
          .atMost(Duration.ofSeconds(20))
          .until(() -> refusals.count() == forgeries.size());

      // then: the page left open never changed, not even for a moment
      await("the open page's headline stays as it was")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> js("return window.__headlineAt;") == null);
      // and: opened again, it still shows the real decline, with the scorer's own figures
      driver.navigate().refresh();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "declined"));
      WebElement headline = driver.findElement(By.id("headline"));
      assertThat(headline.getText()).doesNotContainIgnoringCase("approved");
      assertThat(driver.findElement(By.id("score-text")).getText())
          .contains(percent(real.getProbabilityOfDefault()));
      driver.manage().window().setSize(new Dimension(1280, 2600));
      Chromium.screenshot(driver, "forged-1-client-still-declined");

      // and: the waiting client's application is still pending, for the client and their bank
      driver.manage().window().setSize(new Dimension(1280, 1400));
      driver.get(second.get("clientLink").asString());
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("status-text"), "Pending"));
      wait.until(d -> "yes".equals(js("return document.getElementById('main').dataset.ready;")));
      assertThat(driver.findElement(By.id("main")).getText())
          .doesNotContainIgnoringCase("approved");
      assertThat(PortalCalls.status(runner, "/api/v1/applications/" + pendingId + "/decision"))
          .as("front office: still pending")
          .isEqualTo(202);
      Chromium.screenshot(driver, "forged-2-client-still-pending");

      // when: an auditor opens the refusals
      driver.get(runner.baseUrl() + "/login?lang=en");
      driver.findElement(By.id("username")).sendKeys(TestSettings.AUDITOR);
      driver.findElement(By.id("password")).sendKeys(TestSettings.AUDITOR_PASSWORD);
      driver.findElement(By.cssSelector("form.form button[type=submit]")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("clientId")));
      driver.manage().window().setSize(new Dimension(1400, 1200));

      // then: each forgery is listed, under FORGED or UNSEALED, with why it was not shown
      driver.get(runner.baseUrl() + "/audit/refusals?reasonCode=FORGED");
      wait.until(ExpectedConditions.textToBe(By.id("result-count"), "4"));
      assertThat(rows())
          .hasSize(4)
          .allSatisfy(r -> assertThat(r).contains("FORGED").contains("not shown to any client"));
      assertThat(rows().stream().filter(r -> r.contains(declinedId))).hasSize(3);
      assertThat(rows().stream().filter(r -> r.contains(pendingId))).hasSize(1);
      assertThat(rows().stream().filter(r -> r.contains("unknown key ed25519-insider"))).hasSize(2);
      assertThat(rows().stream().filter(r -> r.contains("signature does not verify"))).hasSize(2);
      Chromium.screenshot(driver, "forged-3-auditor-refusals-forged");
      driver.get(runner.baseUrl() + "/audit/refusals?reasonCode=UNSEALED");
      wait.until(ExpectedConditions.textToBe(By.id("result-count"), "2"));
      assertThat(rows())
          .hasSize(2)
          .allSatisfy(r -> assertThat(r).contains("UNSEALED").contains("carries no seal"));
      assertThat(String.join("\n", rows())).contains(declinedId).contains(pendingId);
      Chromium.screenshot(driver, "forged-4-auditor-refusals-unsealed");

      // and: the decisions auditors search hold the real decline only
      driver.get(runner.baseUrl() + "/audit");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("clientId")));
      driver.findElement(By.id("clientId")).sendKeys("810001");
      driver.findElement(By.id("search")).click();
      wait.until(ExpectedConditions.textToBe(By.id("result-count"), "1"));
      driver.findElement(By.linkText(declinedId)).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("record")));
      assertThat(driver.findElement(By.id("record-outcome")).getText()).isEqualTo("DECLINED");
      assertThat(driver.findElement(By.id("content-hash")).getText())
          .isEqualTo(real.getContentHash());
      System.out.println(
          "ForgedDecisionBrowserTest screenshots: "
              + Chromium.SCREENSHOTS.toAbsolutePath().normalize());
    }
  }

  @Test
  void aPageLeftOpenIsNotEndedByAForgedLetterAndFollowsARefusalToTheCorrectedDecision(
      LocalPlatform platform) throws Exception {
    PortalRunner runner = new PortalRunner(platform, store);
    Topics topics = Topics.create(runner.topicsConfig());
    String dlq = topics.deadLetters().name();
    try (ConfigurableApplicationContext portal = runner.start();
        KafkaProducer<byte[], DeadLetter> letters =
            PortalCalls.producer(
                platform, topics.deadLetters().keySerde(), topics.deadLetters().valueSerde());
        KafkaProducer<String, Decision> decisions =
            PortalCalls.producer(
                platform, topics.loanDecisions().keySerde(), topics.loanDecisions().valueSerde())) {
      // given: a client's page, open while the application waits for its decision
      JsonNode submitted = PortalCalls.submit(runner, ApplicationBodies.valid(810003));
      String id = submitted.get("applicationId").asString();
      driver.manage().window().setSize(new Dimension(1280, 1400));
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(submitted.get("clientLink").asString());
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("status-text"), "Pending"));
      wait.until(d -> "yes".equals(js("return document.getElementById('main').dataset.ready;")));
      js(WATCH_HEADLINE);

      // when: an insider writes dead letters for it: unsealed, and sealed by a key of its own
      // under the scorer's key id
      DeadLetter claim =
          DeadLetter.newBuilder(
                  ScorerDecisions.refused(
                      id, 810003, "VALIDATION", "invalid application: AMT_ANNUITY: must be > 0"))
              .build();
      DeadLetter unsealed = DeadLetter.newBuilder(claim).setSeal(null).build();
      DeadLetter impostor =
          DeadLetterSeals.seal(
              DeadLetter.newBuilder(claim).build(),
              new SealKeys.Signer(ScorerDecisions.SEAL_KEY_ID, SealKeys.generate().getPrivate()));
      for (DeadLetter letter : List.of(unsealed, impostor)) {
        letters
            .send(new ProducerRecord<>(dlq, "810003".getBytes(StandardCharsets.UTF_8), letter))
            .get();
      }
      RefusalStore refusals = portal.getBean(RefusalStore.class);
      await("the portal has read both letters")
          .atMost(Duration.ofSeconds(20))
          .until(() -> refusals.count() == 2);

      // then: the page did not change, and the front office is still told pending
      await("the open page's headline stays as it was")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> js("return window.__headlineAt;") == null);
      assertThat(PortalCalls.status(runner, "/api/v1/applications/" + id + "/decision"))
          .isEqualTo(202);
      Chromium.screenshot(driver, "forged-5-letters-client-still-pending");

      // when: the scorer refuses it (its own letter, sealed)
      letters
          .send(new ProducerRecord<>(dlq, "810003".getBytes(StandardCharsets.UTF_8), claim))
          .get();

      // then: the open page says so
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("headline"), "We could not process your application"));
      wait.until(
          d -> "REFUSED".equals(js("return document.getElementById('main').dataset.status;")));
      Chromium.screenshot(driver, "forged-6-client-refused");

      // when: the front office sends the corrected application under the same id, and the
      // scorer declines it
      Map<String, Object> corrected = ApplicationBodies.risky(810003);
      corrected.put("applicationId", id);
      assertThat(PortalCalls.submit(runner, corrected).get("applicationId").asString())
          .isEqualTo(id);
      Decision decided = ScorerDecisions.decide(corrected, id);
      assertThat(decided.getOutcome()).isEqualTo(Outcome.DECLINED);
      decisions.send(new ProducerRecord<>(topics.loanDecisions().name(), "810003", decided)).get();

      // then: the page left open on the refusal shows the decision, without a reload
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "declined"));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("score-text"), percent(decided.getProbabilityOfDefault())));
      assertThat(PortalCalls.status(runner, "/api/v1/applications/" + id + "/decision"))
          .isEqualTo(200);
      driver.manage().window().setSize(new Dimension(1280, 2600));
      Chromium.screenshot(driver, "forged-7-client-corrected-and-decided");
    }
  }

  /** The text of each row of the refusals table. */
  private List<String> rows() {
    return driver.findElements(By.cssSelector("#results tbody tr")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /**
   * What an insider makes of a real decision: an approval (outcome and probability changed) for the
   * given application and client. Its content hash is then recomputed by each kind of forgery.
   */
  private static Decision approvedCopy(Decision real, String applicationId, long clientId) {
    return Decision.newBuilder(real)
        .setApplicationId(applicationId)
        .setClientId(clientId)
        .setOutcome(Outcome.APPROVED)
        .setProbabilityOfDefault(0.01)
        .build();
  }

  /** No seal, the SHA-256 recomputed: what a v2 scorer, or anyone, can write. */
  private static Decision unsealed(Decision d) {
    d.setSeal(null);
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  /** The real seal kept, the SHA-256 recomputed over the changed content. */
  private static Decision sealKeptHashRecomputed(Decision d) {
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  /** Sealed again, correctly, but with a key that is not the scorer's. */
  private static Decision resealed(Decision d, SealKeys.Signer key) {
    DecisionSeals.seal(
        d,
        key,
        d.getSeal().getChain(),
        d.getSeal().getSequence(),
        DecisionHash.bytesOf(d.getSeal().getPreviousHash()));
    return d;
  }

  /** A share as the page writes it in English: at most one decimal, "%" after it. */
  private static String percent(double share) {
    return BigDecimal.valueOf(100 * share)
            .setScale(1, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }
}
