package io.creditstream.features.history;

import static io.creditstream.features.Values.category;
import static io.creditstream.features.Values.number;
import static io.creditstream.features.Values.ratio;

import io.creditstream.features.Row;
import io.creditstream.features.table.HomeCreditTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The definitions of the history aggregates: for each history table, which (optionally filtered and
 * derived) values are summarised by which statistics per client, the aggregate's name (kernel
 * style, e.g. {@code ACTIVE_DAYS_CREDIT_MAX}) and the source group it is attributed to in reasons.
 * Every definition has a spec string, hashed into the feature-set version.
 */
public final class HistoryFeatures {
  /** Kaggle's stand-in for "no date" in the day columns of previous_application. */

  /** A value taken from each row of a table that passes a filter. */
  record Input(
      int index,
      HomeCreditTable table,
      String spec,
      Predicate<Row> filter,
      ToDoubleFunction<Row> value) {}

  /** One aggregate: a statistic of an input. */
  public record Aggregate(String name, String source, String spec, Input input, Stat stat) {}

  private static final HistoryFeatures STANDARD = buildStandard();

  private final List<Input> inputs;
  private final List<Aggregate> aggregates;
  private final Map<String, Aggregate> byName;

  private HistoryFeatures(List<Input> inputs, List<Aggregate> aggregates) {
    this.inputs = List.copyOf(inputs);
    this.aggregates = List.copyOf(aggregates);
    Map<String, Aggregate> names = new LinkedHashMap<>();
    for (Aggregate a : aggregates) {
      if (names.put(a.name(), a) != null) {
        throw new IllegalStateException("duplicate history feature " + a.name());
      }
    }
    this.byName = Collections.unmodifiableMap(names);
  }

  /** The aggregates the product uses. */
  public static HistoryFeatures standard() {
    return STANDARD;
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Aggregate> aggregates() {
    return aggregates;
  }

  /** One spec string per aggregate: name, statistic and input definition. */
  public List<String> specs() {
    return aggregates.stream().map(a -> a.name() + "=" + a.stat() + "(" + a.spec() + ")").toList();
  }

  /** The source group (a history table name) of an aggregate, or null if it is not one. */
  public String sourceOf(String name) {
    Aggregate a = byName.get(name);
    return a == null ? null : a.source();
  }

  List<Input> inputs() {
    return inputs;
  }

  // ---- the definitions ---------------------------------------------------------------------

  private static HistoryFeatures buildStandard() {
    Builder b = new Builder();

    // bureau, with bureau_balance rolled up per bureau credit first (see HistoryAggregator).
    Table bureau = b.table(HomeCreditTable.BUREAU, "bureau");
    String[][] bureauNumeric = {
      {"DAYS_CREDIT", "MIN,MAX,MEAN,VAR"},
      {"DAYS_CREDIT_ENDDATE", "MIN,MAX,MEAN"},
      {"DAYS_CREDIT_UPDATE", "MEAN"},
      {"CREDIT_DAY_OVERDUE", "MAX,MEAN"},
      {"AMT_CREDIT_MAX_OVERDUE", "MEAN"},
      {"AMT_CREDIT_SUM", "MAX,MEAN,SUM"},
      {"AMT_CREDIT_SUM_DEBT", "MAX,MEAN,SUM"},
      {"AMT_CREDIT_SUM_OVERDUE", "MEAN"},
      {"AMT_CREDIT_SUM_LIMIT", "MEAN,SUM"},
      {"AMT_ANNUITY", "MAX,MEAN"},
      {"CNT_CREDIT_PROLONG", "SUM"}
    };
    String[][] balanceNumeric = {
      {HistoryAggregator.BB_MONTHS_MIN, "MIN"},
      {HistoryAggregator.BB_MONTHS_MAX, "MAX"},
      {HistoryAggregator.BB_MONTHS_SIZE, "MEAN,SUM"}
    };
    String[][] balanceShares = {
      {HistoryAggregator.BB_STATUS_0, "MEAN"},
      {HistoryAggregator.BB_STATUS_DPD, "MEAN"},
      {HistoryAggregator.BB_STATUS_C, "MEAN"},
      {HistoryAggregator.BB_STATUS_X, "MEAN"}
    };
    Scope all = bureau.scope("BURO_", "all", r -> true);
    all.count("COUNT");
    all.columns(bureauNumeric);
    all.sourced("bureau_balance").columns(balanceNumeric).columns(balanceShares);
    all.share("CREDIT_ACTIVE", "Active", "Closed");
    all.share("CREDIT_TYPE", "Consumer credit", "Credit card", "Car loan", "Mortgage", "Microloan");
    for (String status : List.of("Active", "Closed")) {
      Scope scope = bureau.where("CREDIT_ACTIVE", status).columns(bureauNumeric);
      scope.sourced("bureau_balance").columns(balanceNumeric);
    }

    // previous_application, split approved / refused.
    Table prev = b.table(HomeCreditTable.PREVIOUS_APPLICATION, "previous_application");
    String[][] prevNumeric = {
      {"AMT_ANNUITY", "MIN,MAX,MEAN"},
      {"AMT_APPLICATION", "MIN,MAX,MEAN"},
      {"AMT_CREDIT", "MIN,MAX,MEAN"},
      {"APP_CREDIT_PERC", "MIN,MAX,MEAN,VAR"},
      {"AMT_DOWN_PAYMENT", "MIN,MAX,MEAN"},
      {"AMT_GOODS_PRICE", "MIN,MAX,MEAN"},
      {"HOUR_APPR_PROCESS_START", "MIN,MAX,MEAN"},
      {"RATE_DOWN_PAYMENT", "MIN,MAX,MEAN"},
      {"DAYS_DECISION", "MIN,MAX,MEAN"},
      {"CNT_PAYMENT", "MEAN,SUM"},
      {"DAYS_LAST_DUE_1ST_VERSION", "MIN,MAX,MEAN"},
      {"DAYS_TERMINATION", "MAX,MEAN"}
    };
    Scope prevAll = prev.scope("PREV_", "all", r -> true);
    prevAll.count("COUNT");
    prevAll.columns(prevNumeric);
    prevAll.share("NAME_CONTRACT_STATUS", "Approved", "Refused", "Canceled");
    prevAll.share("NAME_CONTRACT_TYPE", "Cash loans", "Consumer loans", "Revolving loans");
    prevAll.share("NAME_YIELD_GROUP", "high", "low_normal", "middle");
    for (String status : List.of("Approved", "Refused")) {
      prev.where("NAME_CONTRACT_STATUS", status).columns(prevNumeric);
    }

    // POS_CASH_balance
    Scope pos = b.table(HomeCreditTable.POS_CASH_BALANCE, "POS_CASH_balance").scope("POS_", "all");
    pos.count("COUNT");
    pos.columns(
        new String[][] {
          {"MONTHS_BALANCE", "MAX,MEAN"},
          {"SK_DPD", "MAX,MEAN"},
          {"SK_DPD_DEF", "MAX,MEAN"},
          {"CNT_INSTALMENT_FUTURE", "MEAN"}
        });
    pos.share("NAME_CONTRACT_STATUS", "Active", "Completed");

    // installments_payments
    Scope ins =
        b.table(HomeCreditTable.INSTALLMENTS_PAYMENTS, "installments_payments")
            .scope("INSTAL_", "all");
    ins.count("COUNT");
    ins.columns(
        new String[][] {
          {"DPD", "MAX,MEAN,SUM"},
          {"DBD", "MAX,MEAN,SUM"},
          {"PAYMENT_PERC", "MAX,MEAN,SUM,VAR"},
          {"PAYMENT_DIFF", "MAX,MEAN,SUM,VAR"},
          {"AMT_INSTALMENT", "MAX,MEAN,SUM"},
          {"AMT_PAYMENT", "MIN,MAX,MEAN,SUM"},
          {"DAYS_ENTRY_PAYMENT", "MAX,MEAN,SUM"}
        });

    // credit_card_balance
    Scope cc =
        b.table(HomeCreditTable.CREDIT_CARD_BALANCE, "credit_card_balance").scope("CC_", "all");
    cc.count("COUNT");
    String ccStats = "MIN,MAX,MEAN,SUM,VAR";
    cc.columns(
        new String[][] {
          {"MONTHS_BALANCE", "MIN,MAX,MEAN"},
          {"AMT_BALANCE", ccStats},
          {"AMT_CREDIT_LIMIT_ACTUAL", ccStats},
          {"BALANCE_LIMIT_RATIO", "MAX,MEAN"},
          {"AMT_DRAWINGS_CURRENT", ccStats},
          {"AMT_PAYMENT_CURRENT", ccStats},
          {"AMT_TOTAL_RECEIVABLE", ccStats},
          {"CNT_DRAWINGS_CURRENT", ccStats},
          {"SK_DPD", "MAX,MEAN"},
          {"SK_DPD_DEF", "MAX,MEAN"}
        });
    return new HistoryFeatures(b.inputs, b.aggregates);
  }

  /** Derived columns: the kernel's extra per-row values; plain columns are read as they are. */
  static ToDoubleFunction<Row> valueOf(HomeCreditTable table, String column) {
    return switch (table.name() + "." + column) {
      case "PREVIOUS_APPLICATION.APP_CREDIT_PERC" ->
          r -> ratio(number(r, "AMT_APPLICATION"), number(r, "AMT_CREDIT"));
      case "PREVIOUS_APPLICATION.DAYS_LAST_DUE_1ST_VERSION",
          "PREVIOUS_APPLICATION.DAYS_TERMINATION" ->
          r -> {
            double v = number(r, column);
            return v == HomeCreditTable.DAYS_NOT_APPLICABLE ? Double.NaN : v;
          };
      case "INSTALLMENTS_PAYMENTS.DPD" ->
          r -> Math.max(number(r, "DAYS_ENTRY_PAYMENT") - number(r, "DAYS_INSTALMENT"), 0.0);
      case "INSTALLMENTS_PAYMENTS.DBD" ->
          r -> Math.max(number(r, "DAYS_INSTALMENT") - number(r, "DAYS_ENTRY_PAYMENT"), 0.0);
      case "INSTALLMENTS_PAYMENTS.PAYMENT_PERC" ->
          r -> ratio(number(r, "AMT_PAYMENT"), number(r, "AMT_INSTALMENT"));
      case "INSTALLMENTS_PAYMENTS.PAYMENT_DIFF" ->
          r -> number(r, "AMT_INSTALMENT") - number(r, "AMT_PAYMENT");
      case "CREDIT_CARD_BALANCE.BALANCE_LIMIT_RATIO" ->
          r -> ratio(number(r, "AMT_BALANCE"), number(r, "AMT_CREDIT_LIMIT_ACTUAL"));
      default -> r -> number(r, column);
    };
  }

  /** Spec of a derived column (documents the transformation in the version hash). */
  static String derivation(HomeCreditTable table, String column) {
    return switch (table.name() + "." + column) {
      case "PREVIOUS_APPLICATION.APP_CREDIT_PERC" -> "AMT_APPLICATION/AMT_CREDIT";
      case "PREVIOUS_APPLICATION.DAYS_LAST_DUE_1ST_VERSION",
          "PREVIOUS_APPLICATION.DAYS_TERMINATION" ->
          column + " with 365243 as missing";
      case "INSTALLMENTS_PAYMENTS.DPD" -> "max(DAYS_ENTRY_PAYMENT-DAYS_INSTALMENT,0)";
      case "INSTALLMENTS_PAYMENTS.DBD" -> "max(DAYS_INSTALMENT-DAYS_ENTRY_PAYMENT,0)";
      case "INSTALLMENTS_PAYMENTS.PAYMENT_PERC" -> "AMT_PAYMENT/AMT_INSTALMENT";
      case "INSTALLMENTS_PAYMENTS.PAYMENT_DIFF" -> "AMT_INSTALMENT-AMT_PAYMENT";
      case "CREDIT_CARD_BALANCE.BALANCE_LIMIT_RATIO" -> "AMT_BALANCE/AMT_CREDIT_LIMIT_ACTUAL";
      default -> column;
    };
  }

  private static final class Builder {
    final List<Input> inputs = new ArrayList<>();
    final List<Aggregate> aggregates = new ArrayList<>();

    Table table(HomeCreditTable table, String source) {
      return new Table(this, table, source);
    }
  }

  private record Table(Builder builder, HomeCreditTable table, String source) {
    Scope scope(String prefix, String filterSpec, Predicate<Row> filter) {
      return new Scope(this, prefix, filterSpec, filter, source);
    }

    Scope scope(String prefix, String filterSpec) {
      return scope(prefix, filterSpec, r -> true);
    }

    /**
     * The rows whose category {@code column} is {@code value}, named {@code VALUE_...}, with their
     * count ({@code VALUE_COUNT}).
     */
    Scope where(String column, String value) {
      return scope(
              value.toUpperCase() + "_",
              column + "=" + value,
              r -> value.equals(category(r, column)))
          .count("COUNT");
    }
  }

  private record Scope(
      Table table, String prefix, String filterSpec, Predicate<Row> filter, String source) {
    Scope sourced(String otherSource) {
      return new Scope(table, prefix, filterSpec, filter, otherSource);
    }

    private Input input(String valueSpec, ToDoubleFunction<Row> value) {
      Builder b = table.builder();
      Input input =
          new Input(
              b.inputs.size(),
              table.table(),
              table.table().kaggleName() + "[" + filterSpec + "]:" + valueSpec,
              filter,
              value);
      b.inputs.add(input);
      return input;
    }

    private void add(String name, Input input, Stat stat) {
      table.builder().aggregates.add(new Aggregate(name, source, input.spec(), input, stat));
    }

    /** Number of rows (of this scope). */
    Scope count(String name) {
      add(prefix + name, input("1", r -> 1.0), Stat.SUM);
      return this;
    }

    Scope columns(String[][] columnsAndStats) {
      for (String[] spec : columnsAndStats) {
        String column = spec[0];
        HomeCreditTable t = table.table();
        Input input = input(derivation(t, column), valueOf(t, column));
        for (String stat : spec[1].split(",")) {
          add(prefix + column + "_" + stat, input, Stat.valueOf(stat));
        }
      }
      return this;
    }

    /** Share of rows whose category column has each value (the kernel's one-hot mean). */
    Scope share(String column, String... values) {
      for (String value : values) {
        Input input =
            input(
                column + "==" + value,
                r -> {
                  String c = category(r, column);
                  return c == null ? Double.NaN : Objects.equals(c, value) ? 1.0 : 0.0;
                });
        String suffix = value.toUpperCase().replaceAll("[^A-Z0-9]+", "_");
        add(prefix + column + "_" + suffix + "_MEAN", input, Stat.MEAN);
      }
      return this;
    }
  }
}
