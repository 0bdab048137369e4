package io.creditstream.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.DriftReport;
import io.creditstream.serde.AvroSerde;
import io.creditstream.serde.SampleRecords;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class DriftReportSealsTest {

  private static final KeyPair PAIR = SealKeys.generate();
  private static final SealKeys.Signer SIGNER = new SealKeys.Signer("k1", PAIR.getPrivate());
  private static final SealKeys.KeyRing RING = new SealKeys.KeyRing(Map.of("k1", PAIR.getPublic()));

  private static DriftReport sealed() {
    return DriftReportSeals.seal(SampleRecords.driftReport(), SIGNER);
  }

  @Test
  void aSealedReportVerifiesAlsoAfterTheWireWhateverTheOrderOfItsMap() {
    DriftReport report = sealed();
    Serde<DriftReport> serde =
        AvroSerde.of(DriftReport.class, Map.of("schema.registry.url", "mock://drift-seal"), false);
    DriftReport read =
        serde.deserializer().deserialize("drift", serde.serializer().serialize("drift", report));
    // the same PSI in the other order
    Map<String, Double> reversed = new LinkedHashMap<>();
    List<Map.Entry<String, Double>> entries = List.copyOf(read.getPsi().entrySet());
    for (int i = entries.size() - 1; i >= 0; i--) {
      reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    read.setPsi(reversed);

    assertThat(DriftReportSeals.check(report, RING)).isEqualTo(DecisionSeals.Check.VALID);
    assertThat(DriftReportSeals.check(read, RING)).isEqualTo(DecisionSeals.Check.VALID);
  }

  @Test
  void everyFieldIsCoveredAndAnUnsealedOrOtherKeysReportIsNamed() {
    List<Consumer<DriftReport>> edits =
        List.of(
            r -> r.setModelVersion("0123456789abcdef"),
            r -> r.setScorerInstance("scorer-2"),
            r -> r.setWindowStart(Instant.parse("2026-11-25T00:00:01Z")),
            r -> r.setWindowEnd(Instant.parse("2026-11-25T01:00:01Z")),
            r -> r.setCount(1001L),
            r -> r.setPsi(Map.of("EXT_SOURCE_2", 0.02, "AMT_CREDIT", 0.01)),
            r -> r.setPsi(Map.of("EXT_SOURCE_2", 0.02)),
            r -> r.setPsi(Map.of("EXT_SOURCE_2", 0.02, "AMT_CREDIT", 0.31, "DAYS_BIRTH", 0.0)));
    for (Consumer<DriftReport> edit : edits) {
      DriftReport r = sealed();
      edit.accept(r);
      assertThat(DriftReportSeals.check(r, RING))
          .as("%s", r)
          .isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
    }
    assertThat(DriftReportSeals.check(SampleRecords.driftReport(), RING))
        .isEqualTo(DecisionSeals.Check.UNSEALED);
    KeyPair insider = SealKeys.generate();
    assertThat(
            DriftReportSeals.check(
                DriftReportSeals.seal(
                    SampleRecords.driftReport(), new SealKeys.Signer("k1", insider.getPrivate())),
                RING))
        .isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
    assertThat(
            DriftReportSeals.check(
                DriftReportSeals.seal(
                    SampleRecords.driftReport(),
                    new SealKeys.Signer("other", insider.getPrivate())),
                RING))
        .isEqualTo(DecisionSeals.Check.UNKNOWN_KEY);
  }
}
