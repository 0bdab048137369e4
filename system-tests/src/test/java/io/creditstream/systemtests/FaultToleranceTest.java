package io.creditstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.trainer.publish.ApplicationPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults during a stream of applications, on the real broker and registry with the scorers as real
 * child processes: after each, every application has exactly one committed decision (none lost,
 * none duplicated). The streams are {@value #DEFAULT_APPLICATIONS} applications for the scorer kill
 * -9 and {@value #DEFAULT_OTHER_APPLICATIONS} for the other faults, sent as fast as the publisher
 * goes ({@code -Dsystemtests.applications}, {@code -Dsystemtests.applications.others} and {@code
 * -Dsystemtests.rate} change them); the soak ({@link Soak}) runs the long version.
 */
class FaultToleranceTest {
  private static final Logger log = LoggerFactory.getLogger(FaultToleranceTest.class);

  static final int DEFAULT_APPLICATIONS = 20_000;
  static final int DEFAULT_OTHER_APPLICATIONS = 5_000;

  /** The kill -9 scenario's stream. */
  private static final int N = Integer.getInteger("systemtests.applications", DEFAULT_APPLICATIONS);

  /** The other scenarios' streams: smaller, so the module stays within a few minutes in CI. */
  private static final int M =
      Integer.getInteger("systemtests.applications.others", DEFAULT_OTHER_APPLICATIONS);

  private static final double RATE =
      Double.parseDouble(System.getProperty("systemtests.rate", "0"));

  private static Path dir;
  private static SystemUnderTest system;

  @BeforeAll
  static void startPlatform() throws Exception {
    dir = SystemUnderTest.workDir("FaultToleranceTest");
    system = SystemUnderTest.start(dir);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  /** What a scenario does once a quarter of the stream is decided. */
  @FunctionalInterface
  interface Fault {
    void inject(List<ServiceProcess> scorers, DecisionCounter counter) throws Exception;
  }

  @Test
  void scorerKilledMidStreamAndRestartedLosesAndDuplicatesNothing() throws Exception {
    Ledger ledger =
        runThroughFault(
            "kill9",
            N,
            1,
            (scorers, counter) -> {
              ServiceProcess scorer = scorers.get(0);
              scorer.kill();
              log.info("Scorer SIGKILLed with {} decided; restarting it", counter.poll());
              scorer.start();
            });

    assertThat(ledger.applications()).hasSize(N);
  }

  @Test
  void brokerCrashedAndRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
    Ledger ledger =
        runThroughFault(
            "broker",
            M,
            1,
            (scorers, counter) -> {
              log.info("Crashing the broker with {} decided", counter.poll());
              system.platform().crashAndRestartBroker();
            });

    assertThat(ledger.applications()).hasSize(M);
  }

  /**
   * A broker down longer than the scorer's session timeout (6 s here): the group forgets the stream
   * threads, their open transactions abort, both threads are fenced and close their tasks dirty,
   * and take them over again once the broker is back. The loss of 2026-12-07 (docs/RELIABILITY.md,
   * "Observations") came from this path, when the two threads were fenced half a second apart and
   * tasks moved between them; run alone, this test has not reproduced that timing (3 runs with the
   * fix taken out, 2026-12-07), and {@code DecisionTopologyTest} reproduces the store state it
   * left.
   */
  @Test
  void brokerDownFifteenSecondsMidStreamLosesAndDuplicatesNothing() throws Exception {
    Ledger ledger =
        runThroughFault(
            "broker-down",
            M,
            1,
            (scorers, counter) -> {
              log.info("Crashing the broker for 15 s with {} decided", counter.poll());
              system.platform().crashAndRestartBroker(Duration.ofSeconds(15));
              log.info("Broker back with {} decided", counter.poll());
            });

    assertThat(ledger.applications()).hasSize(M);
  }

  @Test
  void registryUnreachableForTenSecondsMidStreamLosesAndDuplicatesNothing() throws Exception {
    Ledger ledger =
        runThroughFault(
            "registry",
            M,
            1,
            (scorers, counter) -> {
              int before = counter.poll();
              system.platform().stopRegistry();
              log.info("Registry stopped with {} decided", before);
              try {
                // The outage lasts at least 10 s; the scorer must stay up through it.
                await("registry outage of 10 s")
                    .pollDelay(Duration.ofSeconds(10))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> scorers.get(0).isAlive());
              } finally {
                system.platform().startRegistry();
              }
              log.info("Registry back with {} decided", counter.poll());
            });

    assertThat(ledger.applications()).hasSize(M);
  }

  @Test
  void oneOfTwoScorersStoppedAndStartedMidStreamLosesAndDuplicatesNothing() throws Exception {
    Ledger ledger =
        runThroughFault(
            "pair",
            M,
            2,
            (scorers, counter) -> {
              ServiceProcess second = scorers.get(1);
              second.stop();
              int atStop = counter.poll();
              log.info("Second scorer stopped with {} decided", atStop);
              // The first one takes over the whole stream while the second is down.
              await("progress with one scorer")
                  .atMost(Duration.ofMinutes(2))
                  .until(() -> counter.poll() >= Math.min(M, atStop + M / 10));
              second.start();
              log.info("Second scorer back with {} decided", counter.poll());
            });

    assertThat(ledger.applications()).hasSize(M);
  }

  @Test
  void portalKilledAndRestartedMidStreamShowsEveryDecisionAfterwards() throws Exception {
    try (Deployment d = system.deploy("portal");
        DecisionCounter counter = new DecisionCounter(d)) {
      ServiceProcess scorer = d.scorer("a").start();
      Portal portal = d.portal().start();
      Load load = Load.start(d, M, RATE);
      await().atMost(Duration.ofMinutes(3)).until(() -> counter.poll() >= M / 4);

      portal.process().kill();
      log.info("Portal SIGKILLed with {} decided; restarting it", counter.poll());
      portal.start();
      ApplicationPublisher.Result sent = load.finish(Duration.ofMinutes(5));
      awaitAllDecided(counter, sent.sent(), List.of(scorer));
      scorer.stop();

      Ledger ledger = Ledger.read(d);
      assertExactlyOnce(ledger, sent);
      Map<String, Integer> notShown =
          portal.notShown(ledger.decisions().keySet(), Duration.ofMinutes(1));
      assertThat(notShown)
          .as(
              "decided applications (of %d) the restarted portal does not show, with its last"
                  + " answer",
              ledger.decisions().size())
          .isEmpty();
    }
  }

  private Ledger runThroughFault(String name, int n, int instances, Fault fault) throws Exception {
    try (Deployment d = system.deploy(name);
        DecisionCounter counter = new DecisionCounter(d)) {
      List<ServiceProcess> scorers = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        scorers.add(d.scorer(Character.toString('a' + i)).start());
      }
      long started = System.nanoTime();
      Load load = Load.start(d, n, RATE);
      await("a quarter of the stream decided")
          .atMost(Duration.ofMinutes(3))
          .until(() -> counter.poll() >= n / 4);

      fault.inject(scorers, counter);

      ApplicationPublisher.Result sent = load.finish(Duration.ofMinutes(5));
      awaitAllDecided(counter, sent.sent(), scorers);
      log.info(
          "{}: {} applications decided through the fault in {} s",
          name,
          sent.sent(),
          (System.nanoTime() - started) / 1_000_000_000);
      for (ServiceProcess s : scorers) {
        s.stop();
      }
      Ledger ledger = Ledger.read(d);
      log.info("{}: {}", name, ledger.summary());
      assertExactlyOnce(ledger, sent);
      return ledger;
    }
  }

  /**
   * Waits for the decisions; a timeout is not fatal here: the ledger then says what is missing. On
   * a timeout, each scorer's stream and producer threads are logged (the whole dump is kept beside
   * the scorer's log), so that a stall can be diagnosed from the test's output alone.
   */
  static void awaitAllDecided(DecisionCounter counter, long sent, List<ServiceProcess> scorers) {
    try {
      await("every application decided")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> counter.poll() >= sent);
    } catch (ConditionTimeoutException e) {
      log.error("Only {} of {} applications decided in time", counter.poll(), sent);
      for (ServiceProcess scorer : scorers) {
        log.error(
            "{} (log {}), its Kafka threads:\n{}",
            scorer.name(),
            scorer.logFile(),
            kafkaThreads(scorer.threadDump()));
      }
    }
  }

  /** The stacks of a thread dump's Kafka Streams and Kafka client threads. */
  static String kafkaThreads(String dump) {
    StringBuilder out = new StringBuilder();
    for (String stack : dump.split("\n\n")) {
      if (stack.startsWith("\"") && (stack.contains("StreamThread") || stack.contains("kafka-"))) {
        out.append(stack).append("\n\n");
      }
    }
    return out.length() == 0 ? dump : out.toString();
  }

  static void assertExactlyOnce(Ledger ledger, ApplicationPublisher.Result sent) {
    assertThat(sent.failed()).as("applications the publisher could not send").isZero();
    assertThat(ledger.applications())
        .as("distinct applications on the topic vs sent")
        .hasSize((int) sent.sent());
    assertThat(ledger.applications().values())
        .as("applications written more than once by the producer")
        .allMatch(n -> n == 1);
    assertThat(ledger.lost()).as("applications without a decision or dead letter").isEmpty();
    assertThat(ledger.duplicated()).as("applications with more than one decision").isEmpty();
    assertThat(ledger.unexpected()).as("decisions for applications never sent").isEmpty();
    assertThat(ledger.decisionRecords() + ledger.deadLetters().size())
        .as("decisions plus dead letters vs applications: %s", ledger.summary())
        .isEqualTo(sent.sent());
  }
}
