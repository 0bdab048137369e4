package io.creditstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code creditstream local} checks before it starts anything: its ports and its {@code
 * --data}.
 */
class LocalPreflightTest {

  @Test
  void aPortSomeoneListensOnIsNamedWithTheOptionThatMovesIt() throws Exception {
    try (ServerSocket taken = listening()) {
      int busy = taken.getLocalPort();
      int free = freePort();

      List<String> problems =
          LocalPorts.problems(
              List.of(
                  new LocalPorts.Port("--portal-port", "the portal", busy),
                  new LocalPorts.Port("--scorer-port", "the scorer", free)));

      assertThat(problems)
          .containsExactly(
              "port "
                  + busy
                  + " (the portal) is already in use on 127.0.0.1: stop what listens there, or"
                  + " choose another port with --portal-port N");
    }
  }

  @Test
  void freePortsPass() throws Exception {
    assertThat(
            LocalPorts.problems(
                List.of(
                    new LocalPorts.Port("--portal-port", "the portal", freePort()),
                    new LocalPorts.Port("--kafka-port", "the broker", freePort()))))
        .isEmpty();
  }

  @Test
  void aPortGivenTwiceOrOutOfRangeIsRefused() throws Exception {
    int port = freePort();
    assertThat(
            LocalPorts.problems(
                List.of(
                    new LocalPorts.Port("--portal-port", "the portal", port),
                    new LocalPorts.Port("--scorer-port", "the scorer", port),
                    new LocalPorts.Port("--kafka-port", "the broker", 70000))))
        .containsExactly(
            "--scorer-port and --portal-port are both "
                + port
                + ": the scorer and the portal need a port each",
            "--kafka-port 70000 is not a port (1-65535)");
  }

  @Test
  void aConnectionOfASystemJustStoppedDoesNotHoldItsPort() throws Exception {
    int port;
    try (ServerSocket server = listening()) {
      port = server.getLocalPort();
      // A connection closed by the server's side first leaves the port in TIME_WAIT.
      try (java.net.Socket client = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
          java.net.Socket accepted = server.accept()) {
        accepted.close();
        client.getInputStream().read();
      }
    }
    assertThat(io.creditstream.runtime.Ports.isFree(port)).isTrue();
  }

  @Test
  void localStartsNothingAndExitsWith2WhenTheKafkaPortIsTaken(@TempDir Path state)
      throws Exception {
    try (ServerSocket taken = listening()) {
      StringWriter err = new StringWriter();

      int exit = local(err, state, "--kafka-port", Integer.toString(taken.getLocalPort()));

      assertThat(exit).isEqualTo(2);
      assertThat(err.toString())
          .contains("port " + taken.getLocalPort() + " (the Kafka broker) is already in use")
          .contains("--kafka-port N");
      assertNothingStarted(err, state);
    }
  }

  @Test
  void localStartsNothingAndExitsWith2WhenTheDataDirectoryHasNothingToTrainOn(@TempDir Path dir)
      throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("bureau.csv"), "SK_ID_CURR,SK_ID_BUREAU\n");
    StringWriter err = new StringWriter();

    int exit = local(err, state, "--data", data.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--data " + data + ": no labelled application file to train the model on")
        .contains(
            "(application_train.csv[.gz], application_train.sample.csv[.gz] or"
                + " application.csv[.gz]; see data/README.md)");
    assertNothingStarted(err, state);
  }

  /**
   * Runs {@code creditstream local} with its state in {@code state}, every port free unless {@code
   * options} sets it (later options win), and its error output in {@code err}.
   */
  private static int local(StringWriter err, Path state, String... options) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("local", "--state", state.toString()));
    for (String port :
        List.of(
            "--kafka-port",
            "--controller-port",
            "--registry-port",
            "--portal-port",
            "--scorer-port")) {
      args.add(port);
      args.add(Integer.toString(freePort()));
    }
    args.addAll(List.of(options));
    return new CommandLine(new CreditStream())
        .setOverwrittenOptionsAllowed(true)
        .setErr(new PrintWriter(err, true))
        .execute(args.toArray(String[]::new));
  }

  private static void assertNothingStarted(StringWriter err, Path state) throws Exception {
    assertThat(err.toString()).contains("Nothing was started.");
    try (var files = Files.list(state)) {
      assertThat(files).as("nothing written to the state directory").isEmpty();
    }
  }

  private static ServerSocket listening() throws Exception {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return s;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = listening()) {
      return s.getLocalPort();
    }
  }
}
