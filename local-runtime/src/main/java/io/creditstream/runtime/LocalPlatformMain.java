package io.creditstream.runtime;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the broker and registry on their own, until Ctrl-C, for benchmarks and development.
 *
 * <p>Arguments: {@code [stateDir [kafkaPort [controllerPort [registryPort]]]]}; ports 0 mean free
 * ones.
 */
public final class LocalPlatformMain {
  private static final Logger log = LoggerFactory.getLogger(LocalPlatformMain.class);

  private LocalPlatformMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".local/platform").toAbsolutePath();
    int kafkaPort = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
    int controllerPort = args.length > 2 ? Integer.parseInt(args[2]) : 9093;
    int registryPort = args.length > 3 ? Integer.parseInt(args[3]) : 8081;
    ProcessPlatform platform =
        ProcessPlatform.start(dir, kafkaPort, controllerPort, registryPort, true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    platform.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    stopped.countDown();
                  }
                },
                "local-platform-shutdown"));
    log.info(
        "bootstrap.servers={} schema.registry.url={} (Ctrl-C stops both)",
        platform.bootstrapServers(),
        platform.registryUrl());
    stopped.await();
  }
}
