package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelVersionTest {
  @Test
  void isTheFirstSixteenHexCharactersOfSha256() {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS
    // 180-2)
    assertThat(ModelVersion.of("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea");
  }

  @Test
  void changesWhenOneByteChanges() {
    assertThat(ModelVersion.of(new byte[] {1, 2, 3}))
        .isNotEqualTo(ModelVersion.of(new byte[] {1, 2, 4}));
  }
}
