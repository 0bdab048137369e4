package io.creditstream.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Typed access to the untyped model document, whichever format it came from: Jackson gives JSON
 * numbers as {@code Integer}/{@code Long}/{@code Double} in lists, {@link Ubjson} gives typed
 * arrays as primitive arrays. Each accessor accepts every shape either reader produces for a field
 * and otherwise throws an {@link InvalidModelException} that says where and what it found.
 */
final class DocumentValues {
  private DocumentValues() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value, String where) throws InvalidModelException {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new InvalidModelException("expected an object at " + where + ", found " + kind(value));
  }

  static String string(Map<String, Object> parent, String key) throws InvalidModelException {
    Object value = parent.get(key);
    if (value instanceof String s) {
      return s;
    }
    throw new InvalidModelException("expected a string at " + key + ", found " + kind(value));
  }

  static int integer(Object value, String where) throws InvalidModelException {
    try {
      if (value instanceof Number n) {
        return Math.toIntExact(n.longValue());
      }
      if (value instanceof String s) {
        return Integer.parseInt(s.trim());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidModelException(
          "expected an integer at " + where + ", found '" + value + "'");
    }
    throw new InvalidModelException("expected an integer at " + where + ", found " + kind(value));
  }

  static int length(Object value) {
    if (value instanceof List<?> l) {
      return l.size();
    }
    if (value instanceof int[] a) {
      return a.length;
    }
    if (value instanceof long[] a) {
      return a.length;
    }
    if (value instanceof float[] a) {
      return a.length;
    }
    if (value instanceof double[] a) {
      return a.length;
    }
    return 0;
  }

  static float[] floats(Object value, String where) throws InvalidModelException {
    if (value instanceof float[] a) {
      return a;
    }
    if (value instanceof double[] a) {
      return rounded(a.length, i -> a[i]);
    }
    if (value instanceof int[] a) {
      // Through double, exactly (an int has at most 31 bits): one rounding, as int to float.
      return rounded(a.length, i -> a[i]);
    }
    if (value instanceof List<?> list) {
      float[] out = new float[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw new InvalidModelException(
              "expected numbers in " + where + ", found " + kind(list.get(i)));
        }
        // Parsed as double then rounded: XGBoost prints float32 values with round-trip digits.
        out[i] = (float) n.doubleValue();
      }
      return out;
    }
    throw new InvalidModelException(
        "expected a number array at " + where + ", found " + kind(value));
  }

  /** {@code n} values rounded to float32, each read as a double. */
  private static float[] rounded(int n, IntToDoubleFunction value) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) value.applyAsDouble(i);
    }
    return out;
  }

  static int[] ints(Object value, String where) throws InvalidModelException {
    if (value instanceof int[] a) {
      return a;
    }
    if (value instanceof long[] a) {
      int[] out = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = integer(a[i], where);
      }
      return out;
    }
    if (value instanceof List<?> list) {
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) {
        Object v = list.get(i);
        if (v instanceof Boolean b) {
          out[i] = b ? 1 : 0;
        } else if (v instanceof Number n
            && n.doubleValue() == Math.rint(n.doubleValue())
            && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
          out[i] = n.intValue();
        } else {
          throw new InvalidModelException("expected integers in " + where + ", found " + v);
        }
      }
      return out;
    }
    throw new InvalidModelException(
        "expected an integer array at " + where + ", found " + kind(value));
  }

  private static String kind(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List || value.getClass().isArray()) {
      return "an array";
    }
    return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " '" + value + "'";
  }
}
