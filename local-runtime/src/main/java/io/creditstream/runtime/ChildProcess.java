package io.creditstream.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM whose output goes to a log file, stopped gracefully and then forcibly; the platform's
 * broker and registry and the local system's scorer and portal run as these. A child never outlives
 * this JVM: it stops itself when this JVM is gone, however it went ({@link ParentWatch}).
 */
public final class ChildProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread reaper;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    // Best effort for a JVM that exits without closing us (Ctrl-C in the local system, a crashed
    // fork):
    // never leave a broker or registry running.
    this.reaper = new Thread(this::destroyNow, "creditstream-reaper-" + name);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  public static ChildProcess startJava(
      String name, List<String> jvmArgs, List<String> args, Map<String, String> env, Path logFile)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The child stops when this JVM is gone, even killed outright (ParentWatch): its standard
    // input stays the pipe ProcessBuilder makes, which only this JVM holds.
    // The agent jar goes beside the child's log, in the caller's own state directory: a jar at a
    // fixed path under a shared /tmp could be planted there by another user and run as ours.
    Path logs = Files.createDirectories(logFile.toAbsolutePath().getParent());
    try {
      command.add("-javaagent:" + ParentWatch.agentJar(logs));
    } catch (IOException e) {
      log.warn(
          "{} will not stop by itself if this JVM is killed outright: cannot write the watch's"
              + " agent jar in {} ({})",
          name,
          logs,
          e.toString());
    }
    command.addAll(jvmArgs);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().putAll(env);
    log.debug("Starting {}: {}", name, command);
    return new ChildProcess(name, builder.start(), logFile);
  }

  public static void runJava(String name, List<String> jvmArgs, List<String> args, Path logFile)
      throws IOException, InterruptedException {
    try (ChildProcess child = startJava(name, jvmArgs, args, Map.of(), logFile)) {
      if (!child.process.waitFor(2, TimeUnit.MINUTES) || child.process.exitValue() != 0) {
        throw new IOException(
            name
                + " failed (exit "
                + child.exitCode()
                + "); see "
                + logFile
                + ":\n"
                + child.tail());
      }
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public String exitCode() {
    return process.isAlive() ? "running" : String.valueOf(process.exitValue());
  }

  /** The last lines of the log, for error messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** A readiness check; an exception means "not yet". */
  @FunctionalInterface
  public interface Probe {
    boolean ready() throws Exception;
  }

  /**
   * Polls {@code probe} until it answers true, failing with the log's last lines if the process
   * exits first or the timeout passes. One wait for every child: broker, registry, scorer, portal.
   */
  public void awaitReady(String what, Duration timeout, Probe probe)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            what
                + " exited (code "
                + exitCode()
                + ") before it was ready; log "
                + logFile
                + ":\n"
                + tail());
      }
      try {
        if (probe.ready()) {
          return;
        }
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception notYet) {
        log.trace("{} not ready yet: {}", what, notYet.toString());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            what + " not ready after " + timeout + "; log " + logFile + ":\n" + tail());
      }
      Thread.sleep(200);
    }
  }

  /** Sends SIGKILL: a crash, for fault-injection tests. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  public void stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("{} did not stop within {}; killing it", name, grace);
      kill();
    }
  }

  private void destroyNow() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(20));
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: nothing to remove.
    }
  }
}
