package io.creditstream.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one of the platform's servers in its child JVM (the broker, the registry): started
 * and awaited until it answers, stopped gracefully, killed. Each server says how to launch it and
 * how to tell that it is ready; the rest is the same for both and written here once.
 */
abstract class LocalService implements AutoCloseable {
  private final Logger log = LoggerFactory.getLogger(getClass());

  private final String what;
  private final Duration stopGrace;
  private ChildProcess process;

  /**
   * @param what the server as logs and errors name it ("Kafka broker")
   * @param stopGrace how long a graceful stop may take before the process is killed
   */
  LocalService(String what, Duration stopGrace) {
    this.what = what;
    this.stopGrace = stopGrace;
  }

  /** Where clients reach the server, for the log. */
  abstract String address();

  /** The child's output. */
  public abstract Path logFile();

  /** Returns once the started child answers; fails with its log when it exits or times out. */
  abstract void awaitReady(ChildProcess child, String what, Duration timeout)
      throws IOException, InterruptedException;

  /** Starts the child JVM and waits until it is ready. */
  final void launch(
      String name,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env,
      Duration timeout)
      throws IOException, InterruptedException {
    Instant begin = Instant.now();
    process = ChildProcess.startJava(name, jvmArgs, args, env, logFile());
    awaitReady(process, what, timeout);
    log.info(
        "{} ready at {} in {} ms (pid {}, log {})",
        what,
        address(),
        Duration.between(begin, Instant.now()).toMillis(),
        process.pid(),
        logFile());
  }

  /** Graceful stop (for the broker, a controlled shutdown), forced after the grace period. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.stop(stopGrace);
      process = null;
    }
  }

  /** SIGKILL: a crash. The server's data stays; starting it again recovers it. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.kill();
      process = null;
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
