package io.creditstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.LoanApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KNOWN BUG, reported to the lead, not fixed here (it is in {@code stream-scorer}): a record with a
 * null value (a tombstone) on {@code loan-applications} makes {@code DecisionTopology}'s {@code
 * validate} step throw a NullPointerException ({@code new AvroRow(null)}); the default processing
 * handler fails, {@code ScorerApp}'s uncaught-exception handler answers SHUTDOWN_CLIENT and the
 * scorer exits with code 2. The offset is not committed, so every restarted or other instance meets
 * the same record and stops too: one tombstone halts all scoring on that partition.
 *
 * <p>This test states the behaviour the issue asks for (a dead letter, the scorer keeps going) and
 * fails until the scorer handles null values.
 */
class KnownBugTombstoneStopsScorerTest {

  private static Path dir;
  private static SystemUnderTest system;

  @BeforeAll
  static void startPlatform() throws Exception {
    dir = SystemUnderTest.workDir("KnownBugTombstoneStopsScorerTest");
    system = SystemUnderTest.start(dir);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aTombstoneOnLoanApplicationsBecomesADeadLetterAndTheScorerKeepsDeciding() throws Exception {
    // given
    try (Deployment d = system.deploy("tombstone");
        DecisionCounter counter = new DecisionCounter(d);
        KafkaProducer<byte[], byte[]> producer = d.rawProducer()) {
      ServiceProcess scorer = d.scorer("a").start();
      String topic = d.topics().loanApplications().name();
      List<LoanApplication> valid = Samples.records(system.model().trafficFile(), 1);
      byte[] key = Long.toString(valid.get(0).getSKIDCURR()).getBytes(StandardCharsets.UTF_8);
      byte[] value =
          d.topics().loanApplications().valueSerde().serializer().serialize(topic, valid.get(0));

      // when: a tombstone, then a valid application on the same key
      producer.send(new ProducerRecord<>(topic, key, null)).get();
      producer.send(new ProducerRecord<>(topic, key, value)).get();

      // then
      await("the valid application after the tombstone decided")
          .atMost(Duration.ofMinutes(1))
          .failFast("the scorer exited: see " + scorer.logFile(), () -> !scorer.isAlive())
          .until(() -> counter.poll() >= 1);
      assertThat(Ledger.read(d).deadLetters()).hasSize(1);
      assertThat(scorer.isAlive()).isTrue();
    }
  }
}
