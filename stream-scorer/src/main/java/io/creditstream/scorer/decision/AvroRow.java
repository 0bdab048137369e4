package io.creditstream.scorer.decision;

import io.creditstream.features.Row;
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
 * hot path allocates nothing for it. Field positions are resolved once per schema.
 */
public final class AvroRow implements Row {

  private static final Map<Schema, Map<String, Integer>> POSITIONS = new ConcurrentHashMap<>();

  private IndexedRecord record;
  private Map<String, Integer> positions;

  public AvroRow() {}

  public AvroRow(IndexedRecord record) {
    reset(record);
  }

  /** Points this row at another record. */
  public AvroRow reset(IndexedRecord record) {
    this.record = record;
    this.positions = POSITIONS.computeIfAbsent(record.getSchema(), AvroRow::positionsOf);
    return this;
  }

  /** True if the record's schema has this column. */
  public boolean hasColumn(String column) {
    return positions.containsKey(column);
  }

  @Override
  public Object get(String column) {
    Integer pos = positions.get(column);
    if (pos == null) {
      return null;
    }
    Object v = record.get(pos);
    if (v instanceof CharSequence cs && !(v instanceof String)) {
      return cs.toString();
    }
    return v;
  }

  private static Map<String, Integer> positionsOf(Schema schema) {
    Map<String, Integer> m = new ConcurrentHashMap<>();
    for (Schema.Field f : schema.getFields()) {
      m.put(f.name(), f.pos());
    }
    return m;
  }
}
