package io.creditstream.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the subset of UBJSON (Draft 12) that XGBoost writes: objects and arrays, optionally
 * typed ({@code $}) and counted ({@code #}), big-endian numbers, strings, booleans and null.
 *
 * <p>Input: bytes. Output: {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code
 * Long}, {@code Double}, {@code Boolean} or {@code null}; typed numeric arrays come back as
 * primitive arrays ({@code float[]} for float32, {@code double[]} for float64, {@code int[]} for
 * int8/uint8/int16/int32, {@code long[]} for int64) because trees hold tens of thousands of values.
 */
final class Ubjson {
  private final byte[] bytes;
  private int pos;

  private Ubjson(byte[] bytes) {
    this.bytes = bytes;
  }

  static Object parse(byte[] bytes) throws InvalidModelException {
    Ubjson reader = new Ubjson(bytes);
    Object value = reader.value(reader.marker());
    while (reader.pos < bytes.length && bytes[reader.pos] == 'N') {
      reader.pos++;
    }
    if (reader.pos != bytes.length) {
      throw reader.error((bytes.length - reader.pos) + " unexpected trailing bytes");
    }
    return value;
  }

  private InvalidModelException error(String message) {
    return new InvalidModelException("malformed UBJSON model at byte " + pos + ": " + message);
  }

  private void need(long n) throws InvalidModelException {
    if (n < 0 || pos + n > bytes.length) {
      throw error("truncated (needs " + n + " more bytes, " + (bytes.length - pos) + " left)");
    }
  }

  private byte next() throws InvalidModelException {
    need(1);
    return bytes[pos++];
  }

  /** The next marker, skipping no-ops. */
  private byte marker() throws InvalidModelException {
    byte m = next();
    while (m == 'N') {
      m = next();
    }
    return m;
  }

  private Object value(byte marker) throws InvalidModelException {
    switch (marker) {
      case '{':
        return object();
      case '[':
        return array();
      case 'S':
        return string();
      case 'C':
        return String.valueOf((char) (next() & 0xff));
      case 'H':
        return Double.parseDouble(string());
      case 'T':
        return Boolean.TRUE;
      case 'F':
        return Boolean.FALSE;
      case 'Z':
        return null;
      case 'd':
        return (double) readFloat();
      case 'D':
        return readDouble();
      case 'i':
      case 'U':
      case 'I':
      case 'l':
      case 'L':
        return integer(marker);
      default:
        throw error("unknown marker 0x" + Integer.toHexString(marker & 0xff));
    }
  }

  private long integer(byte marker) throws InvalidModelException {
    switch (marker) {
      case 'i':
        return next();
      case 'U':
        return next() & 0xff;
      case 'I':
        need(2);
        return (short) (((bytes[pos++] & 0xff) << 8) | (bytes[pos++] & 0xff));
      case 'l':
        return readInt();
      case 'L':
        return readLong();
      default:
        throw error("expected an integer marker, got 0x" + Integer.toHexString(marker & 0xff));
    }
  }

  private int readInt() throws InvalidModelException {
    need(4);
    int v =
        ((bytes[pos] & 0xff) << 24)
            | ((bytes[pos + 1] & 0xff) << 16)
            | ((bytes[pos + 2] & 0xff) << 8)
            | (bytes[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  private long readLong() throws InvalidModelException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[pos++] & 0xff);
    }
    return v;
  }

  private float readFloat() throws InvalidModelException {
    return Float.intBitsToFloat(readInt());
  }

  private double readDouble() throws InvalidModelException {
    return Double.longBitsToDouble(readLong());
  }

  private int length() throws InvalidModelException {
    long n = integer(marker());
    if (n < 0 || n > bytes.length - pos) {
      // A count can never exceed the bytes left: every element takes at least one byte.
      throw error("truncated or corrupt: impossible length " + n);
    }
    return (int) n;
  }

  private String string() throws InvalidModelException {
    int n = length();
    need(n);
    String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  private Map<String, Object> object() throws InvalidModelException {
    Map<String, Object> map = new LinkedHashMap<>();
    Header header = header("object");
    if (header.count() >= 0) {
      for (int i = 0; i < header.count(); i++) {
        String key = string();
        map.put(key, value(header.type() != 0 ? header.type() : marker()));
      }
      return map;
    }
    while (notAt('}')) {
      String key = string();
      map.put(key, value(marker()));
    }
    return map;
  }

  private Object array() throws InvalidModelException {
    Header header = header("array");
    if (header.type() != 0) {
      return typedArray(header.type(), header.count());
    }
    List<Object> list = new ArrayList<>(header.count() >= 0 ? header.count() : 16);
    if (header.count() >= 0) {
      for (int i = 0; i < header.count(); i++) {
        list.add(value(marker()));
      }
      return list;
    }
    while (notAt(']')) {
      list.add(value(marker()));
    }
    return list;
  }

  /**
   * The optional element type ({@code $}, 0 when absent) and count ({@code #}, -1 when absent) that
   * may follow the opening of an object or an array; a type needs a count.
   */
  private record Header(byte type, int count) {}

  private Header header(String container) throws InvalidModelException {
    byte type = 0;
    int count = -1;
    if (peek() == '$') {
      pos++;
      type = next();
      if (peek() != '#') {
        throw error("typed " + container + " without a count");
      }
    }
    if (peek() == '#') {
      pos++;
      count = length();
    }
    return new Header(type, count);
  }

  /**
   * For a container without a count: false, with the closing marker consumed, once it is next
   * (no-ops skipped); true while elements remain.
   */
  private boolean notAt(char close) throws InvalidModelException {
    if (peekSkippingNoOps() == close) {
      pos++;
      return false;
    }
    return true;
  }

  private Object typedArray(byte type, int count) throws InvalidModelException {
    switch (type) {
      case 'd':
        {
          need(4L * count);
          float[] out = new float[count];
          for (int i = 0; i < count; i++) {
            out[i] = readFloat();
          }
          return out;
        }
      case 'D':
        {
          need(8L * count);
          double[] out = new double[count];
          for (int i = 0; i < count; i++) {
            out[i] = readDouble();
          }
          return out;
        }
      case 'i':
      case 'U':
      case 'I':
      case 'l':
        {
          int[] out = new int[count];
          for (int i = 0; i < count; i++) {
            out[i] = (int) integer(type);
          }
          return out;
        }
      case 'L':
        {
          need(8L * count);
          long[] out = new long[count];
          for (int i = 0; i < count; i++) {
            out[i] = readLong();
          }
          return out;
        }
      default:
        {
          List<Object> list = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            list.add(value(type));
          }
          return list;
        }
    }
  }

  private byte peek() throws InvalidModelException {
    need(1);
    return bytes[pos];
  }

  private byte peekSkippingNoOps() throws InvalidModelException {
    while (peek() == 'N') {
      pos++;
    }
    return peek();
  }
}
