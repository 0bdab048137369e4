package io.creditstream.benchmarks.report;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A crude sampling profiler for one benchmark phase: every few milliseconds it takes the stacks of
 * this JVM's threads whose name ends with {@code threadName-<n>} and files each sample under the
 * first bucket (in the given order) that any of its frames matches. Output: the share of samples
 * per bucket, for "where does the time go?".
 */
public final class StackSampler implements AutoCloseable {
  /** A bucket: its name and the substrings of {@code class.method} that put a frame in it. */
  public record Bucket(String name, List<String> markers) {}

  private final String threadName;
  private final List<Bucket> buckets;
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private final Map<String, Integer> others = new java.util.HashMap<>();
  private int samples;
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private long[] ids = new long[0];
  private long sampled;

  public StackSampler(String threadName, List<Bucket> buckets, long periodMillis) {
    this.threadName = threadName;
    this.buckets = buckets;
    buckets.forEach(b -> counts.put(b.name(), 0));
    counts.put("other", 0);
    thread =
        new Thread(
            () -> {
              while (!stop.get()) {
                sample();
                try {
                  Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "stack-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * True for the threads themselves, {@code ...<base>-<n>} ({@code
   * bench-scorer-...-StreamThread-1}), not their clients' threads ({@code
   * ...-StreamThread-1-producer}).
   */
  static boolean isNumbered(String base, String threadName) {
    return threadName.matches(".*" + java.util.regex.Pattern.quote(base) + "-\\d+");
  }

  /**
   * Takes the stacks of the named threads only, found by name (without their stacks) every fiftieth
   * sample: {@code Thread.getAllStackTraces} stopped every thread of the JVM (some 35 here) to copy
   * its stack every few milliseconds, and cost the scorer's phase 6-7 µs of CPU a decision on the
   * sampler's own thread (606-737 ms in a 100,000-decision phase; docs/BENCHMARKS.md, 1c), more
   * than the pass-through's, whose stacks are shorter.
   */
  private void sample() {
    if (sampled++ % 50 == 0) {
      ids = findNamedThreads();
    }
    for (ThreadInfo info : mx.getThreadInfo(ids, Integer.MAX_VALUE)) {
      // Only the threads themselves: their clients' I/O threads ("...-StreamThread-1-producer")
      // sit RUNNABLE in select() and would pass for work.
      if (info == null || info.getThreadState() != Thread.State.RUNNABLE) {
        continue;
      }
      StackTraceElement[] stack = info.getStackTrace();
      String bucket = classify(stack);
      synchronized (this) {
        counts.merge(bucket, 1, Integer::sum);
        samples++;
        if (bucket.equals("other")) {
          // The deepest frames of our own or Kafka's code say what the unclassified time is.
          for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("io.creditstream") || c.startsWith("org.apache.kafka")) {
              others.merge(c + "." + frame.getMethodName(), 1, Integer::sum);
              break;
            }
          }
        }
      }
    }
  }

  private long[] findNamedThreads() {
    return java.util.Arrays.stream(mx.getThreadInfo(mx.getAllThreadIds()))
        .filter(info -> info != null && isNumbered(threadName, info.getThreadName()))
        .mapToLong(ThreadInfo::getThreadId)
        .toArray();
  }

  /** The first bucket, in the given order, with a marker in any frame of the stack. */
  String classify(StackTraceElement[] stack) {
    for (Bucket b : buckets) {
      for (StackTraceElement frame : stack) {
        String name = frame.getClassName() + "." + frame.getMethodName();
        for (String marker : b.markers()) {
          if (name.contains(marker)) {
            return b.name();
          }
        }
      }
    }
    return "other";
  }

  /** Adds {@code prefix<bucket>_pct} for every bucket, and {@code prefix}samples. */
  public synchronized void reportTo(Figures figures, String prefix) {
    figures.put(prefix + "samples", samples);
    counts.forEach(
        (name, n) ->
            figures.put(
                prefix + name + "_pct",
                samples == 0 ? 0 : Math.round(1000.0 * n / samples) / 10.0));
  }

  /** The frames most often on top (of our or Kafka's code) in unclassified samples. */
  public synchronized String topOthers(int n) {
    return others.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(n)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.interrupt();
    thread.join(5000);
  }
}
