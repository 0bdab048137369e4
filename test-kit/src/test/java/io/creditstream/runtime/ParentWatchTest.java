package io.creditstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child started by {@link ChildProcess} does not outlive the JVM that started it, even one killed
 * with SIGKILL, where no shutdown hook runs: a real parent JVM, a real child JVM, a real kill.
 */
class ParentWatchTest {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String CLASS_PATH = System.getProperty("java.class.path");

  /** Starts a {@link Sleeper} through ChildProcess, prints its pid, then waits for ever. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      ChildProcess child =
          ChildProcess.startJava(
              "sleeper",
              List.of("-cp", CLASS_PATH),
              List.of(Sleeper.class.getName()),
              Map.of(),
              Path.of(args[0]));
      System.out.println("child " + child.pid());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /** A child with nothing to do but live. */
  public static final class Sleeper {
    public static void main(String[] args) throws Exception {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void aChildLivesWithItsParentAndStopsWhenTheParentIsKilledOutright(@TempDir Path dir)
      throws Exception {
    Path childLog = dir.resolve("sleeper.log");
    Process parent =
        new ProcessBuilder(JAVA, "-cp", CLASS_PATH, Parent.class.getName(), childLog.toString())
            .redirectError(dir.resolve("parent.err").toFile())
            .start();
    long childPid = -1;
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line)
          .as("parent's first line; its stderr: %s", readOrEmpty(dir.resolve("parent.err")))
          .startsWith("child ");
      childPid = Long.parseLong(line.substring("child ".length()));
      ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();

      // The watch's agent jar lies beside the child's log, not at a fixed path in a shared /tmp.
      try (var files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .anyMatch(f -> f.startsWith("creditstream-parent-watch-") && f.endsWith(".jar"));
      }

      // The watch must not mistake a live parent for a gone one.
      Thread.sleep(2_000);
      assertThat(child.isAlive()).as("child while its parent lives").isTrue();

      parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs
      parent.waitFor();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(child.isAlive()).as("child 30 s after its parent was killed").isFalse();
      assertThat(Files.readString(childLog))
          .contains("the process that started this one is gone; stopping");
    } finally {
      parent.destroyForcibly();
      Optional.of(childPid)
          .filter(pid -> pid > 0)
          .flatMap(ProcessHandle::of)
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "";
    }
  }
}
