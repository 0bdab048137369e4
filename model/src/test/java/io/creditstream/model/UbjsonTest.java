package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The UBJSON reader on hand-written documents, independent of what XGBoost happens to emit. */
class UbjsonTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private UbjsonTest w(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  private UbjsonTest key(String k) {
    byte[] b = k.getBytes(StandardCharsets.UTF_8);
    w('i', b.length);
    out.writeBytes(b);
    return this;
  }

  private UbjsonTest bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  @Test
  void readsTypedCountedArraysAndUntypedContainers() throws Exception {
    // given {"f": [$d#i 2 1.5f -2f], "n": [$l#i 2 7 -1], "u": [$U#i 2 0 255],
    //        "s": S"hi", "t": T, "z": Z, "mixed": [ i5 D0.25 N ], "c": {# i1 "k" L 9}}
    w('{');
    key("f").w('[', '$', 'd', '#', 'i', 2);
    bytes(ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f).array());
    key("n").w('[', '$', 'l', '#', 'i', 2);
    bytes(ByteBuffer.allocate(8).putInt(7).putInt(-1).array());
    key("u").w('[', '$', 'U', '#', 'i', 2, 0, 255);
    key("s").w('S', 'i', 2, 'h', 'i');
    key("t").w('T');
    key("z").w('Z');
    key("mixed").w('[', 'i', 5, 'D');
    bytes(ByteBuffer.allocate(8).putDouble(0.25).array());
    w('N', ']');
    key("c").w('{', '#', 'i', 1).key("k").w('L');
    bytes(ByteBuffer.allocate(8).putLong(9).array());
    w('}');

    // when it is parsed
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) Ubjson.parse(out.toByteArray());

    // then every value has its type and value
    assertThat((float[]) doc.get("f")).containsExactly(1.5f, -2f);
    assertThat((int[]) doc.get("n")).containsExactly(7, -1);
    assertThat((int[]) doc.get("u")).containsExactly(0, 255);
    assertThat(doc.get("s")).isEqualTo("hi");
    assertThat(doc.get("t")).isEqualTo(true);
    assertThat(doc).containsKey("z");
    assertThat(doc.get("z")).isNull();
    assertThat(doc.get("mixed")).isEqualTo(List.of(5L, 0.25));
    assertThat(doc.get("c")).isEqualTo(Map.of("k", 9L));
  }

  @Test
  void refusesCountsLargerThanTheInput() {
    byte[] doc = {'[', '$', 'd', '#', 'l', 0x10, 0, 0, 0};

    assertThatThrownBy(() -> Ubjson.parse(doc))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("impossible length");
  }

  @Test
  void refusesUnknownMarkers() {
    assertThatThrownBy(() -> Ubjson.parse(new byte[] {'[', 'Q', ']'}))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("unknown marker 0x51");
  }
}
