package io.creditstream.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka 4.x broker in KRaft mode (one node, broker and controller combined) running
 * in its own JVM from the {@code kafka_2.13} artifacts that Maven resolved, bound to loopback.
 *
 * <p>A child process rather than {@code KafkaClusterTestKit} in the test JVM: it keeps Scala and
 * the broker off every module's classpath, it can be killed with SIGKILL and restarted for fault
 * tests, and it is what the local system runs. Measured here: ready in about 2 s either way.
 */
public final class LocalKafka extends LocalService {
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String heap;

  LocalKafka(Path dir, int port, int controllerPort, String heap) {
    super("Kafka broker", Duration.ofSeconds(30));
    this.dir = dir;
    this.port = Ports.orFree(port);
    this.controllerPort = Ports.orFree(controllerPort);
    this.heap = heap;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  String address() {
    return bootstrapServers();
  }

  @Override
  public Path logFile() {
    return dir.resolve("broker.log");
  }

  /**
   * Formats the storage on first use (a directory that was formatted before is reused as it is).
   */
  public synchronized void start() throws IOException, InterruptedException {
    Path config = writeConfig();
    if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      String clusterId = Uuid.randomUuid().toString();
      ChildProcess.runJava(
          "kafka-storage-format",
          jvmArgs(),
          List.of(
              "kafka.tools.StorageTool",
              "format",
              "--standalone",
              "-t",
              clusterId,
              "-c",
              config.toString()),
          dir.resolve("format.log"));
    }
    launch(
        "kafka",
        jvmArgs(),
        List.of("kafka.Kafka", config.toString()),
        Map.of(),
        Duration.ofSeconds(90));
  }

  @Override
  void awaitReady(ChildProcess process, String what, Duration timeout)
      throws InterruptedException, IOException {
    // Wait for the listener before creating the admin client, which logs a warning per refusal.
    process.awaitReady(what, timeout, this::listening);
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(props)) {
      process.awaitReady(
          what, timeout, () -> !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty());
    }
  }

  private boolean listening() {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private List<String> jvmArgs() throws IOException {
    List<String> args = new ArrayList<>();
    args.add("-Xms128m");
    args.add("-Xmx" + heap);
    args.add("-XX:+UseG1GC");
    args.add("-Djava.awt.headless=true");
    args.add("-Dlog4j2.configurationFile=" + writeLog4j());
    args.add("-cp");
    args.add(brokerClasspath());
    return args;
  }

  private Path writeConfig() throws IOException {
    Files.createDirectories(dir);
    String config =
        String.join(
            "\n",
            "# Written by creditstream local-runtime: one node, broker and controller combined, loopback only.",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=4",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "min.insync.replicas=1",
            // A single local node has no one to wait for: start consumer groups at once.
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            "");
    Path file = dir.resolve("server.properties");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    return file;
  }

  private Path writeLog4j() throws IOException {
    Path file = dir.resolve("log4j2.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            ""));
    return file;
  }

  static String brokerClasspath() throws IOException {
    try (InputStream in = LocalKafka.class.getResourceAsStream("broker.classpath")) {
      if (in == null) {
        throw new IOException(
            "broker.classpath resource missing: build local-runtime with Maven so that it resolves the"
                + " kafka_2.13 artifacts");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      for (String entry : classpath.split(java.io.File.pathSeparator)) {
        if (!Files.exists(Path.of(entry))) {
          throw new IOException(
              "Broker classpath entry "
                  + entry
                  + " is missing from the local Maven repository: run ./mvnw -pl local-runtime install");
        }
      }
      return classpath;
    }
  }
}
