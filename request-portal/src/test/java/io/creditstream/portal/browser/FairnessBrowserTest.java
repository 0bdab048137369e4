package io.creditstream.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.ModelRelease;
import io.creditstream.portal.FairnessDecisions;
import io.creditstream.portal.PortalRunner;
import io.creditstream.portal.TestSettings;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.topics.Topics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real headless Chromium against the real portal, broker and registry: decisions arrive on {@code
 * loan-decisions}, an auditor signs in, opens the fairness page, picks a period and sees the group
 * below the four-fifths rule. Screenshot: {@code target/screenshots/auditor-5-fairness.png}.
 */
@ExtendWith(LocalPlatformExtension.class)
class FairnessBrowserTest {

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
  void anAuditorSeesLiveApprovalRatesBySexAndAgeWithTheFourFifthsFlag(LocalPlatform platform)
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
      // given: the model's release and 120 of its decisions on 1 October
      releases
          .send(
              new ProducerRecord<>(
                  topics.modelReleases().name(),
                  FairnessDecisions.modelVersion(),
                  FairnessDecisions.release()))
          .get();
      Instant day = Instant.parse("2026-10-01T12:00:00Z");
      double menScores = 0;
      for (int i = 0; i < 40; i++) {
        // women of 30: 32 of 40 approved; men of 50: 16 of 40; women of 22: 30 of 40 (each
        // decision the scorer's own, on an application of that client)
        send(
            decisions, topics, FairnessDecisions.decision("w" + i, 1000 + i, "F", 30, i < 32, day));
        Decision man = FairnessDecisions.decision("m" + i, 2000 + i, "M", 50, i < 16, day);
        menScores += man.getProbabilityOfDefault();
        send(decisions, topics, man);
        send(
            decisions, topics, FairnessDecisions.decision("y" + i, 3000 + i, "F", 22, i < 30, day));
      }
      decisions.flush();
      String menMean =
          BigDecimal.valueOf(menScores / 40).setScale(4, RoundingMode.HALF_EVEN).toPlainString();

      // when: an auditor signs in and asks for that day
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(runner.baseUrl() + "/login?lang=en");
      driver.findElement(By.id("username")).sendKeys(TestSettings.AUDITOR);
      driver.findElement(By.id("password")).sendKeys(TestSettings.AUDITOR_PASSWORD);
      driver.findElement(By.cssSelector("form.form button[type=submit]")).click();
      wait.until(ExpectedConditions.urlContains("/audit"));
      driver.findElement(By.linkText("Fairness")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-labels")));
      String url =
          runner.baseUrl()
              + "/audit/fairness?from=2026-10-01&to=2026-10-02&modelVersion="
              + FairnessDecisions.modelVersion();
      // the mirror may still be catching up: reload until all 120 decisions are counted
      wait.until(
          d -> {
            d.get(url);
            List<WebElement> n = d.findElements(By.cssSelector(".decision-count"));
            return !n.isEmpty() && n.get(0).getText().equals("120");
          });

      // then: one table, men flagged below four-fifths, and the page says labels are not known
      List<WebElement> rows = driver.findElements(By.cssSelector("table.fairness tbody tr"));
      List<WebElement> flagged = driver.findElements(By.cssSelector("table.fairness tr.alert"));
      // men: 16 of 40 against women's 62 of 80 (0.775): ratio 0.516; the men are all 50, so
      // their age band (40-60) is flagged too: 0.4 against 0.8 (25-40); the mean probability of
      // default is the men's in both rows
      assertThat(flagged)
          .extracting(WebElement::getText)
          .containsExactly(
              "sex M 40 0.400 0.516 below 0.8 " + menMean,
              "age 40-60 40 0.400 0.500 below 0.8 " + menMean);
      assertThat(rows)
          .extracting(WebElement::getText)
          .anySatisfy(t -> assertThat(t).startsWith("age <25 40 0.750"));
      assertThat(driver.findElement(By.id("no-labels")).getText())
          .contains("Outcomes are not known for live decisions");
      driver.manage().window().setSize(new Dimension(1280, 1400));
      Chromium.screenshot(driver, "auditor-5-fairness");
      List<LogEntry> errors =
          driver.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
              .filter(e -> !e.getMessage().contains("favicon.ico"))
              .toList();
      assertThat(errors).as("browser console errors").isEmpty();
    }
  }

  private static void send(KafkaProducer<String, Decision> p, Topics topics, Decision d) {
    p.send(new ProducerRecord<>(topics.loanDecisions().name(), Long.toString(d.getClientId()), d));
  }
}
