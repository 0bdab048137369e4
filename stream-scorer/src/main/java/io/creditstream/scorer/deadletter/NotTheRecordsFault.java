package io.creditstream.scorer.deadletter;

/**
 * A failure that is not the record's fault and that every following record would meet too (the
 * scorer is misconfigured): {@link DeadLetterHandler} stops the task instead of dead-lettering the
 * records one by one.
 */
public class NotTheRecordsFault extends IllegalStateException {
  public NotTheRecordsFault(String message) {
    super(message);
  }

  /**
   * True when a Kafka client error (not Kafka Streams' wrapper alone) is among the causes: what
   * {@code ScorerExit} replaces a failed stream thread for.
   */
  public static boolean causedByKafka(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.apache.kafka.common.KafkaException
          && !(t instanceof org.apache.kafka.streams.errors.StreamsException)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a failure while deciding a record is the infrastructure's, not the record's: a Kafka
   * client error among the causes (a transaction the broker no longer knows, a timeout, a fenced
   * producer) or an unreachable schema registry. Such a record must not be refused: the task fails,
   * the stream thread is replaced ({@code ScorerExit}) and the record decided again from the last
   * committed offsets. A {@code SerializationException} alone stays the record's (a corrupt value
   * read for it), so that one bad record cannot stop the scorer.
   */
  public static boolean causedByInfrastructure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.creditstream.registry.RegistryUnavailableException) {
        return true;
      }
      if (t instanceof org.apache.kafka.common.KafkaException
          && !(t instanceof org.apache.kafka.streams.errors.StreamsException)
          && !(t instanceof org.apache.kafka.common.errors.SerializationException)) {
        return true;
      }
    }
    return false;
  }
}
