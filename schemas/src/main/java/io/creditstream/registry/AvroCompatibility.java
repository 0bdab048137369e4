package io.creditstream.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Avro's reader/writer compatibility check with short messages: Avro's own description repeats both
 * schemas in full, which buries the one line that matters in an error message.
 */
public final class AvroCompatibility {
  private AvroCompatibility() {}

  /**
   * The problems that stop {@code reader} from reading data written with {@code writer}, one per
   * problem ({@code TYPE at /location: message}); empty when it can.
   */
  public static List<String> problems(Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return result.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
        .toList();
  }
}
