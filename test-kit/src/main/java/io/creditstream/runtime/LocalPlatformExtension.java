package io.creditstream.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that starts one real broker and one real registry for the whole test run (the
 * test JVM), hands them to tests as a {@link LocalPlatform} parameter, and stops them when the run
 * ends. A run with a failed test keeps the processes' logs and state under {@code
 * target/local-platform/}, and says where; a green run deletes them.
 *
 * <p>{@code -Dcreditstream.platform=testcontainers} (or the environment variable {@code
 * CREDITSTREAM_PLATFORM}) uses Docker containers instead of local processes.
 */
public final class LocalPlatformExtension implements ParameterResolver, TestWatcher {
  private static final Logger log = LoggerFactory.getLogger(LocalPlatformExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalPlatformExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return LocalPlatform.class.isAssignableFrom(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return platform(context);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Session session = context.getRoot().getStore(NAMESPACE).get(Session.class, Session.class);
    if (session != null) {
      session.failed.set(true);
    }
  }

  /** The run's platform, started on first use. */
  public static LocalPlatform platform(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Session.class, type -> Session.start(), Session.class)
        .platform;
  }

  /** Closed by JUnit when the root context closes, i.e. at the end of the test run. */
  static final class Session implements AutoCloseable {
    final LocalPlatform platform;
    final Path dir;
    final AtomicBoolean failed = new AtomicBoolean();

    private Session(LocalPlatform platform, Path dir) {
      this.platform = platform;
      this.dir = dir;
    }

    static Session start() {
      String kind =
          System.getProperty(
              "creditstream.platform",
              System.getenv().getOrDefault("CREDITSTREAM_PLATFORM", "processes"));
      try {
        if (kind.toLowerCase(Locale.ROOT).equals("testcontainers")) {
          log.info("Starting the test platform on Testcontainers");
          return new Session(ContainerPlatform.start(), null);
        }
        Path dir =
            Path.of(
                "target",
                "local-platform",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        return new Session(ProcessPlatform.start(dir.toAbsolutePath(), 0, 0, 0, false), dir);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the local Kafka broker and registry", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted starting the local platform", e);
      }
    }

    @Override
    public void close() throws Exception {
      platform.close();
      if (dir == null) {
        return;
      }
      if (failed.get()) {
        log.warn(
            "A test failed: the broker's and registry's logs are kept in {}", dir.toAbsolutePath());
        return;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
