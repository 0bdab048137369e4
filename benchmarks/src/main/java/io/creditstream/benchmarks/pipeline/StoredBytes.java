package io.creditstream.benchmarks.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * What a topic costs the broker's disks: the size of its partitions' log segments as the brokers
 * report them (the log-dirs API, {@code DescribeLogDirs}: per replica, the sum of its segment
 * files' sizes). That is every byte the broker keeps for the topic: record batches as the producer
 * compressed them, batch headers, the exactly-once transaction markers; not the indexes.
 */
public final class StoredBytes {

  private StoredBytes() {}

  /** The bytes of every replica of every partition of {@code topic} on every broker. */
  public static long ofTopic(Map<String, Object> clientConfig, String topic)
      throws InterruptedException {
    try (Admin admin = Admin.create(clientConfig)) {
      Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
      List<Integer> brokers = nodes.stream().map(Node::id).toList();
      Map<Integer, Map<String, LogDirDescription>> dirs =
          admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS);
      long bytes = 0;
      for (Map<String, LogDirDescription> byPath : dirs.values()) {
        for (LogDirDescription dir : byPath.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
            if (e.getKey().topic().equals(topic)) {
              bytes += e.getValue().size();
            }
          }
        }
      }
      return bytes;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the log dirs of " + topic + ": " + e, e);
    }
  }
}
