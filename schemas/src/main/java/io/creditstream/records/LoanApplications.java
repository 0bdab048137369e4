package io.creditstream.records;

import io.creditstream.avro.LoanApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Builds {@link LoanApplication} records from Kaggle-named column values and back, following the
 * schema: every Kaggle column is a field under its Kaggle name, nullable where the data has missing
 * values.
 */
public final class LoanApplications {
  /** Fields that are not Kaggle columns. */
  public static final List<String> ENVELOPE = List.of("applicationId", "channel", "submittedAt");

  private LoanApplications() {}

  /** The Kaggle column names carried by the record, in schema order. */
  public static List<String> kaggleColumns() {
    List<String> names = new ArrayList<>();
    for (Schema.Field field : LoanApplication.SCHEMA$.getFields()) {
      if (!ENVELOPE.contains(field.name())) {
        names.add(field.name());
      }
    }
    return names;
  }

  /**
   * A record from column values (String, Number or null; strings are parsed to the field's type).
   *
   * @throws IllegalArgumentException naming every field that is missing, not nullable, or
   *     unparsable
   */
  public static LoanApplication fromColumns(
      Function<String, Object> columns, String applicationId, String channel, Instant submittedAt) {
    LoanApplication record = new LoanApplication();
    record.put("applicationId", applicationId);
    record.put("channel", channel);
    record.put("submittedAt", submittedAt);
    List<String> problems = new ArrayList<>();
    for (Schema.Field field : LoanApplication.SCHEMA$.getFields()) {
      if (ENVELOPE.contains(field.name())) {
        continue;
      }
      Object raw = columns.apply(field.name());
      try {
        record.put(field.pos(), convert(field, raw));
      } catch (IllegalArgumentException e) {
        problems.add(field.name() + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid application: " + String.join("; ", problems));
    }
    return record;
  }

  /** The Kaggle columns of a record, in schema order (null values kept). */
  public static Map<String, Object> toColumns(LoanApplication record) {
    Map<String, Object> columns = new LinkedHashMap<>();
    for (Schema.Field field : LoanApplication.SCHEMA$.getFields()) {
      if (!ENVELOPE.contains(field.name())) {
        columns.put(field.name(), record.get(field.pos()));
      }
    }
    return columns;
  }

  private static Object convert(Schema.Field field, Object raw) {
    Schema schema = field.schema();
    boolean nullable = false;
    if (schema.getType() == Schema.Type.UNION) {
      nullable = schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
      schema =
          schema.getTypes().stream()
              .filter(s -> s.getType() != Schema.Type.NULL)
              .findFirst()
              .orElseThrow();
    }
    if (raw == null || (raw instanceof String s && s.isEmpty())) {
      if (nullable) {
        return null;
      }
      throw new IllegalArgumentException("required, but missing");
    }
    return switch (schema.getType()) {
      case STRING -> raw.toString();
      case INT -> toInt(raw);
      case LONG -> toLong(raw);
      case DOUBLE -> toDouble(raw);
      default -> throw new IllegalStateException("unexpected type " + schema.getType());
    };
  }

  private static int toInt(Object raw) {
    long value = toLong(raw);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("out of range for an integer: " + raw);
    }
    return (int) value;
  }

  private static long toLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    double d = toDouble(raw);
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not a whole number: " + raw);
    }
    return (long) d;
  }

  private static double toDouble(Object raw) {
    if (raw instanceof Number n) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + raw);
      }
      return d;
    }
    try {
      double d = Double.parseDouble(raw.toString().trim());
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + raw);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: '" + raw + "'");
    }
  }

  /**
   * What makes two applications "the same application": SHA-256 (hex) over the application id, the
   * client id and every Kaggle column, leaving out how and when it was sent ({@code channel},
   * {@code submittedAt}). A retry through another door, or a producer's resend, has the same
   * fingerprint; the same id with any other content does not (a conflict).
   */
  public static String fingerprint(LoanApplication application) {
    LoanApplication content =
        LoanApplication.newBuilder(application)
            .setChannel("")
            .setSubmittedAt(Instant.EPOCH)
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    try {
      new SpecificDatumWriter<>(LoanApplication.class).write(content, encoder);
      encoder.flush();
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
