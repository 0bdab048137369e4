package io.creditstream.scorer.decision;

import io.creditstream.features.Row;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A {@link Row} over an Avro record whose field names are the Kaggle column names
 * (LoanApplication): column name in, the field's value out (String, Integer, Long, Double, or null
 * when the field is null or the record has no such column).
 *
 * <p>Mutable on purpose: one instance per task is re-pointed at each record ({@link #reset}) so the
 * hot path allocates nothing for it. Field positions are resolved once per schema, and each column
 * name's position is remembered by the name's identity: the product's code asks for the same String
 * constants for every record (the contract, the feature set, the reasons: some 250 columns per
 * decision), so a column is found with one identity hash and one comparison of references instead
 * of a hash-map lookup that compares the name's characters.
 */
public final class AvroRow implements Row {

  private static final Map<Schema, Positions> POSITIONS = new ConcurrentHashMap<>();

  private IndexedRecord record;
  private Positions positions;

  public AvroRow() {}

  public AvroRow(IndexedRecord record) {
    reset(record);
  }

  /** Points this row at another record. */
  public AvroRow reset(IndexedRecord record) {
    this.record = record;
    Schema schema = record.getSchema();
    if (positions == null || positions.schema != schema) {
      positions = POSITIONS.computeIfAbsent(schema, Positions::new);
    }
    return this;
  }

  /** True if the record's schema has this column. */
  public boolean hasColumn(String column) {
    return positions.of(column) >= 0;
  }

  @Override
  public Object get(String column) {
    int pos = positions.of(column);
    if (pos < 0) {
      return null;
    }
    Object v = record.get(pos);
    if (v instanceof CharSequence cs && !(v instanceof String)) {
      return cs.toString();
    }
    return v;
  }

  /** A schema's field positions by name, with the recently asked names remembered by identity. */
  private static final class Positions {
    private static final int RECENT = 1024; // a power of two, well above the ~250 names in use

    final Schema schema;
    private final Map<String, Integer> byName = new HashMap<>();
    // Shared by the threads that read this schema: an entry is immutable, so a thread sees a
    // whole entry or an older one (at worst a miss, then the map); no lock is needed.
    private final Entry[] recent = new Entry[RECENT];

    Positions(Schema schema) {
      this.schema = schema;
      for (Schema.Field f : schema.getFields()) {
        byName.put(f.name(), f.pos());
      }
    }

    /** The field's position, or -1 when the schema has no such column. */
    int of(String column) {
      int slot = System.identityHashCode(column) & (RECENT - 1);
      Entry e = recent[slot];
      if (e != null && e.column == column) {
        return e.pos;
      }
      Integer pos = byName.get(column);
      int p = pos == null ? -1 : pos;
      recent[slot] = new Entry(column, p);
      return p;
    }

    private record Entry(String column, int pos) {}
  }
}
