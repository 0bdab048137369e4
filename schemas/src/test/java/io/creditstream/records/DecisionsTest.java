package io.creditstream.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact features encoding, and reading the features of every generation of decision. */
class DecisionsTest {

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  private static void assertSameBits(double[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      if (Double.isNaN(expected[i])) {
        assertThat(actual[i]).as("feature %d", i).isNaN();
      } else {
        assertThat(Double.doubleToRawLongBits(actual[i]))
            .as("feature %d", i)
            .isEqualTo(Double.doubleToRawLongBits(expected[i]));
      }
    }
  }

  @Test
  void packsFloat32ValuesAndLeavesMissingOnesOut() {
    // given 10 features: two missing, a value float32 cannot hold, the awkward ones
    double[] x = {0.1, Double.NaN, 3.0, -0.0, Double.POSITIVE_INFINITY, 1e40, Double.NaN, 7, 8, 9};

    // when packed
    byte[] packed = bytes(Decisions.pack(x));

    // then: the count (one varint byte), a 2-byte bitmap, 8 float32s
    assertThat(packed).hasSize(1 + 2 + 4 * 8);
    assertThat(packed[0]).isEqualTo((byte) 10);
    assertThat(packed[1]).isEqualTo((byte) 0b1011_1101);
    assertThat(packed[2]).isEqualTo((byte) 0b0000_0011);
    // and each value reads back as the float32 the model reads (1e40 overflows to infinity)
    double[] expected = x.clone();
    Decisions.roundToFloat32(expected);
    assertThat(expected[0]).isEqualTo((double) 0.1f);
    assertThat(expected[5]).isEqualTo(Double.POSITIVE_INFINITY);
    assertSameBits(Decisions.unpack(ByteBuffer.wrap(packed)), expected);
  }

  @Test
  void roundTripsEveryLengthAndPresencePattern() {
    for (int n : new int[] {0, 1, 7, 8, 9, 127, 128, 440, 20_000}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = i % 3 == 0 ? Double.NaN : (i * 1.37) / 3;
      }
      Decisions.roundToFloat32(x);

      assertSameBits(Decisions.unpack(Decisions.pack(x)), x);
    }
  }

  @Test
  void refusesBytesThatAreNotACompactEncoding() {
    byte[] good = bytes(Decisions.pack(new double[] {1, 2, Double.NaN, 4}));

    assertThatThrownBy(() -> Decisions.unpack(ByteBuffer.wrap(new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no feature count");
    assertThatThrownBy(
            () -> Decisions.unpack(ByteBuffer.wrap(java.util.Arrays.copyOf(good, good.length - 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("for 3 present features");
    assertThatThrownBy(() -> Decisions.unpack(ByteBuffer.wrap(new byte[] {(byte) 0xff})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheFeaturesOfEveryGenerationOfDecision() {
    // given the same vector as v1 (named), v2/v3 (double vector) and v4 (compact) carry it
    Decision named = new Decision();
    named.setFeatureValues(List.of(new FeatureValue("A", 0.5), new FeatureValue("B", null)));
    Decision vector = new Decision();
    vector.setFeatureValues(List.of());
    vector.setFeatureVector(List.of(0.5, Double.NaN));
    Decision compact = new Decision();
    compact.setFeatureValues(List.of());
    compact.setFeatures(Decisions.pack(new double[] {0.5, Double.NaN}));

    // then each says its form and reads the same values, named by the model's names but v1
    assertThat(Decisions.form(named)).isEqualTo(Decisions.Form.NAMED);
    assertThat(Decisions.form(vector)).isEqualTo(Decisions.Form.VECTOR);
    assertThat(Decisions.form(compact)).isEqualTo(Decisions.Form.FLOAT32);
    for (Decision d : List.of(named, vector, compact)) {
      assertThat(Decisions.featureCount(d)).isEqualTo(2);
      assertSameBits(Decisions.featureVector(d), new double[] {0.5, Double.NaN});
    }
    assertThat(Decisions.featureNames(named, List.of("X", "Y"))).containsExactly("A", "B");
    assertThat(Decisions.featureNames(compact, List.of("X", "Y"))).containsExactly("X", "Y");
    assertThat(Decisions.featureNames(compact, List.of("X"))).isNull();
  }
}
