package io.creditstream.portal.store;

import io.creditstream.avro.LoanApplication;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.kafka.common.serialization.Deserializer;

/** Renders the raw key and value a dead letter keeps, for auditors and for the refusal's owner. */
final class RawRecords {
  private RawRecords() {}

  /** The key as text when it is printable ASCII (a client id), else its bytes in hex. */
  static String key(ByteBuffer key) {
    return key == null ? null : key(bytes(key));
  }

  static String key(byte[] key) {
    if (key == null) {
      return null;
    }
    for (byte b : key) {
      if (b < 0x20 || b > 0x7e) {
        return "hex:" + HexFormat.of().formatHex(key);
      }
    }
    return new String(key, StandardCharsets.US_ASCII);
  }

  /** The client id a key names when it is a decimal string, else null. */
  static Long clientId(ByteBuffer key) {
    if (key == null) {
      return null;
    }
    String text = new String(bytes(key), StandardCharsets.UTF_8);
    return text.matches("[0-9]{1,18}") ? Long.valueOf(text) : null;
  }

  /** The application the value holds, or null when it is not a readable application. */
  static LoanApplication application(
      Deserializer<LoanApplication> deserializer, String topic, ByteBuffer value) {
    if (value == null) {
      return null;
    }
    try {
      return deserializer.deserialize(topic, bytes(value));
    } catch (RuntimeException e) {
      return null; // a poison pill: auditors get its bytes instead
    }
  }

  static String base64(ByteBuffer value) {
    return value == null ? null : "base64:" + Base64.getEncoder().encodeToString(bytes(value));
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
