package io.creditstream.features.history;

import static io.creditstream.features.Values.category;
import static io.creditstream.features.Values.number;

import io.creditstream.features.Row;
import io.creditstream.features.table.HomeCreditTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes the {@link HistoryFeatures} of every client from streamed history rows, holding only
 * running statistics (count, sum, mean, M2, min, max) per client and input, never the rows.
 *
 * <p>Input: rows of the history tables via {@link #accept}, {@code bureau_balance} before {@code
 * bureau} (its months are rolled up per bureau credit, then joined to the bureau row). Output:
 * {@link #history(long)}, the aggregate name to value map of one client (null where undefined).
 * Memory: about 6 doubles per input and client that has rows in that input's table, plus 7 numbers
 * per bureau credit of {@code bureau_balance}. Not thread-safe.
 */
public final class HistoryAggregator {
  static final String BB_MONTHS_MIN = "MONTHS_BALANCE_MIN";
  static final String BB_MONTHS_MAX = "MONTHS_BALANCE_MAX";
  static final String BB_MONTHS_SIZE = "MONTHS_BALANCE_SIZE";
  static final String BB_STATUS_0 = "STATUS_0_SHARE";
  static final String BB_STATUS_DPD = "STATUS_DPD_SHARE";
  static final String BB_STATUS_C = "STATUS_C_SHARE";
  static final String BB_STATUS_X = "STATUS_X_SHARE";

  // slots of one input's running statistics
  private static final int N = 0;
  private static final int SUM = 1;
  private static final int MEAN = 2;
  private static final int M2 = 3;
  private static final int MIN = 4;
  private static final int MAX = 5;
  private static final int SLOTS = 6;

  // slots of one bureau credit's bureau_balance roll-up
  private static final int BB_COUNT = 0;
  private static final int BB_MIN = 1;
  private static final int BB_MAX = 2;
  private static final int BB_0 = 3;
  private static final int BB_DPD = 4;
  private static final int BB_C = 5;
  private static final int BB_X = 6;

  private final HistoryFeatures features;
  private final Map<HomeCreditTable, List<HistoryFeatures.Input>> inputsByTable;
  private final Map<HomeCreditTable, Integer> tableOrdinal = new EnumMap<>(HomeCreditTable.class);
  private final Map<HomeCreditTable, Integer> tableOffset = new EnumMap<>(HomeCreditTable.class);
  private final Map<Long, double[][]> clients = new HashMap<>();
  private final Map<Long, float[]> bureauBalance = new HashMap<>();
  private final Map<HomeCreditTable, Long> rowsByTable = new EnumMap<>(HomeCreditTable.class);
  private boolean bureauSeen;

  public HistoryAggregator() {
    this(HistoryFeatures.standard());
  }

  public HistoryAggregator(HistoryFeatures features) {
    this.features = features;
    this.inputsByTable = new EnumMap<>(HomeCreditTable.class);
    for (HistoryFeatures.Input input : features.inputs()) {
      inputsByTable.computeIfAbsent(input.table(), t -> new ArrayList<>()).add(input);
    }
    int ordinal = 0;
    for (Map.Entry<HomeCreditTable, List<HistoryFeatures.Input>> e : inputsByTable.entrySet()) {
      tableOrdinal.put(e.getKey(), ordinal++);
      tableOffset.put(e.getKey(), e.getValue().get(0).index());
    }
  }

  /**
   * Adds one row of a history table.
   *
   * @throws IllegalStateException if bureau_balance rows come after bureau rows
   * @throws IllegalArgumentException if the row has no client id (or no bureau id for
   *     bureau_balance), or a numeric cell holds text
   */
  public void accept(HomeCreditTable table, Row row) {
    rowsByTable.merge(table, 1L, Long::sum);
    if (table == HomeCreditTable.BUREAU_BALANCE) {
      acceptBureauBalance(row);
      return;
    }
    List<HistoryFeatures.Input> inputs = inputsByTable.get(table);
    if (inputs == null) {
      throw new IllegalArgumentException(table + " is not a history table");
    }
    long client = id(row, "SK_ID_CURR", table);
    Row enriched = row;
    if (table == HomeCreditTable.BUREAU) {
      bureauSeen = true;
      enriched = withBureauBalance(row);
    }
    double[][] state = clients.computeIfAbsent(client, c -> new double[inputsByTable.size()][]);
    int ordinal = tableOrdinal.get(table);
    int offset = tableOffset.get(table);
    if (state[ordinal] == null) {
      double[] fresh = new double[inputs.size() * SLOTS];
      for (int i = 0; i < inputs.size(); i++) {
        fresh[i * SLOTS + MIN] = Double.POSITIVE_INFINITY;
        fresh[i * SLOTS + MAX] = Double.NEGATIVE_INFINITY;
      }
      state[ordinal] = fresh;
    }
    double[] slots = state[ordinal];
    for (HistoryFeatures.Input input : inputs) {
      if (!input.filter().test(enriched)) {
        continue;
      }
      double x = input.value().applyAsDouble(enriched);
      if (Double.isNaN(x)) {
        continue;
      }
      int base = (input.index() - offset) * SLOTS;
      double n = slots[base + N] + 1;
      slots[base + N] = n;
      slots[base + SUM] += x;
      // Welford: a numerically stable running variance for amounts in the millions.
      double delta = x - slots[base + MEAN];
      slots[base + MEAN] += delta / n;
      slots[base + M2] += delta * (x - slots[base + MEAN]);
      slots[base + MIN] = Math.min(slots[base + MIN], x);
      slots[base + MAX] = Math.max(slots[base + MAX], x);
    }
  }

  private void acceptBureauBalance(Row row) {
    if (bureauSeen) {
      throw new IllegalStateException(
          "bureau_balance rows must be streamed before bureau rows (they are joined to them)");
    }
    long bureau = id(row, "SK_ID_BUREAU", HomeCreditTable.BUREAU_BALANCE);
    float[] s =
        bureauBalance.computeIfAbsent(
            bureau,
            b -> new float[] {0, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, 0, 0, 0});
    s[BB_COUNT]++;
    double months = number(row, "MONTHS_BALANCE");
    if (!Double.isNaN(months)) {
      s[BB_MIN] = (float) Math.min(s[BB_MIN], months);
      s[BB_MAX] = (float) Math.max(s[BB_MAX], months);
    }
    String status = category(row, "STATUS");
    if (status != null) {
      switch (status) {
        case "0" -> s[BB_0]++;
        case "C" -> s[BB_C]++;
        case "X" -> s[BB_X]++;
        default -> s[BB_DPD]++;
      }
    }
  }

  /** The bureau row plus its credit's bureau_balance roll-up (missing when it has none). */
  private Row withBureauBalance(Row row) {
    Object id = row.get("SK_ID_BUREAU");
    float[] s = id == null ? null : bureauBalance.get(((Number) id).longValue());
    if (s == null || s[BB_COUNT] == 0) {
      return row;
    }
    double count = s[BB_COUNT];
    Map<String, Double> extra = new HashMap<>();
    extra.put(BB_MONTHS_SIZE, count);
    if (s[BB_MIN] != Float.POSITIVE_INFINITY) {
      extra.put(BB_MONTHS_MIN, (double) s[BB_MIN]);
      extra.put(BB_MONTHS_MAX, (double) s[BB_MAX]);
    }
    extra.put(BB_STATUS_0, s[BB_0] / count);
    extra.put(BB_STATUS_DPD, s[BB_DPD] / count);
    extra.put(BB_STATUS_C, s[BB_C] / count);
    extra.put(BB_STATUS_X, s[BB_X] / count);
    return column -> extra.containsKey(column) ? extra.get(column) : row.get(column);
  }

  private static long id(Row row, String column, HomeCreditTable table) {
    Object value = row.get(column);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value != null) {
      try {
        return Long.parseLong(value.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            table.kaggleName() + ": " + column + " '" + value + "' is not an id", e);
      }
    }
    throw new IllegalArgumentException(table.kaggleName() + ": row without " + column);
  }

  /** Clients with at least one history row, in ascending id order. */
  public Set<Long> clients() {
    return new TreeSet<>(clients.keySet());
  }

  /** Rows accepted per table. */
  public Map<HomeCreditTable, Long> rowsByTable() {
    return Map.copyOf(rowsByTable);
  }

  /** The tables a client has rows in (by Kaggle name). */
  public List<String> sourcesOf(long client) {
    double[][] state = clients.get(client);
    List<String> sources = new ArrayList<>();
    if (state != null) {
      for (Map.Entry<HomeCreditTable, Integer> e : tableOrdinal.entrySet()) {
        if (state[e.getValue()] != null) {
          sources.add(e.getKey().kaggleName());
        }
      }
    }
    return sources;
  }

  /**
   * A client's aggregates, every history feature name in order, null where undefined (no rows, or
   * fewer than two values for a variance); null (no map) for a client without any history row.
   */
  public Map<String, Double> history(long client) {
    double[][] state = clients.get(client);
    if (state == null) {
      return null;
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (HistoryFeatures.Aggregate a : features.aggregates()) {
      HistoryFeatures.Input input = a.input();
      double[] slots = state[tableOrdinal.get(input.table())];
      Double value = null;
      if (slots != null) {
        int base = (input.index() - tableOffset.get(input.table())) * SLOTS;
        value = finish(slots, base, a.stat());
      }
      values.put(a.name(), value);
    }
    return values;
  }

  private static Double finish(double[] slots, int base, Stat stat) {
    double n = slots[base + N];
    if (n == 0) {
      return null;
    }
    return switch (stat) {
      case MIN -> slots[base + MIN];
      case MAX -> slots[base + MAX];
      case SUM -> slots[base + SUM];
      case MEAN -> slots[base + SUM] / n;
      case VAR -> n < 2 ? null : slots[base + M2] / (n - 1);
    };
  }
}
