package io.creditstream.portal.frontoffice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.LoanApplication;
import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.fixtures.Applications;
import io.creditstream.portal.PortalRunner;
import io.creditstream.portal.TestSettings;
import io.creditstream.portal.browser.PortalCalls;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.runtime.Drain;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real portal, broker and registry: an insider with write access to {@code loan-applications} names
 * a front office on records of its own, once with no tag and once with the tag of that front
 * office's real application copied over. The portal believes neither name (the applications read as
 * a direct producer's), counts them, and still keeps the real application to its front office.
 */
@ExtendWith(LocalPlatformExtension.class)
class FrontOfficeTagTest {

  private static final String UNVERIFIED =
      "creditstream.portal.applications.unverified.front.office";

  @TempDir Path store;

  @Test
  void aFrontOfficeNamedByAProducerRatherThanByAPortalIsNotBelieved(LocalPlatform platform)
      throws Exception {
    PortalRunner runner = new PortalRunner(platform, store);
    Topics topics = Topics.create(runner.topicsConfig());
    try (ConfigurableApplicationContext portal = runner.start();
        KafkaProducer<String, LoanApplication> insider =
            PortalCalls.producer(
                platform,
                topics.loanApplications().keySerde(),
                topics.loanApplications().valueSerde())) {
      DecisionStore applications = portal.getBean(DecisionStore.class);
      MeterRegistry meters = portal.getBean(MeterRegistry.class);

      // given: an application the branch submitted through the portal, whose record carries the
      // branch's name and the portal's tag
      String own =
          PortalCalls.submit(runner, ApplicationBodies.valid(820001))
              .get("applicationId")
              .asString();
      ConsumerRecord<String, LoanApplication> published = published(platform, topics, own);
      Header tag = published.headers().lastHeader(DecisionStore.FRONT_OFFICE_TAG_HEADER);
      assertThat(tag).as("the portal's tag on the record it published").isNotNull();
      await("the portal has read its own application")
          .atMost(Duration.ofSeconds(20))
          .until(() -> applications.application(own).isPresent());
      assertThat(applications.application(own).get().frontOffice()).isEqualTo("branch");

      // when: the insider writes two applications naming the branch, one without a tag, one with
      // the tag of the branch's real application
      ProducerRecord<String, LoanApplication> untagged =
          named(topics, Applications.valid("insider-820002", 820002, 0.6), null);
      ProducerRecord<String, LoanApplication> copied =
          named(topics, Applications.valid("insider-820003", 820003, 0.6), tag.value());
      insider.send(untagged).get();
      insider.send(copied).get();
      await("the portal has read the insider's applications")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  applications.application("insider-820002").isPresent()
                      && applications.application("insider-820003").isPresent());

      // then: neither is the branch's: each reads as a direct producer's, and is counted
      assertThat(applications.application("insider-820002").get().frontOffice()).isNull();
      assertThat(applications.application("insider-820003").get().frontOffice()).isNull();
      assertThat(meters.counter(UNVERIFIED).count()).isEqualTo(2.0);
      // and: the branch's own application is still the branch's alone
      assertThat(applications.application(own).get().frontOffice()).isEqualTo("branch");
      assertThat(
              PortalCalls.status(
                  runner, "/api/v1/applications/" + own + "/decision", TestSettings.WEB_KEY))
          .as("another front office asking for the branch's application")
          .isEqualTo(404);
      assertThat(
              PortalCalls.status(
                  runner, "/api/v1/applications/insider-820002/link", TestSettings.WEB_KEY))
          .as("a direct producer's application, as any front office may ask for it")
          .isEqualTo(200);
    }
  }

  private static ProducerRecord<String, LoanApplication> named(
      Topics topics, LoanApplication application, byte[] tag) {
    ProducerRecord<String, LoanApplication> rec =
        new ProducerRecord<>(
            topics.loanApplications().name(),
            Long.toString(application.getSKIDCURR()),
            application);
    rec.headers().add(DecisionStore.FRONT_OFFICE_HEADER, "branch".getBytes(StandardCharsets.UTF_8));
    if (tag != null) {
      rec.headers().add(DecisionStore.FRONT_OFFICE_TAG_HEADER, tag);
    }
    return rec;
  }

  private static ConsumerRecord<String, LoanApplication> published(
      LocalPlatform platform, Topics topics, String applicationId) {
    try (KafkaConsumer<String, LoanApplication> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            topics.loanApplications().keySerde().deserializer(),
            topics.loanApplications().valueSerde().deserializer())) {
      return Drain.readAll(consumer, topics.loanApplications().name(), Duration.ofSeconds(20))
          .stream()
          .filter(r -> applicationId.equals(r.value().getApplicationId()))
          .findFirst()
          .orElseThrow(() -> new AssertionError(applicationId + " is not on loan-applications"));
    }
  }
}
