package io.creditstream.portal.frontoffice;

import io.creditstream.avro.LoanApplication;
import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.records.LoanApplications;
import io.creditstream.topics.Topics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes applications to {@code loan-applications}, keyed by the client id (SK_ID_CURR) as a
 * decimal string so that they are co-partitioned with {@code client-features}, and waits for the
 * ack. Each record names the front office that submitted it, with a tag that only a portal can
 * compute ({@link LinkCredentials#frontOfficeTag}), so that a producer writing to the topic
 * directly cannot pass its applications off as a front office's.
 */
@Component
class KafkaApplicationPublisher implements ApplicationPublisher {

  private static final Logger log = LoggerFactory.getLogger(KafkaApplicationPublisher.class);

  private final Producer<String, LoanApplication> producer;
  private final String topic;
  private final Duration timeout;
  private final LinkCredentials credentials;

  KafkaApplicationPublisher(
      Producer<String, LoanApplication> producer,
      Topics topics,
      PortalProperties properties,
      LinkCredentials credentials) {
    this.producer = producer;
    this.credentials = credentials;
    this.topic = topics.loanApplications().name();
    this.timeout = properties.publishTimeout();
  }

  @Override
  public void publish(LoanApplication application, String frontOffice) {
    String key = Long.toString(application.getSKIDCURR());
    ProducerRecord<String, LoanApplication> rec = new ProducerRecord<>(topic, key, application);
    rec.headers()
        .add(
            DecisionStore.FRONT_OFFICE_HEADER,
            frontOffice.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .add(
            DecisionStore.FRONT_OFFICE_TAG_HEADER,
            credentials
                .frontOfficeTag(
                    frontOffice,
                    application.getApplicationId(),
                    LoanApplications.fingerprint(application))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    try {
      RecordMetadata md = producer.send(rec).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      log.info(
          "Published application {} to {}-{}@{}",
          application.getApplicationId(),
          md.topic(),
          md.partition(),
          md.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new PublishFailedException("the broker did not acknowledge: " + cause, cause);
    }
  }
}
