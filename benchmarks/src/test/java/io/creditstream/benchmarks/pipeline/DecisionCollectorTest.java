package io.creditstream.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import io.creditstream.avro.Outcome;
import io.creditstream.avro.Reason;
import io.creditstream.registry.CompatibilityResult;
import io.creditstream.registry.RegisteredSchema;
import io.creditstream.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class DecisionCollectorTest {
  private static final int SCHEMA_ID = 7;

  /** A registry that knows one schema: the decision's, under id 7. */
  private static final SchemaRegistryClient REGISTRY =
      new SchemaRegistryClient() {
        @Override
        public int register(String subject, Schema schema) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Schema getById(int id) {
          if (id != SCHEMA_ID) {
            throw new IllegalArgumentException("no schema " + id);
          }
          return Decision.SCHEMA$;
        }

        @Override
        public RegisteredSchema latest(String subject) {
          throw new UnsupportedOperationException();
        }

        @Override
        public RegisteredSchema lookup(String subject, Schema schema) {
          throw new UnsupportedOperationException();
        }

        @Override
        public CompatibilityResult testCompatibility(String subject, Schema schema) {
          throw new UnsupportedOperationException();
        }
      };

  @Test
  void readsTheIdTheApplicationTimeAndTheReasonsOfWholeDecisionsOneAfterTheOther()
      throws Exception {
    DecisionCollector.Projector projector = new DecisionCollector.Projector(REGISTRY);
    // Decisions of different shapes through one reused reader: what one decision left behind must
    // not leak into the next.
    for (int reasons : new int[] {3, 0, 5}) {
      Decision d = decision("sat-" + reasons, reasons, 440);
      GenericRecord read = projector.read(framed(d));
      assertThat(read.get("applicationId").toString()).isEqualTo("sat-" + reasons);
      assertThat(read.get("applicationTimestamp"))
          .isEqualTo(d.getApplicationTimestamp().toEpochMilli());
      assertThat((List<?>) read.get("reasons")).hasSize(reasons);
    }
  }

  @Test
  void refusesBytesThatAreNotFramedAvro() {
    DecisionCollector.Projector projector = new DecisionCollector.Projector(REGISTRY);
    assertThatThrownBy(() -> projector.read(new byte[] {1, 0, 0, 0, 7, 0}))
        .hasMessageContaining("not framed Avro");
  }

  private static Decision decision(String id, int reasons, int features) {
    List<Reason> why = new ArrayList<>();
    for (int i = 0; i < reasons; i++) {
      why.add(
          Reason.newBuilder()
              .setFeature("F" + i)
              .setValue("v" + i)
              .setContribution(i)
              .setText("reason " + i)
              .build());
    }
    return Decision.newBuilder()
        .setApplicationId(id)
        .setClientId(100002L)
        .setProbabilityOfDefault(0.1)
        .setThreshold(0.5)
        .setOutcome(Outcome.APPROVED)
        .setReasons(why)
        .setModelVersion("fedcba9876543210")
        .setFeatureSetVersion("0123456789abcdef")
        .setHistoryAvailable(true)
        .setFeatureValues(
            IntStream.range(0, features)
                .mapToObj(i -> FeatureValue.newBuilder().setName("F" + i).setValue(i * 0.5).build())
                .toList())
        .setApplicationTimestamp(Instant.ofEpochMilli(1_765_000_000_123L + reasons))
        .setDecidedAt(Instant.ofEpochMilli(1_765_000_000_456L))
        .setScorerInstance("scorer-1")
        .build();
  }

  private static byte[] framed(Decision d) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(SCHEMA_ID).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Decision.class).write(d, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
