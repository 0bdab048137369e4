package io.creditstream.serde;

/**
 * Confluent's framing of an Avro record: one magic byte (0), the writer schema's registry id as a
 * 4-byte big-endian int, then the Avro binary encoding of the record.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}
}
