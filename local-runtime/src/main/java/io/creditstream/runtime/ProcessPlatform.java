package io.creditstream.runtime;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real broker and registry as child processes, with their state and logs under one directory.
 */
public final class ProcessPlatform implements LocalPlatform {
  private static final Logger log = LoggerFactory.getLogger(ProcessPlatform.class);

  private final Path dir;
  private final LocalKafka kafka;
  private final LocalRegistry registry;

  private ProcessPlatform(Path dir, LocalKafka kafka, LocalRegistry registry) {
    this.dir = dir;
    this.kafka = kafka;
    this.registry = registry;
  }

  /**
   * Starts both (in parallel: the registry takes longest) with state under {@code dir}.
   *
   * @param kafkaPort 0 for a free port
   * @param registryPort 0 for a free port
   * @param persistentRegistry keep the registry's schemas in {@code dir} across restarts
   */
  public static ProcessPlatform start(
      Path dir, int kafkaPort, int controllerPort, int registryPort, boolean persistentRegistry)
      throws IOException, InterruptedException {
    LocalKafka kafka = new LocalKafka(dir.resolve("kafka"), kafkaPort, controllerPort, "768m");
    LocalRegistry registry =
        new LocalRegistry(dir.resolve("registry"), registryPort, persistentRegistry, "384m");
    ProcessPlatform platform = new ProcessPlatform(dir, kafka, registry);
    Thread registryStarter =
        new Thread(
            () -> {
              try {
                registry.start();
              } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            },
            "registry-starter");
    Throwable[] registryFailure = new Throwable[1];
    registryStarter.setUncaughtExceptionHandler((t, e) -> registryFailure[0] = e);
    registryStarter.start();
    try {
      kafka.start();
      registryStarter.join();
      if (registryFailure[0] != null) {
        throw new IOException(registryFailure[0].getMessage(), registryFailure[0]);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      registryStarter.join();
      platform.close();
      throw e;
    }
    return platform;
  }

  public Path dir() {
    return dir;
  }

  public LocalKafka kafka() {
    return kafka;
  }

  public LocalRegistry registry() {
    return registry;
  }

  @Override
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public String registryUrl() {
    return registry.confluentUrl();
  }

  @Override
  public String kind() {
    return "processes";
  }

  @Override
  public void restartBroker() throws Exception {
    kafka.stop();
    kafka.start();
  }

  @Override
  public void crashAndRestartBroker(java.time.Duration down) throws Exception {
    kafka.kill();
    Thread.sleep(down.toMillis());
    kafka.start();
  }

  @Override
  public void stopRegistry() throws Exception {
    registry.stop();
  }

  @Override
  public void startRegistry() throws Exception {
    registry.start();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      kafka.close();
    } finally {
      registry.close();
      log.info("Local platform stopped (state and logs in {})", dir);
    }
  }
}
