package io.creditstream.scorer.lifecycle;

import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.topics.Topic;
import io.creditstream.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the checkpoint schema before scoring starts, while the registry is known to answer: the
 * first real checkpoint may fall in a registry outage, which decisions already ride out with their
 * cached schema id (and a failed checkpoint write would stop the task).
 */
final class CheckpointSchema {

  private static final Logger log = LoggerFactory.getLogger(ScorerRuntime.LOGGER);

  private CheckpointSchema() {}

  /**
   * Writes one checkpoint into memory, so the schema's id is registered and cached; if the registry
   * does not answer now, the first checkpoint will register it.
   */
  static void register(Topics topics) {
    Topic<String, DecisionCheckpoint> checkpoints = topics.decisionCheckpoints();
    // Not closed: the serializer shares the topics' registry client (and its cache) with the app.
    try {
      checkpoints
          .valueSerde()
          .serializer()
          .serialize(
              checkpoints.name(),
              DecisionCheckpoint.newBuilder()
                  .setDecisionsTopic(topics.loanDecisions().name())
                  .setChain(0)
                  .setSequence(0)
                  .setHeadHash(ByteBuffer.allocate(0))
                  .setApplicationId("")
                  .setCreatedAt(Instant.EPOCH)
                  .setScorerInstance("")
                  .setKeyId("")
                  .setSignature(ByteBuffer.allocate(0))
                  .build());
    } catch (RuntimeException e) {
      log.warn(
          "Could not register the checkpoint schema yet ({}); the first checkpoint will",
          e.toString());
    }
  }
}
