package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.Row;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.release.ReleaseVerification;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The client-features table's serde: published Avro in, compact form in the store, same vector. */
class ClientHistorySerdeTest {

  private static final FeatureSet FEATURES = FeatureSet.current();
  private static final String TOPIC = "client-features";
  private static final String CHANGELOG = "scorer-client-features-store-changelog";

  private final Serde<ClientFeatures> published =
      Topics.create(
              ScorerSettings.of(
                      Map.of(ScorerSettings.REGISTRY_URL, "mock://history-" + UUID.randomUUID()))
                  .all())
          .clientFeatures()
          .valueSerde();
  private final ClientHistorySerde serde =
      new ClientHistorySerde(published, FEATURES, TOPIC, ReleaseVerification.NONE);

  /** Every other history value present, some awkward doubles among them, the rest missing. */
  private static ClientFeatures history() {
    List<String> names = FEATURES.historyFeatureNames();
    Map<String, Double> values = new HashMap<>();
    double[] awkward = {-0.0, Double.MIN_VALUE, 1e300, -7.25, 0.1 + 0.2};
    for (int i = 0; i < names.size(); i += 2) {
      values.put(names.get(i), awkward[(i / 2) % awkward.length] * (i % 3 == 0 ? 1 : -1));
    }
    values.put(names.get(1), null); // published as undefined
    values.put("NOT_A_FEATURE", 42.0); // ignored, as the map version ignores it
    return ClientFeatures.newBuilder()
        .setClientId(100002)
        .setAsOf(Instant.parse("2026-12-01T00:00:00Z"))
        .setFeatureSetVersion(FEATURES.version())
        .setValues(values)
        .build();
  }

  @Test
  void publishedRecordReadsIntoTheSameVectorAsTheMap() {
    ClientFeatures features = history();
    byte[] wire = published.serializer().serialize(TOPIC, features);

    ClientHistory read = serde.deserializer().deserialize(TOPIC, wire);

    assertThat(read.featureSetVersion()).isEqualTo(FEATURES.version());
    Row app = Row.of(Map.of("AMT_INCOME_TOTAL", "100000", "AMT_CREDIT", "300000"));
    double[] fromMap = FEATURES.vector(app, features.getValues());
    double[] fromArray = FEATURES.vectorWithHistory(app, read.values());
    assertThat(bits(fromArray)).isEqualTo(bits(fromMap));
  }

  @Test
  void compactFormRoundTripsBitForBit() {
    ClientHistory read =
        serde.deserializer().deserialize(TOPIC, published.serializer().serialize(TOPIC, history()));

    byte[] stored = serde.serializer().serialize(CHANGELOG, read);
    ClientHistory back = serde.deserializer().deserialize(CHANGELOG, stored);

    assertThat(stored[0]).isEqualTo(ClientHistorySerde.MAGIC);
    assertThat(back.featureSetVersion()).isEqualTo(read.featureSetVersion());
    assertThat(bits(back.values())).isEqualTo(bits(read.values()));
    // the compact form is a quarter of the published map's size
    assertThat(stored.length)
        .isLessThan(published.serializer().serialize(TOPIC, history()).length / 2);
  }

  @Test
  void noHistoryIsNaNAsWithTheMap() {
    Row app = Row.of(Map.of("AMT_INCOME_TOTAL", "100000"));
    assertThat(bits(FEATURES.vectorWithHistory(app, null)))
        .isEqualTo(bits(FEATURES.vector(app, (Map<String, Double>) null)));
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
  }

  @Test
  void aTruncatedCompactRecordIsASerializationError() {
    byte[] stored =
        serde
            .serializer()
            .serialize(TOPIC, new ClientHistory(FEATURES.version(), new double[] {1, 2, 3}));

    assertThatThrownBy(
            () ->
                serde
                    .deserializer()
                    .deserialize(CHANGELOG, Arrays.copyOf(stored, stored.length - 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated or corrupt");
  }

  @Test
  void aHistoryOfTheWrongLengthIsRefusedByTheFeatureSet() {
    Row app = Row.of(Map.of("AMT_INCOME_TOTAL", "100000"));
    assertThatThrownBy(() -> FEATURES.vectorWithHistory(app, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history values");
  }

  private static long[] bits(double[] x) {
    return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void theTopicsSerdeRefusesARecordWrittenInTheCompactForm() {
    // given someone writing the store's compact form straight to client-features, past the
    // registry (as an insider could, to give a client any history)
    byte[] compact =
        serde
            .serializer()
            .serialize(TOPIC, new ClientHistory(FEATURES.version(), new double[] {1, 2, 3}));

    // then read from the topic it is refused (the dead-letter handler takes it); from the store's
    // changelog the same bytes read
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, compact))
        .isInstanceOf(SerializationException.class);
    assertThat(serde.deserializer().deserialize(CHANGELOG, compact).values())
        .containsExactly(1, 2, 3);
  }

  // Signed histories: with release keys, only what they signed is a client's history.

  private final ClientHistorySerde verifying =
      new ClientHistorySerde(
          published,
          FEATURES,
          TOPIC,
          new ReleaseVerification(SealKeys.KeyRing.of(SealFixtures.releaseSigner()), false));

  @Test
  void withReleaseKeysASignedHistoryReadsAndItsStoredFormIsNotCheckedAgain() {
    ClientFeatures signed = ReleaseSignatures.sign(history(), SealFixtures.releaseSigner());

    ClientHistory read =
        verifying
            .deserializer()
            .deserialize(TOPIC, published.serializer().serialize(TOPIC, signed));
    ClientHistory back =
        verifying
            .deserializer()
            .deserialize(CHANGELOG, verifying.serializer().serialize(CHANGELOG, read));

    assertThat(bits(back.values())).isEqualTo(bits(read.values()));
  }

  @Test
  void withReleaseKeysAnUnsignedOrAlteredHistoryIsRefusedNamingTheClient() {
    ClientFeatures altered = ReleaseSignatures.sign(history(), SealFixtures.releaseSigner());
    altered.getValues().put(FEATURES.historyFeatureNames().get(0), 123.0);

    assertThatThrownBy(
            () ->
                verifying
                    .deserializer()
                    .deserialize(TOPIC, published.serializer().serialize(TOPIC, history())))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("client history of client 100002 refused: it is not signed");
    assertThatThrownBy(
            () ->
                verifying
                    .deserializer()
                    .deserialize(TOPIC, published.serializer().serialize(TOPIC, altered)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("forged or altered");
  }
}
