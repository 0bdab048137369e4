package io.creditstream.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.CounterOffer;
import io.creditstream.avro.Decision;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.features.FeatureSet;
import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.portal.PortalRunner;
import io.creditstream.portal.ScorerDecisions;
import io.creditstream.portal.TestSettings;
import io.creditstream.portal.client.ClientPageTest;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.topics.Topics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real headless Chromium against the real portal, broker and registry: a client watches the
 * decision arrive on their page without reloading it, reads it in words in English and French, on a
 * desktop and on a phone, with no model-internal name and the next steps of a decline (the
 * counter-offer the scorer found among them); the page is timed on a fast link and on an emulated
 * slow one; an auditor signs in, searches and opens the record. Screenshots go to {@code
 * target/screenshots/} (the path is printed).
 */
@ExtendWith(LocalPlatformExtension.class)
class BrowserJourneyTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

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

  /**
   * Records in the page the moment (epoch ms, the machine's clock) the headline's text changes, so
   * that the test can time the decision's arrival to the millisecond.
   */
  private static final String WATCH_HEADLINE =
      "var h = document.getElementById('headline'); window.__headlineAt = null;"
          + "new MutationObserver(function () { if (!window.__headlineAt) {"
          + " window.__headlineAt = performance.timeOrigin + performance.now(); } })"
          + ".observe(h, {childList: true, characterData: true, subtree: true});";

  /** Pairs of visible elements whose boxes overlap, among the page's labels and headings. */
  private static final String OVERLAPS =
      "var sel = ['header .brand', 'header .lang', 'h1', '#headline', '#status-text',"
          + " '#gauge-you-label', '#gauge-limit-label', '.gauge-edge-start', '.gauge-edge-end',"
          + " '#score-heading', '#score-text'];"
          + "var els = []; sel.forEach(function (s) { document.querySelectorAll(s).forEach("
          + " function (e) { var r = e.getBoundingClientRect(); if (r.width > 0) {"
          + " els.push([s, r]); } }); });"
          + "var out = []; for (var i = 0; i < els.length; i++) { for (var j = i + 1; j <"
          + " els.length; j++) { var a = els[i][1], b = els[j][1];"
          + " if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top"
          + " < a.bottom - 1) { out.push(els[i][0] + ' / ' + els[j][0]); } } } return out;";

  @Test
  void clientSeesPendingThenTheDecisionLiveInWordsAndAnAuditorFindsIt(LocalPlatform platform)
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
      // given: a released model with its card, and an application submitted through the API
      releases
          .send(
              new ProducerRecord<>(
                  topics.modelReleases().name(),
                  ScorerDecisions.modelVersion(),
                  ScorerDecisions.release()))
          .get();
      long submittedAt = System.currentTimeMillis();
      JsonNode submitted =
          PortalCalls.submit(runner, ApplicationBodies.declinedForItsAmount(800001));
      String applicationId = submitted.get("applicationId").asString();
      String link = submitted.get("clientLink").asString();

      // when: the client opens the link
      driver.get(link);
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      wait.pollingEvery(Duration.ofMillis(10));
      WebElement status = driver.findElement(By.id("status"));
      assertThat(status.getAttribute("aria-live")).isEqualTo("polite");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("status-text"), "Pending"));
      wait.until(d -> "yes".equals(js("return document.getElementById('main').dataset.ready;")));
      js("window.__sameDocument = 'yes';" + WATCH_HEADLINE);
      screenshot("client-1-pending-en-desktop");

      // and: the scorer decides (this test plays the scorer, at once: the application the portal
      // published, decided and sealed by the scorer's own code)
      Decision decided = ScorerDecisions.decidePublished(platform, topics, applicationId);
      assertThat(decided.getOutcome()).isEqualTo(Outcome.DECLINED);
      assertThat(decided.getReasons()).as("the decision's reasons").hasSizeGreaterThanOrEqualTo(3);
      CounterOffer offer = decided.getCounterOffer();
      assertThat(offer).as("the scorer's counter-offer search").isNotNull();
      assertThat(offer.getAmount()).as("a smaller amount the scorer found").isNotNull();
      long sentAt = System.currentTimeMillis();
      decisions.send(new ProducerRecord<>(topics.loanDecisions().name(), "800001", decided)).get();

      // then: the page shows it without a reload, within a second
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "declined"));
      long headlineAt = ((Number) js("return window.__headlineAt;")).longValue();
      wait.until(d -> d.findElements(By.cssSelector("#population .population-item")).size() == 3);
      long detailsAt =
          Long.parseLong((String) js("return document.getElementById('main').dataset.shown;"));
      System.out.printf(
          "BrowserJourneyTest fast link, live push: decision sent -> headline %d ms, -> whole"
              + " result %d ms (this test's own steps between submission and decision: %d ms)%n",
          headlineAt - sentAt, detailsAt - sentAt, sentAt - submittedAt);
      assertThat(headlineAt - sentAt).as("decision sent -> visible, ms").isLessThanOrEqualTo(1000);
      assertThat(js("return window.__sameDocument;")).isEqualTo("yes");
      // the scorer's own figures: its probability and the model's threshold
      assertThat(driver.findElement(By.id("score-text")).getText())
          .contains(percent(decided.getProbabilityOfDefault(), Locale.ENGLISH))
          .contains(percent(decided.getThreshold(), Locale.ENGLISH));
      assertThat(driver.findElements(By.cssSelector("#reasons li")))
          .hasSize(decided.getReasons().size());
      assertThat(driver.findElement(By.id("next-steps")).getText())
          .contains("ask for a person to review this decision")
          .contains(applicationId);
      // the counter-offer the scorer found, in words and euros, among the next steps
      assertThat(driver.findElement(By.cssSelector("#next-steps #counter-offer")).getText())
          .contains("A smaller loan we could grant")
          .contains(
              "we could lend you "
                  + euros(offer.getAmount(), Locale.ENGLISH)
                  + " for a purchase of up to "
                  + euros(offer.getGoodsPrice(), Locale.ENGLISH))
          .contains("repaid at " + euros(offer.getAnnuity(), Locale.ENGLISH) + " a month")
          .contains("If this amount suits you, contact us");
      assertThat(driver.findElement(By.id("population")).getText())
          .contains("Your age")
          .contains("24 years 8 months");
      assertReadable("en desktop", link);

      // and: as a client meets it: submitted, decided at once (an instant scorer), the link opened
      // as soon as the submission answers; the decision is on the page within a second
      long t0 = System.currentTimeMillis();
      JsonNode second = PortalCalls.submit(runner, ApplicationBodies.risky(800002));
      // (decided from the body submitted, by the scorer's code, in a few ms: reading it back from
      // the topic first would time this test's consumer, not the portal)
      decisions.send(
          new ProducerRecord<>(
              topics.loanDecisions().name(),
              "800002",
              ScorerDecisions.decide(
                  ApplicationBodies.risky(800002), second.get("applicationId").asString())));
      driver.get(second.get("clientLink").asString());
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "declined"));
      long visible = System.currentTimeMillis() - t0;
      System.out.printf(
          "BrowserJourneyTest fast link: submission -> decision visible %d ms (submission, an"
              + " instant decision, the page opened at once)%n",
          visible);
      assertThat(visible).as("submission -> decision visible, ms").isLessThanOrEqualTo(1000);
      driver.get(link);
      wait.until(d -> d.findElement(By.id("next-steps")).isDisplayed());
      // a tall window so that the picture shows the whole page
      driver.manage().window().setSize(new Dimension(1280, 3000));
      screenshot("client-2-declined-en-desktop");
      elementScreenshot(By.id("next-steps"), "client-6-counter-offer-next-steps-en");

      // and: the same page in French, on a desktop and on a phone; English on a phone
      driver.manage().window().setSize(new Dimension(1280, 3000));
      driver.get(link + "?lang=fr");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "refusée"));
      assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
      // (WebDriver's getText turns non-breaking spaces into spaces: read the DOM itself)
      assertThat(js("return document.getElementById('score-text').textContent;"))
          .asString()
          .contains(percent(decided.getProbabilityOfDefault(), Locale.FRENCH));
      assertThat(driver.findElement(By.id("next-steps")).getText())
          .contains("demander qu'une personne réexamine cette décision");
      assertThat(js("return document.getElementById('counter-offer').textContent;"))
          .asString()
          .contains("Un montant plus faible que nous pourrions vous accorder")
          .contains("nous pourrions vous prêter " + euros(offer.getAmount(), Locale.FRENCH))
          .contains("avec des mensualités de " + euros(offer.getAnnuity(), Locale.FRENCH))
          .contains("Si ce montant vous convient");
      assertReadable("fr desktop", link);
      screenshot("client-3-declined-fr-desktop");
      elementScreenshot(By.id("next-steps"), "client-6-counter-offer-next-steps-fr");
      for (String lang : List.of("fr", "en")) {
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(link + "?lang=" + lang);
        wait.until(d -> d.findElement(By.id("next-steps")).isDisplayed());
        assertThat(driver.findElement(By.id("counter-offer")).isDisplayed()).isTrue();
        assertReadable(lang + " phone", link);
        assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth;"))
            .as(lang + " phone: no sideways scrolling")
            .isEqualTo(true);
        driver.manage().window().setSize(new Dimension(390, 3600));
        screenshot("client-4-declined-" + lang + "-phone");
      }
      assertNoConsoleErrors();

      // when: an auditor signs in and searches for the client
      driver.manage().window().setSize(new Dimension(1280, 1000));
      driver.get(runner.baseUrl() + "/audit");
      wait.until(ExpectedConditions.urlContains("/login"));
      // the client part left English in the language cookie; the auditor works in English
      driver.get(runner.baseUrl() + "/login?lang=en");
      driver.findElement(By.id("username")).sendKeys(TestSettings.AUDITOR);
      driver.findElement(By.id("password")).sendKeys(TestSettings.AUDITOR_PASSWORD);
      screenshot("auditor-1-login");
      driver.findElement(By.cssSelector("form.form button[type=submit]")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("clientId")));
      driver.findElement(By.id("clientId")).sendKeys("800001");
      driver.findElement(By.id("search")).click();
      wait.until(ExpectedConditions.textToBe(By.id("result-count"), "1"));
      screenshot("auditor-2-search");
      driver.findElement(By.linkText(applicationId)).click();

      // then: the full record, in sections
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("record")));
      assertThat(driver.findElement(By.id("record-outcome")).getText()).isEqualTo("DECLINED");
      assertThat(driver.findElement(By.id("record-counter-offer-amount")).getText())
          .isEqualTo(offer.getAmount().toString());
      assertThat(driver.findElement(By.id("content-hash")).getText())
          .isEqualTo(decided.getContentHash());
      // every input the model read: the application's here, the history's in their own table
      FeatureSet features = FeatureSet.current();
      assertThat(driver.findElements(By.cssSelector("#features tbody tr")))
          .hasSize(features.names().size() - features.historyFeatureNames().size());
      driver.findElement(By.cssSelector("#application summary")).click();
      driver.manage().window().setSize(new Dimension(1280, 1800));
      screenshot("auditor-3-record");
      driver.get(runner.baseUrl() + "/audit/distributions");
      wait.until(d -> !d.findElements(By.cssSelector("#distributions canvas")).isEmpty());
      Thread.sleep(800); // let the charts' entry animation finish before the picture
      screenshot("auditor-4-distributions");
      // the released model is listed with the release key that signed it
      assertThat(driver.findElement(By.cssSelector(".release-signed")).getText())
          .isEqualTo("signed by release key " + ScorerDecisions.RELEASE_KEY_ID);
      driver.get(runner.baseUrl() + "/audit/drift");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("drift-minimum")));
      screenshot("auditor-5-drift");
      assertNoConsoleErrors();
      System.out.println(
          "BrowserJourneyTest screenshots: " + Chromium.SCREENSHOTS.toAbsolutePath().normalize());
    }
  }

  /**
   * On a slow mobile link (400 kbit/s each way, 400 ms latency, Chromium's network emulation) and
   * an empty cache, the client's page of a decided application is usable within 5 s, and a pending
   * one is listening for its decision within 5 s.
   */
  @Test
  void theClientPageIsUsableWithinFiveSecondsOnASlowLink(LocalPlatform platform) throws Exception {
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
      JsonNode decided = PortalCalls.submit(runner, ApplicationBodies.risky(800101));
      decisions
          .send(
              new ProducerRecord<>(
                  topics.loanDecisions().name(),
                  "800101",
                  ScorerDecisions.decidePublished(
                      platform, topics, decided.get("applicationId").asString())))
          .get();
      String decidedUrl = "/api/v1/applications/" + decided.get("applicationId").asString();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> PortalCalls.status(runner, decidedUrl + "/decision") == 200);
      JsonNode pending = PortalCalls.submit(runner, ApplicationBodies.valid(800102));

      ((ChromeDriver) driver).executeCdpCommand("Network.enable", Map.of());
      ((ChromeDriver) driver)
          .executeCdpCommand(
              "Network.emulateNetworkConditions",
              Map.of(
                  "offline",
                  false,
                  "latency",
                  400,
                  "downloadThroughput",
                  400_000 / 8,
                  "uploadThroughput",
                  400_000 / 8));
      driver.manage().window().setSize(new Dimension(390, 844));
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      wait.pollingEvery(Duration.ofMillis(10));

      // when: a decided page is opened with an empty cache
      driver.get(decided.get("clientLink").asString());
      wait.until(d -> "yes".equals(js("return document.getElementById('main').dataset.ready;")));
      Map<?, ?> t = timing();
      long usable = ((Number) t.get("domContentLoaded")).longValue();
      long loaded = ((Number) t.get("load")).longValue();
      long bytes = ((Number) t.get("bytes")).longValue();
      // then
      assertThat(driver.findElement(By.id("headline")).getText()).contains("declined");
      assertThat(driver.findElement(By.id("next-steps")).isDisplayed()).isTrue();
      screenshot("client-5-slow-link-phone");

      // when: a pending page is opened (its two small files now cached, as on a return visit)
      driver.get(pending.get("clientLink").asString());
      long start = System.currentTimeMillis();
      wait.until(d -> "yes".equals(js("return document.getElementById('main').dataset.ready;")));
      Map<?, ?> p = timing();
      long listening =
          ((Number) js("return performance.now();")).longValue(); // since this navigation began
      System.out.printf(
          "BrowserJourneyTest slow link (400 kbit/s, 400 ms, empty cache): decided page usable"
              + " (DOMContentLoaded) %d ms, load %d ms, %d bytes transferred; pending page"
              + " listening for its decision by %d ms (DOMContentLoaded %d ms)%n",
          usable, loaded, bytes, listening, ((Number) p.get("domContentLoaded")).longValue());
      assertThat(usable).as("decided page usable, ms").isLessThanOrEqualTo(5000);
      assertThat(loaded).as("decided page loaded, ms").isLessThanOrEqualTo(5000);
      assertThat(listening).as("pending page listening, ms").isLessThanOrEqualTo(5000);
      assertThat(System.currentTimeMillis() - start).isLessThan(60_000);
    }
  }

  /** The navigation's timings (ms from its start) and the bytes it transferred. */
  private Map<?, ?> timing() {
    return (Map<?, ?>)
        js(
            "var n = performance.getEntriesByType('navigation')[0];"
                + "var bytes = n.transferSize; performance.getEntriesByType('resource').forEach("
                + "function (r) { bytes += r.transferSize; });"
                + "return {domContentLoaded: Math.round(n.domContentLoadedEventEnd),"
                + " load: Math.round(n.loadEventEnd), bytes: bytes};");
  }

  /** No internal name in what the page shows or holds, and no two labels on top of each other. */
  private void assertReadable(String where, String link) {
    String credential = link.substring(link.lastIndexOf('/') + 1);
    String text = (String) js("return document.body.innerText;");
    String html = driver.getPageSource().replace(credential, "");
    assertThat(ClientPageTest.internalNamesIn(text)).as(where + " text").isEmpty();
    assertThat(ClientPageTest.internalNamesIn(html)).as(where + " source").isEmpty();
    assertThat((List<?>) js(OVERLAPS)).as(where + " overlapping labels").isEmpty();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private void assertNoConsoleErrors() {
    // A CSP violation or a script error shows up here as SEVERE.
    List<LogEntry> errors =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .filter(e -> !e.getMessage().contains("favicon.ico"))
            .toList();
    assertThat(errors).as("browser console errors").isEmpty();
  }

  /** A picture of one element of the page only (scrolled into view). */
  private void elementScreenshot(By element, String name) throws Exception {
    Files.write(
        Chromium.SCREENSHOTS.resolve(name + ".png"),
        driver.findElement(element).getScreenshotAs(OutputType.BYTES));
  }

  private void screenshot(String name) throws Exception {
    Chromium.screenshot(driver, name);
  }

  /**
   * A share as the page writes it, worked out here apart from the portal's code: at most one
   * decimal, "20.7%" in English and "20,7 %" (a non-breaking space) in French.
   */
  private static String percent(double share, Locale locale) {
    String n =
        BigDecimal.valueOf(100 * share)
            .setScale(1, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString();
    return Locale.FRENCH.equals(locale) ? n.replace('.', ',') + "\u00a0%" : n + "%";
  }

  /**
   * An amount in euros as the page writes it, worked out here apart from the portal's code: whole
   * euros (half to even), "€483,000" in English and "483 000 €" (a narrow no-break space between
   * thousands, a no-break space before the sign) in French.
   */
  private static String euros(double amount, Locale locale) {
    String digits =
        BigDecimal.valueOf(amount).setScale(0, RoundingMode.HALF_EVEN).toBigInteger().toString();
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        grouped.append(Locale.FRENCH.equals(locale) ? '\u202f' : ',');
      }
      grouped.append(digits.charAt(i));
    }
    return Locale.FRENCH.equals(locale) ? grouped + "\u00a0€" : "€" + grouped;
  }
}
