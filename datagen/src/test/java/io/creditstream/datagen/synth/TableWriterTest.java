package io.creditstream.datagen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableWriterTest {

  private static String fixed(double v, int decimals) {
    StringBuilder sb = new StringBuilder();
    TableWriter.appendFixed(sb, v, decimals);
    return sb.toString();
  }

  @Test
  void writesFloatsAsTheRealFilesDo() {
    // whole amounts keep one decimal, as pandas wrote them
    assertThat(fixed(202500, 1)).isEqualTo("202500.0");
    assertThat(fixed(3648, 0)).isEqualTo("3648.0");
    // no exponent for large or small values (Double.toString would give 1.17E8)
    assertThat(fixed(1.17e8, 3)).isEqualTo("117000000.0");
    assertThat(fixed(0.000123, 6)).isEqualTo("0.000123");
    // trailing zeros dropped, leading zeros of the fraction kept, sign kept
    assertThat(fixed(24700.5, 3)).isEqualTo("24700.5");
    assertThat(fixed(-0.0596, 6)).isEqualTo("-0.0596");
    assertThat(fixed(0.0309, 4)).isEqualTo("0.0309");
    // rounded to the column's decimals; a negative value rounding to zero has no sign
    assertThat(fixed(0.26294859, 6)).isEqualTo("0.262949");
    assertThat(fixed(-0.00000001, 6)).isEqualTo("0.0");
  }
}
