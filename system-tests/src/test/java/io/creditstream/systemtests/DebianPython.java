package io.creditstream.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's own {@code /usr/bin/python3}, which runs the clients this code base did not write
 * (python3-confluent-kafka, python3-avro, python3-cryptography; {@code .ci/run} installs them).
 */
final class DebianPython {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private DebianPython() {}

  /** True when the interpreter exists and runs {@code code} (imports, usually) without error. */
  static boolean runs(String code) throws IOException, InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", code).redirectErrorStream(true).start();
    p.getInputStream().transferTo(OutputStream.nullOutputStream());
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
