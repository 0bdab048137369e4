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
 * of a hash-map lookup that compares the name's characters. Code that reads the same columns of
 * every record (the contract) resolves them once through {@link #columns()} and reads by position.
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
    return pos < 0 ? null : get(pos);
  }

  /** The schema's positions: one instance per schema, for callers that resolve names once. */
  @Override
  public Columns columns() {
    return positions;
  }

  @Override
  public Object get(int position) {
    Object v = record.get(position);
    if (v instanceof CharSequence cs && !(v instanceof String)) {
      return cs.toString();
    }
    return v;
  }

  /**
   * A schema's field positions by name, and a table of the name instances already asked for, by
   * identity. The table is immutable once published: a name not in it is looked up by its
   * characters and added by publishing a copy (a few hundred times while the process warms up, then
   * never), so readers on any thread need no lock and never miss a name they asked before.
   */
  private static final class Positions implements Columns {
    /** Beyond this many distinct instances (callers building names afresh), no more are kept. */
    private static final int MAX_REMEMBERED = 4096;

    final Schema schema;
    private final Map<String, Integer> byName = new HashMap<>();
    private volatile IdentityTable remembered =
        new IdentityTable(new String[1024], new int[1024], 0);

    Positions(Schema schema) {
      this.schema = schema;
      for (Schema.Field f : schema.getFields()) {
        byName.put(f.name(), f.pos());
      }
    }

    @Override
    public int position(String column) {
      return of(column);
    }

    /** The field's position, or -1 when the schema has no such column. */
    int of(String column) {
      int found = remembered.find(column);
      if (found != IdentityTable.ABSENT) {
        return found;
      }
      Integer pos = byName.get(column);
      int p = pos == null ? -1 : pos;
      remember(column, p);
      return p;
    }

    private synchronized void remember(String column, int pos) {
      IdentityTable t = remembered;
      if (t.size < MAX_REMEMBERED && t.find(column) == IdentityTable.ABSENT) {
        remembered = t.with(column, pos);
      }
    }
  }

  /** Open addressing by identity hash, at most half full; never modified once built. */
  private record IdentityTable(String[] keys, int[] positions, int size) {
    static final int ABSENT = Integer.MIN_VALUE;

    int find(String column) {
      int mask = keys.length - 1;
      for (int i = System.identityHashCode(column) & mask; ; i = (i + 1) & mask) {
        String k = keys[i];
        if (k == column) {
          return positions[i];
        }
        if (k == null) {
          return ABSENT;
        }
      }
    }

    IdentityTable with(String column, int pos) {
      int capacity = (size + 1) * 2 > keys.length ? keys.length * 2 : keys.length;
      String[] k = new String[capacity];
      int[] p = new int[capacity];
      IdentityTable copy = new IdentityTable(k, p, size + 1);
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null) {
          copy.put(keys[i], positions[i]);
        }
      }
      copy.put(column, pos);
      return copy;
    }

    private void put(String column, int pos) {
      int mask = keys.length - 1;
      int i = System.identityHashCode(column) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = column;
      positions[i] = pos;
    }
  }
}
