package io.creditstream.serde;

/**
 * Confluent's framing of an Avro record: one magic byte (0), the writer schema's registry id as a
 * 4-byte big-endian int, then the Avro binary encoding of the record.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /**
   * The first field of a framed record when it is a string (a {@code LoanApplication}'s {@code
   * applicationId} in every version of its schema), read without decoding the rest: lets a reader
   * skip the records it does not want without decoding them. Null when the bytes are not a framed
   * record starting with a string.
   */
  public static String firstString(byte[] framed) {
    if (framed == null || framed.length < HEADER_LENGTH + 1 || framed[0] != MAGIC_BYTE) {
      return null;
    }
    long raw = 0;
    int shift = 0;
    int i = HEADER_LENGTH;
    while (true) {
      if (i >= framed.length || shift > 28) {
        return null;
      }
      int b = framed[i++] & 0xff;
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    long length = (raw >>> 1) ^ -(raw & 1); // zig-zag
    if (length < 0 || length > framed.length - i) {
      return null;
    }
    return new String(framed, i, (int) length, java.nio.charset.StandardCharsets.UTF_8);
  }
}
