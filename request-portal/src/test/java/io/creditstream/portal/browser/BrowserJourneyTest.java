package io.creditstream.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.creditstream.avro.Decision;
import io.creditstream.avro.ModelRelease;
import io.creditstream.portal.Applications;
import io.creditstream.portal.Decisions;
import io.creditstream.portal.PortalRunner;
import io.creditstream.portal.TestSettings;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real headless Chromium against the real portal, broker and registry: a client watches the
 * decision arrive on their page without reloading it; an auditor signs in, searches and opens the
 * record. Screenshots go to {@code target/screenshots/}.
 */
@ExtendWith(LocalPlatformExtension.class)
class BrowserJourneyTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path profile;
  @TempDir Path store;
  private WebDriver driver;

  @BeforeEach
  void startBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "Chromium and its driver are needed for the browser tests but "
              + CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is missing: apt-get install -y chromium chromium-driver");
    }
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=1280,1600",
        "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void clientSeesPendingThenTheDecisionLiveAndAnAuditorFindsIt(LocalPlatform platform)
      throws Exception {
    PortalRunner runner = new PortalRunner(platform, store);
    Topics topics = Topics.create(runner.topicsConfig());
    try (ConfigurableApplicationContext portal = runner.start();
        KafkaProducer<String, Decision> decisions =
            producer(
                platform, topics.loanDecisions().keySerde(), topics.loanDecisions().valueSerde());
        KafkaProducer<String, ModelRelease> releases =
            producer(
                platform, topics.modelReleases().keySerde(), topics.modelReleases().valueSerde())) {
      // given: a released model with its card, and a submitted application
      releases
          .send(
              new ProducerRecord<>(
                  topics.modelReleases().name(), Decisions.MODEL_VERSION, Decisions.release()))
          .get();
      JsonNode submitted = submit(runner, 800001);
      String applicationId = submitted.get("applicationId").asString();
      String link = submitted.get("clientLink").asString();

      // when: the client opens the link
      driver.get(link);
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      WebElement status = driver.findElement(By.id("status"));
      assertThat(status.getAttribute("aria-live")).isEqualTo("polite");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("status-text"), "Pending"));
      ((JavascriptExecutor) driver).executeScript("window.__sameDocument = 'yes';");
      screenshot("client-1-pending");

      // and: the scorer decides
      Decision decided = Decisions.decision(applicationId, 800001, 0.83);
      decisions.send(new ProducerRecord<>(topics.loanDecisions().name(), "800001", decided)).get();

      // then: the page shows it without a reload
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "declined"));
      assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument;"))
          .isEqualTo("yes");
      assertThat(driver.findElement(By.id("score-text")).getText())
          .contains("83 %")
          .contains("50 %");
      List<WebElement> reasons = driver.findElements(By.cssSelector("#reasons li"));
      assertThat(reasons).hasSize(3);
      assertThat(driver.findElements(By.cssSelector("#gauge canvas"))).isNotEmpty();
      assertThat(driver.findElements(By.cssSelector("#reasons-chart canvas"))).isNotEmpty();
      wait.until(
          d -> d.findElements(By.cssSelector("#population .population-item canvas")).size() == 2);
      assertThat(driver.findElement(By.id("population")).getText())
          .contains("External credit score 3");
      // a tall window so that the picture shows the whole page
      driver.manage().window().setSize(new Dimension(1280, 2400));
      Thread.sleep(800); // let the charts' entry animation finish before the picture
      screenshot("client-2-decided");

      // and: the same page in French, on a phone
      driver.manage().window().setSize(new Dimension(390, 844));
      driver.get(link + "?lang=fr");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("headline"), "refusée"));
      wait.until(
          d -> d.findElements(By.cssSelector("#population .population-item canvas")).size() == 2);
      Thread.sleep(800);
      screenshot("client-3-phone-fr");
      assertNoConsoleErrors();

      // when: an auditor signs in and searches for the client
      driver.manage().window().setSize(new Dimension(1280, 1000));
      driver.get(runner.baseUrl() + "/audit");
      wait.until(ExpectedConditions.urlContains("/login"));
      // the client part left French in the language cookie; the auditor works in English
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

      // then: the full record
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("record")));
      assertThat(driver.findElement(By.id("record-outcome")).getText()).isEqualTo("DECLINED");
      assertThat(driver.findElement(By.id("content-hash")).getText())
          .isEqualTo(decided.getContentHash());
      assertThat(driver.findElements(By.cssSelector("#features tbody tr"))).hasSize(4);
      screenshot("auditor-3-record");
      driver.get(runner.baseUrl() + "/audit/distributions");
      wait.until(d -> !d.findElements(By.cssSelector("#distributions canvas")).isEmpty());
      Thread.sleep(800);
      screenshot("auditor-4-distributions");
      assertNoConsoleErrors();
    }
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

  private void screenshot(String name) throws Exception {
    Files.write(
        SCREENSHOTS.resolve(name + ".png"),
        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  private static JsonNode submit(PortalRunner runner, long clientId) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/v1/applications"))
                    .header("Content-Type", "application/json")
                    .header("X-API-Key", TestSettings.BRANCH_KEY)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(Applications.valid(clientId))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body());
  }

  private static <V> KafkaProducer<String, V> producer(
      LocalPlatform platform,
      org.apache.kafka.common.serialization.Serde<String> keys,
      org.apache.kafka.common.serialization.Serde<V> values) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
        keys.serializer(),
        values.serializer());
  }
}
