package io.creditstream.serde;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.Reason;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.avro.ReviewBand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** One valid record of every type on the system's topics, built with the generated builders. */
public final class SampleRecords {
  private SampleRecords() {}

  /** Every record type, with a name for parameterised tests. */
  public static Map<String, SpecificRecord> all() {
    Map<String, SpecificRecord> all = new LinkedHashMap<>();
    all.put("LoanApplication", loanApplication(100002L));
    all.put("ClientFeatures", clientFeatures(100002L));
    all.put("Decision", decision(100002L));
    all.put("ModelRelease", modelRelease());
    all.put("DeadLetter", deadLetter());
    all.put("DriftReport", driftReport());
    return all;
  }

  /**
   * An application with every one of its 124 Kaggle columns set: the optional ones alternate
   * between a value and null, so both branches of each union are written.
   */
  public static LoanApplication loanApplication(long clientId) {
    LoanApplication application = new LoanApplication();
    List<Schema.Field> fields = LoanApplication.getClassSchema().getFields();
    for (Schema.Field field : fields) {
      application.put(field.name(), valueFor(field, field.pos() % 2 == 0));
    }
    application.setApplicationId("app-" + clientId);
    application.setChannel("WEB");
    application.setSubmittedAt(Instant.parse("2026-11-25T01:02:03.456Z"));
    application.setSKIDCURR(clientId);
    return application;
  }

  private static Object valueFor(Schema.Field field, boolean present) {
    Schema schema = field.schema();
    if (schema.getType() == Schema.Type.UNION) {
      if (!present) {
        return null;
      }
      schema =
          schema.getTypes().stream()
              .filter(s -> s.getType() != Schema.Type.NULL)
              .findFirst()
              .orElseThrow();
    }
    if ("timestamp-millis".equals(schema.getProp("logicalType"))) {
      return Instant.ofEpochMilli(1_700_000_000_000L + field.pos());
    }
    return switch (schema.getType()) {
      case STRING -> field.name().toLowerCase() + "-value";
      case INT -> field.pos() * 3 - 100;
      case LONG -> 10_000_000_000L + field.pos();
      case DOUBLE -> field.pos() + 0.125;
      case BOOLEAN -> field.pos() % 3 == 0;
      default ->
          throw new IllegalStateException("no sample value for " + field.name() + ": " + schema);
    };
  }

  public static ClientFeatures clientFeatures(long clientId) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("BUREAU_DAYS_CREDIT_MEAN", -512.25);
    values.put("PREV_AMT_CREDIT_MAX", 250_000.0);
    values.put("CC_AMT_BALANCE_MEAN", null); // undefined for a client without cards
    return ClientFeatures.newBuilder()
        .setClientId(clientId)
        .setAsOf(Instant.parse("2026-11-24T00:00:00Z"))
        .setFeatureSetVersion("0123456789abcdef")
        .setSources(List.of("bureau", "previous_application"))
        .setValues(values)
        .build();
  }

  public static Decision decision(long clientId) {
    return Decision.newBuilder()
        .setApplicationId("app-" + clientId)
        .setClientId(clientId)
        .setProbabilityOfDefault(0.12345678901234567)
        .setThreshold(0.5)
        .setReviewBand(ReviewBand.newBuilder().setLower(0.4).setUpper(0.5).build())
        .setOutcome(Outcome.APPROVED)
        .setReasons(
            List.of(
                Reason.newBuilder()
                    .setFeature("EXT_SOURCE_2")
                    .setValue("0.71")
                    .setContribution(-0.8)
                    .setText("Your external credit score is good.")
                    .build(),
                Reason.newBuilder()
                    .setFeature("DAYS_EMPLOYED")
                    .setValue(null)
                    .setContribution(0.1)
                    .setText("Your employment history is short.")
                    .build()))
        .setModelVersion("fedcba9876543210")
        .setFeatureSetVersion("0123456789abcdef")
        .setHistoryAvailable(true)
        .setFeatureValues(
            List.of(
                FeatureValue.newBuilder().setName("EXT_SOURCE_2").setValue(0.71).build(),
                FeatureValue.newBuilder().setName("DAYS_EMPLOYED").setValue(null).build()))
        .setApplicationTimestamp(Instant.parse("2026-11-25T01:02:03.456Z"))
        .setDecidedAt(Instant.parse("2026-11-25T01:02:03.789Z"))
        .setScorerInstance("scorer-1")
        .setContentHash("abc")
        .build();
  }

  public static ModelRelease modelRelease() {
    byte[] model = new byte[300];
    Arrays.fill(model, (byte) 0x5a);
    return ModelRelease.newBuilder()
        .setVersion("fedcba9876543210")
        .setKind(ReleaseKind.MODEL)
        .setFormat("xgboost-ubj")
        .setModelBytes(ByteBuffer.wrap(model))
        .setModelCard("{\"threshold\":0.5}")
        .setFeatureSetVersion("0123456789abcdef")
        .setReleasedAt(Instant.parse("2026-11-20T12:00:00Z"))
        .setReleasedBy("trainer")
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("loan-applications")
        .setSourcePartition(3)
        .setSourceOffset(42L)
        .setKey(ByteBuffer.wrap("100002".getBytes(StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {0x7b, 0x22, 0x7d}))
        .setReasonCode("DESERIALIZATION")
        .setReason("unknown magic byte 0x7b")
        .setApplicationId(null)
        .setFailedAt(Instant.parse("2026-11-25T01:02:04Z"))
        .setProcessor("scorer-1")
        .build();
  }

  public static DriftReport driftReport() {
    return DriftReport.newBuilder()
        .setModelVersion("fedcba9876543210")
        .setScorerInstance("scorer-1")
        .setWindowStart(Instant.parse("2026-11-25T00:00:00Z"))
        .setWindowEnd(Instant.parse("2026-11-25T01:00:00Z"))
        .setCount(1000L)
        .setPsi(Map.of("EXT_SOURCE_2", 0.02, "AMT_CREDIT", 0.31))
        .build();
  }
}
