package io.creditstream.runtime;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same broker and registry as containers ({@code apache/kafka}, {@code
 * apicurio/apicurio-registry-mem}), for machines with Docker such as GitHub's runners. The build
 * machines here have no Docker engine, so the process platform is what CI uses; the GitHub workflow
 * runs the suite on this one too.
 */
public final class ContainerPlatform implements LocalPlatform {
  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  static final String REGISTRY_IMAGE = "apicurio/apicurio-registry-mem:2.6.13.Final";

  private final KafkaContainer kafka;
  private final GenericContainer<?> registry;

  @SuppressWarnings("resource") // closed in close()
  private ContainerPlatform() {
    kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    registry =
        new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
            .withExposedPorts(8080)
            .withEnv("REGISTRY_RULES_GLOBAL_COMPATIBILITY", "BACKWARD")
            .withEnv("REGISTRY_CCOMPAT_USE_CANONICAL_HASH", "true")
            .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200));
  }

  public static ContainerPlatform start() {
    ContainerPlatform platform = new ContainerPlatform();
    platform.kafka.start();
    platform.registry.start();
    return platform;
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers().replace("PLAINTEXT://", "");
  }

  @Override
  public String registryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/ccompat/v7";
  }

  @Override
  public String kind() {
    return "testcontainers";
  }

  @Override
  public void restartBroker() {
    throw new UnsupportedOperationException(
        "Broker restarts keep their port only on the process platform (-Dcreditstream.platform=processes)");
  }

  @Override
  public void crashAndRestartBroker(java.time.Duration down) {
    restartBroker();
  }

  @Override
  public void stopRegistry() {
    throw new UnsupportedOperationException(
        "Registry outages keep their port only on the process platform (-Dcreditstream.platform=processes)");
  }

  @Override
  public void startRegistry() {
    stopRegistry();
  }

  @Override
  public void close() {
    try {
      registry.stop();
    } finally {
      kafka.stop();
    }
  }
}
