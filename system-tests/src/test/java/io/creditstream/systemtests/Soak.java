package io.creditstream.systemtests;

import static org.awaitility.Awaitility.await;

import io.creditstream.trainer.publish.ApplicationPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak: steady load on the whole system (two scorers and the portal as child processes, the
 * real broker and registry) for {@code --minutes}, with a fault every {@code --fault-every} seconds
 * in turn: scorer kill -9 and restart, broker crash and restart, a 10 s registry outage, portal
 * kill -9 and restart. At the end: every application decided exactly once (committed decisions
 * counted per application id), every decided application shown by the restarted portal, and one
 * line of name=value pairs on standard output. Exit code 0 when nothing was lost or duplicated, 1
 * otherwise.
 *
 * <pre>
 * ./mvnw -B -pl system-tests test-compile exec:java -Dexec.args="--minutes 60 --rate 200"
 * </pre>
 */
public final class Soak {
  private static final Logger log = LoggerFactory.getLogger(Soak.class);

  private Soak() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    double minutes = Double.parseDouble(options.getOrDefault("minutes", "60"));
    double rate = Double.parseDouble(options.getOrDefault("rate", "200"));
    long faultEvery = Long.parseLong(options.getOrDefault("fault-every", "120"));
    Path dir =
        options.containsKey("dir") ? Path.of(options.get("dir")) : SystemUnderTest.workDir("soak");
    int exit = run(dir, minutes, rate, faultEvery);
    System.exit(exit);
  }

  static int run(Path dir, double minutes, double rate, long faultEverySeconds) throws Exception {
    long startNanos = System.nanoTime();
    Map<String, Long> faults = new TreeMap<>();
    try (SystemUnderTest system = SystemUnderTest.start(dir);
        Deployment d = system.deploy("soak");
        DecisionCounter counter = new DecisionCounter(d)) {
      List<ServiceProcess> scorers = new ArrayList<>();
      scorers.add(d.scorer("a").start());
      scorers.add(d.scorer("b").start());
      Portal portal = d.portal().start();
      Load load = Load.start(d, 0, rate);
      long loadStart = System.nanoTime();
      long end = loadStart + (long) (minutes * 60e9);
      long nextFault = loadStart + faultEverySeconds * 1_000_000_000L;
      int turn = 0;
      // The longest time the reader saw no new decision while applications kept coming: how long
      // a fault stops the lender's decisions (nothing lost is checked at the end).
      long lastCount = -1;
      long lastProgress = System.nanoTime();
      long longestStall = 0;
      try {
        while (System.nanoTime() < end) {
          long count = counter.poll();
          long now = System.nanoTime();
          if (count != lastCount) {
            lastCount = count;
            lastProgress = now;
          }
          longestStall = Math.max(longestStall, now - lastProgress);
          if (load.done()) {
            throw new IllegalStateException(
                "the load stopped early: " + load.finish(Duration.ZERO));
          }
          if (now >= nextFault) {
            String fault = inject(turn++, system, scorers, portal, counter);
            faults.merge(fault, 1L, Long::sum);
            log.info("Soak: fault {} done; {} decided so far", fault, counter.poll());
            nextFault = System.nanoTime() + faultEverySeconds * 1_000_000_000L;
          }
        }
      } finally {
        // Also when a fault could not be injected or recovered from: otherwise the load thread
        // keeps publishing into a platform that is being torn down.
        load.stop();
      }
      ApplicationPublisher.Result sent = load.finish(Duration.ofMinutes(5));
      long drainStart = System.nanoTime();
      try {
        await("every application decided")
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> counter.poll() >= sent.sent());
      } catch (ConditionTimeoutException e) {
        log.error("Only {} of {} decided after 10 minutes", counter.poll(), sent.sent());
      }
      double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
      // A sample (one decided id in twenty) is enough to show the portal caught up after its
      // restarts.
      List<String> sample = new ArrayList<>();
      int i = 0;
      for (String id : counter.decided()) {
        if (i++ % 20 == 0) {
          sample.add(id);
        }
      }
      Map<String, Integer> notShown = portal.notShown(sample, Duration.ofMinutes(1));
      for (ServiceProcess s : scorers) {
        s.stop();
      }
      Ledger ledger = Ledger.read(d);
      boolean pass =
          sent.failed() == 0
              && ledger.applications().size() == sent.sent()
              && ledger.lost().isEmpty()
              && ledger.duplicated().isEmpty()
              && ledger.unexpected().isEmpty()
              && notShown.isEmpty();
      double elapsedMinutes = (System.nanoTime() - startNanos) / 60e9;
      StringBuilder line = new StringBuilder("soak");
      line.append(" result=").append(pass ? "PASS" : "FAIL");
      line.append(String.format(Locale.ROOT, " loadMinutes=%.1f", minutes));
      line.append(String.format(Locale.ROOT, " totalMinutes=%.1f", elapsedMinutes));
      line.append(String.format(Locale.ROOT, " longestStallSeconds=%.0f", longestStall / 1e9));
      line.append(String.format(Locale.ROOT, " rate=%.0f", rate));
      line.append(" sent=").append(sent.sent());
      line.append(" sendFailures=").append(sent.failed());
      line.append(' ').append(ledger.summary());
      faults.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
      line.append(" portalSampled=").append(sample.size());
      line.append(" portalMissing=").append(notShown.size());
      line.append(String.format(Locale.ROOT, " drainSeconds=%.1f", drainSeconds));
      System.out.println(line);
      if (!pass) {
        log.error(
            "Soak failed: lost {} (first {}), duplicated {}, portal missing {}",
            ledger.lost().size(),
            ledger.lost().stream().limit(5).toList(),
            ledger.duplicated(),
            notShown);
      }
      return pass ? 0 : 1;
    }
  }

  private static String inject(
      int turn,
      SystemUnderTest system,
      List<ServiceProcess> scorers,
      Portal portal,
      DecisionCounter counter)
      throws Exception {
    switch (turn % 4) {
      case 0 -> {
        ServiceProcess victim = scorers.get((turn / 4) % scorers.size());
        log.info("Soak: SIGKILL {}", victim.name());
        victim.kill();
        victim.start();
        return "scorerKills";
      }
      case 1 -> {
        log.info("Soak: crashing the broker");
        system.platform().crashAndRestartBroker();
        return "brokerCrashes";
      }
      case 2 -> {
        log.info("Soak: stopping the registry for 10 s");
        system.platform().stopRegistry();
        try {
          long until = System.nanoTime() + 10_000_000_000L;
          while (System.nanoTime() < until) {
            counter.poll();
          }
        } finally {
          system.platform().startRegistry();
        }
        return "registryOutages";
      }
      default -> {
        log.info("Soak: SIGKILL the portal");
        portal.process().kill();
        portal.start();
        return "portalRestarts";
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "usage: Soak [--minutes 60] [--rate 200] [--fault-every 120] [--dir DIR]; got "
                + String.join(" ", args));
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }
}
