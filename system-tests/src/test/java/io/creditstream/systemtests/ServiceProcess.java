package io.creditstream.systemtests;

import static org.awaitility.Awaitility.await;

import io.creditstream.runtime.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A scorer or portal running as a child JVM on this JVM's classpath, so that {@link #kill()} is a
 * real SIGKILL. Restarting starts a new process with the same arguments, environment and log file
 * (the log is appended to, so it holds every incarnation's output).
 */
public final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final List<String> jvm;
  private final List<String> args;
  private final Map<String, String> env;
  private final Path logFile;
  private final String readyUrl;
  private ChildProcess process;
  private int starts;
  private int dumps;

  ServiceProcess(
      String name,
      String heap,
      List<String> args,
      Map<String, String> env,
      Path logFile,
      String readyUrl) {
    this.name = name;
    this.jvm =
        List.of(
            "-Xmx" + heap,
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // Kafka Streams' lifecycle at INFO (the children log Kafka at WARN): state changes,
            // rebalances, task assignments and transaction initialization, so that a stall in a
            // fault test can be read from the scorer's log (launcher's logback.xml;
            // docs/RELIABILITY.md, "Observations").
            "-Dcreditstream.log.streams-lifecycle=INFO",
            "-cp",
            classpath());
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
    this.logFile = logFile;
    this.readyUrl = readyUrl;
  }

  /**
   * The classpath the children run with: this JVM's, or, under {@code exec:java} (where {@code
   * java.class.path} is Maven's own launcher), the project classpath of the loader that loaded us.
   */
  static String classpath() {
    java.util.List<String> entries = new java.util.ArrayList<>();
    for (ClassLoader loader = ServiceProcess.class.getClassLoader();
        loader != null && loader != ClassLoader.getSystemClassLoader();
        loader = loader.getParent()) {
      if (loader instanceof java.net.URLClassLoader urls) {
        for (java.net.URL url : urls.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (java.net.URISyntaxException | IllegalArgumentException notAFile) {
            // not a local file: the children cannot use it anyway
          }
        }
      }
    }
    return entries.isEmpty()
        ? System.getProperty("java.class.path")
        : String.join(java.io.File.pathSeparator, entries);
  }

  /** Starts the process and waits until its readiness URL answers 200. */
  public synchronized ServiceProcess start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    process = ChildProcess.startJava(name, jvm, args, env, logFile);
    starts++;
    ChildProcess started = process;
    await(name + " ready at " + readyUrl)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              if (!started.isAlive()) {
                throw new IllegalStateException(
                    name + " exited (" + started.exitCode() + "):\n" + started.tail());
              }
              return ready();
            });
    return this;
  }

  private boolean ready() {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(readyUrl)).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL: no shutdown hook runs, no transaction is committed, the group is not left. */
  public synchronized void kill() throws InterruptedException {
    process.kill();
  }

  /** SIGTERM and wait for a clean exit. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.stop(Duration.ofSeconds(40));
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public String name() {
    return name;
  }

  /**
   * The running process's threads, as {@code jcmd PID Thread.print} prints them, also written
   * beside its log ({@code NAME-threads-N.txt}); a line saying why when there is none.
   */
  public synchronized String threadDump() {
    if (process == null || !process.isAlive()) {
      return name + " is not running: no thread dump";
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      String dump = new String(out, java.nio.charset.StandardCharsets.UTF_8);
      Path file = logFile.resolveSibling(name + "-threads-" + ++dumps + ".txt");
      java.nio.file.Files.writeString(file, dump);
      return dump;
    } catch (IOException e) {
      return "no thread dump of " + name + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump of " + name + ": interrupted";
    }
  }

  public Path logFile() {
    return logFile;
  }

  public int starts() {
    return starts;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (process != null) {
      process.close();
    }
  }
}
