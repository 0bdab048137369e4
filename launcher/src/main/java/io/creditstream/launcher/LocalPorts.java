package io.creditstream.launcher;

import io.creditstream.runtime.Ports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback ports {@code creditstream local} listens on, checked before anything starts. A port
 * already taken (a developer's own Kafka on 9092, anything on 8080) used to surface a minute later,
 * after the broker had started and the model had been trained, as the portal's "Web server failed
 * to start" inside a stack trace; and a foreign broker on the Kafka port could even answer the
 * launcher's readiness check in its place. Each problem is named with the option that changes it.
 */
final class LocalPorts {
  /** A port the local system needs: the option that sets it and what listens there. */
  record Port(String option, String what, int number) {}

  private LocalPorts() {}

  /**
   * Every problem with these ports, in words for the person who typed the command: out of range,
   * the same port given twice, or already in use on 127.0.0.1. Empty when all can be used.
   */
  static List<String> problems(List<Port> ports) {
    List<String> problems = new ArrayList<>();
    Map<Integer, Port> seen = new LinkedHashMap<>();
    for (Port p : ports) {
      if (p.number() < 1 || p.number() > 65535) {
        problems.add(p.option() + " " + p.number() + " is not a port (1-65535)");
        continue;
      }
      Port first = seen.putIfAbsent(p.number(), p);
      if (first != null) {
        problems.add(
            p.option()
                + " and "
                + first.option()
                + " are both "
                + p.number()
                + ": "
                + p.what()
                + " and "
                + first.what()
                + " need a port each");
        continue;
      }
      if (!Ports.isFree(p.number())) {
        problems.add(
            "port "
                + p.number()
                + " ("
                + p.what()
                + ") is already in use on 127.0.0.1: stop what listens there, or choose another"
                + " port with "
                + p.option()
                + " N");
      }
    }
    return problems;
  }
}
