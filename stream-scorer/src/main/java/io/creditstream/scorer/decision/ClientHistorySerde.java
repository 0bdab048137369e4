package io.creditstream.scorer.decision;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.features.FeatureSet;
import io.creditstream.scorer.release.ReleaseVerification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The scorer's serde for the client-features table: reads the published {@link ClientFeatures}
 * (Confluent wire format: first byte 0) and turns it into a {@link ClientHistory} once; the table's
 * store and changelog then hold the history in a compact form of its own that reads back as one
 * array, with no Avro decoding, no map and no boxing, on every join.
 *
 * <p>Compact form: the byte {@code 'H'}, a format byte (1), the feature-set version (int length,
 * UTF-8), the number of values (int), then each value's 64 bits ({@link
 * Double#doubleToRawLongBits}): the values come back bit for bit. A store or changelog written
 * before this serde existed holds the published Avro bytes, which still read: the first byte tells
 * the forms apart.
 *
 * <p>The compact form is read from the table's store and changelog only, never from the published
 * topic: a record written to {@code client-features} in the compact form is not a client's history
 * but someone skipping the registry's schema (an insider giving a client any history), and is
 * refused there like any unreadable record, so it goes to the dead-letter topic. (Kafka Streams
 * gives a source table's store the source's serde, so one instance serves both and tells them apart
 * by the topic each call names.)
 *
 * <p>A published history is believed only as {@link ReleaseVerification} says: with release keys,
 * one not signed by them (or altered after signing) is refused the same way, named as such, and the
 * client keeps the history they had; an insider who can write to {@code client-features} cannot
 * give a client another history.
 */
final class ClientHistorySerde implements Serde<ClientHistory> {

  static final byte MAGIC = 'H';
  static final byte FORMAT = 1;

  private final Deserializer<ClientFeatures> published;
  private final FeatureSet featureSet;
  private final String publishedTopic;
  private final ReleaseVerification verification;

  /**
   * @param published the client-features topic's own value serde (Confluent Avro)
   * @param featureSet whose history order the values take
   * @param publishedTopic the client-features topic's name: there only the published form reads
   * @param verification which published histories are believed
   */
  ClientHistorySerde(
      Serde<ClientFeatures> published,
      FeatureSet featureSet,
      String publishedTopic,
      ReleaseVerification verification) {
    this.published = published.deserializer();
    this.featureSet = featureSet;
    this.publishedTopic = publishedTopic;
    this.verification = verification;
  }

  @Override
  public Serializer<ClientHistory> serializer() {
    return (topic, history) -> history == null ? null : encode(history);
  }

  @Override
  public Deserializer<ClientHistory> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length > 0 && bytes[0] == MAGIC && !publishedTopic.equals(topic)) {
        return decode(bytes);
      }
      ClientFeatures features = published.deserialize(topic, bytes);
      if (features == null) {
        return null;
      }
      if (publishedTopic.equals(topic)) {
        String problem = verification.problem(features);
        if (problem != null) {
          throw new SerializationException(
              "client history of client "
                  + features.getClientId()
                  + " refused: "
                  + problem
                  + "; the client keeps the history they had");
        }
      }
      return ClientHistory.of(features, featureSet);
    };
  }

  static byte[] encode(ClientHistory history) {
    byte[] version = history.featureSetVersion().getBytes(StandardCharsets.UTF_8);
    double[] values = history.values();
    ByteBuffer out = ByteBuffer.allocate(2 + 4 + version.length + 4 + 8 * values.length);
    out.put(MAGIC).put(FORMAT).putInt(version.length).put(version).putInt(values.length);
    for (double v : values) {
      out.putLong(Double.doubleToRawLongBits(v));
    }
    return out.array();
  }

  static ClientHistory decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      in.get();
      byte format = in.get();
      if (format != FORMAT) {
        throw new SerializationException("client history in unknown format " + format);
      }
      byte[] version = new byte[in.getInt()];
      in.get(version);
      double[] values = new double[in.getInt()];
      for (int i = 0; i < values.length; i++) {
        values[i] = Double.longBitsToDouble(in.getLong());
      }
      return new ClientHistory(new String(version, StandardCharsets.UTF_8), values);
    } catch (RuntimeException e) {
      if (e instanceof SerializationException s) {
        throw s;
      }
      throw new SerializationException("client history: truncated or corrupt compact record", e);
    }
  }
}
