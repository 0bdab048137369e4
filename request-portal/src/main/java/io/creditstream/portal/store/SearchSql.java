package io.creditstream.portal.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of an auditor search whose criteria are all optional: each criterion that is given adds
 * one {@code AND} condition with its argument, one that is absent (null, or blank text) adds none.
 * Text is compared stripped of surrounding white space; times are epoch milliseconds.
 */
final class SearchSql {
  private final StringBuilder sql;
  private final List<Object> args = new ArrayList<>();

  /**
   * @param select the query up to, without, its {@code WHERE}
   */
  SearchSql(String select) {
    this.sql = new StringBuilder(select).append(" WHERE 1=1");
  }

  /** {@code column = value}, when a value is given. */
  SearchSql equal(String column, Long value) {
    return value == null ? this : condition(column + " = ?", value);
  }

  /** {@code column = text} (stripped), when the text is not blank. */
  SearchSql equal(String column, String text) {
    return text == null || text.isBlank() ? this : condition(column + " = ?", text.strip());
  }

  /** {@code column >= from}, when given. */
  SearchSql from(String column, Instant from) {
    return from == null ? this : condition(column + " >= ?", from.toEpochMilli());
  }

  /** {@code column < to} (exclusive), when given. */
  SearchSql to(String column, Instant to) {
    return to == null ? this : condition(column + " < ?", to.toEpochMilli());
  }

  /** The statement, ending with {@code tail} (an order and {@code LIMIT ? OFFSET ?}). */
  String sql(String tail) {
    return sql + " " + tail;
  }

  /** The arguments of the conditions, then {@code more} (the tail's). */
  Object[] args(Object... more) {
    List<Object> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all.toArray();
  }

  private SearchSql condition(String condition, Object arg) {
    sql.append(" AND ").append(condition);
    args.add(arg);
    return this;
  }
}
