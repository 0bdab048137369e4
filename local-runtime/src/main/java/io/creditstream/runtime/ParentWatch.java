package io.creditstream.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Stops a child JVM when the process that started it is gone, however it went. Shutdown hooks stop
 * the children of a launcher that exits or gets Ctrl-C, but not of one killed outright ({@code kill
 * -9}, the out-of-memory killer, a test fork killed on timeout): its broker, registry, scorer and
 * portal then ran on, holding their ports and their state directories, until someone found them.
 *
 * <p>How: {@link ChildProcess} starts each child with its standard input a pipe whose other end
 * only the parent holds (Java closes every other descriptor in a new process), and with this class
 * as a Java agent ({@code -javaagent}, so it works for any main class, the broker's and the
 * registry's too). The agent's thread reads that pipe; end of file means the parent is gone, and
 * the child exits as on SIGTERM (its own shutdown hooks run: the broker shuts down cleanly),
 * halting after a grace period if that hangs.
 */
public final class ParentWatch {
  /** The exit status of a child stopped because its parent was gone (as for SIGTERM). */
  static final int EXIT_PARENT_GONE = 143;

  private static final long HALT_AFTER_MILLIS = 30_000;

  private ParentWatch() {}

  /** The agent's entry point: watches standard input from now on. */
  public static void premain(String args) {
    watch(System.in);
  }

  static void watch(InputStream parentPipe) {
    Thread watcher =
        new Thread(
            () -> {
              try {
                byte[] buffer = new byte[64];
                while (parentPipe.read(buffer) >= 0) {
                  // The parent never writes: anything read is ignored.
                }
              } catch (IOException closed) {
                // As end of file: the pipe is gone.
              }
              System.err.println(
                  "creditstream: the process that started this one is gone; stopping");
              Thread halt =
                  new Thread(
                      () -> {
                        try {
                          Thread.sleep(HALT_AFTER_MILLIS);
                        } catch (InterruptedException e) {
                          return;
                        }
                        Runtime.getRuntime().halt(EXIT_PARENT_GONE);
                      },
                      "creditstream-parent-watch-halt");
              halt.setDaemon(true);
              halt.start();
              System.exit(EXIT_PARENT_GONE);
            },
            "creditstream-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * The agent jar (this class and a manifest naming it) in {@code dir}, written once per version of
   * this class (its name holds the class's digest): {@code -javaagent} takes a jar, and this class
   * may be running from a directory of classes.
   */
  static synchronized Path agentJar(Path dir) throws IOException {
    String entry = ParentWatch.class.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (InputStream own = ParentWatch.class.getResourceAsStream("/" + entry)) {
      if (own == null) {
        throw new IOException("cannot read " + entry + " from this JVM's class path");
      }
      bytes = own.readAllBytes();
    }
    String digest;
    try {
      digest =
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes))
              .substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    Path jar = dir.resolve("creditstream-parent-watch-" + digest + ".jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Files.createDirectories(dir);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", ParentWatch.class.getName());
    Path partial = Files.createTempFile(dir, "creditstream-parent-watch", ".jar.part");
    try (OutputStream file = Files.newOutputStream(partial);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(bytes);
      out.closeEntry();
    }
    // Another JVM may have written the same jar meanwhile: same bytes, either one does.
    Files.move(
        partial,
        jar,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return jar;
  }
}
