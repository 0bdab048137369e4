package io.creditstream.benchmarks.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during one benchmark phase, between {@link #start} and {@link
 * #stop}: this JVM's threads whose name ends with {@code threadName-<n>} (the stream threads), its
 * garbage collector and JIT compiler threads (from {@code /proc/self/task}, Linux only), the rest
 * of this process, and its child processes: the broker ({@code kafka.Kafka}) and the registry.
 * Divided by the decisions of the phase, that is what one decision costs the machine, which is what
 * a throughput ratio on a 2-core machine comes down to.
 */
public final class CpuMeter {
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private final String threadName;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private Map<String, Long> start;
  private Map<String, Long> end;

  public CpuMeter(String threadName) {
    this.threadName = threadName;
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
  }

  public CpuMeter start() {
    start = snapshot();
    return this;
  }

  /** Ends the phase: call while the named threads are still alive (their time dies with them). */
  public CpuMeter stop() {
    end = snapshot();
    return this;
  }

  /**
   * Reports, per decision, the CPU microseconds of the named threads ({@code stream_cpu_us}), this
   * process's GC and JIT threads ({@code gc_cpu_us}, {@code jit_cpu_us}; -1 off Linux), the
   * benchmark's decision collector and stack sampler ({@code collector_cpu_us}, {@code
   * sampler_cpu_us}), the Kafka clients' I/O threads ({@code client_io_cpu_us}), the whole process
   * ({@code process_cpu_us}), the broker ({@code broker_cpu_us}), the registry ({@code
   * registry_cpu_us}), and the cores in use on average over the phase ({@code cores}).
   */
  public void reportTo(Figures figures, String prefix, long decisions) {
    if (start == null || end == null) {
      throw new IllegalStateException("CpuMeter: start() and stop() first");
    }
    double per = Math.max(1, decisions) * 1e3;
    for (String part : end.keySet()) {
      if (part.equals("wall") || part.equals("all")) {
        continue;
      }
      long before = start.getOrDefault(part, 0L);
      long after = end.get(part);
      figures.put(prefix + part + "_cpu_us", after < 0 ? -1 : (after - before) / per);
    }
    long wall = Math.max(1, end.get("wall") - start.get("wall"));
    figures.put(prefix + "cores", (double) (end.get("all") - start.get("all")) / wall);
  }

  private Map<String, Long> snapshot() {
    Map<String, Long> parts = new LinkedHashMap<>();
    long named = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && StackSampler.isNumbered(threadName, info.getThreadName())) {
        named += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    parts.put("stream", named);
    // The benchmark's own consumer of decisions runs beside the topology on the same cores: its
    // share is reported so that a topology is not charged, unseen, for how the harness reads it.
    parts.put("collector", namedThreads("decision-collector-"));
    parts.put("sampler", namedThreads("stack-sampler"));
    // The Kafka clients' I/O threads (the producers' senders, the consumers' network and
    // heartbeat threads): work per record that the stream threads hand off.
    parts.put(
        "client_io",
        namedThreads("kafka-producer-network-thread", "kafka-coordinator", "consumer_background"));
    parts.put("gc", ownThreads("GC Thread", "G1 "));
    parts.put("jit", ownThreads("C1 Compiler", "C2 Compiler"));
    long process = cpuNanos(ProcessHandle.current());
    parts.put("process", process);
    long broker = 0;
    long registry = 0;
    for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
      if (commandLine(child).contains("kafka.Kafka")) {
        broker += cpuNanos(child);
      } else {
        registry += cpuNanos(child);
      }
    }
    parts.put("broker", broker);
    parts.put("registry", registry);
    parts.put("all", process + broker + registry);
    parts.put("wall", System.nanoTime());
    return parts;
  }

  /** CPU nanoseconds of this JVM's threads whose (Java) name starts with one of the prefixes. */
  private long namedThreads(String... prefixes) {
    long nanos = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && Stream.of(prefixes).anyMatch(info.getThreadName()::startsWith)) {
        nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return nanos;
  }

  /** CPU nanoseconds of this process's threads whose (kernel) name starts with a prefix; or -1. */
  private static long ownThreads(String... prefixes) {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    long ticks = 0;
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : list.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          if (Stream.of(prefixes).noneMatch(comm::startsWith)) {
            continue;
          }
          // Fields after the ")" that closes the name: state is the 1st, utime the 12th, stime
          // 13th.
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException threadGone) {
          // the thread ended between the listing and the read: its time is gone either way
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  private static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
    } catch (IOException | RuntimeException notLinux) {
      return String.join(" ", process.info().arguments().orElse(new String[0]));
    }
  }

  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
