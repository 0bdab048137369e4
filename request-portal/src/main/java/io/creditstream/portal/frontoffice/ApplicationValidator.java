package io.creditstream.portal.frontoffice;

import io.creditstream.avro.LoanApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a submitted application (a JSON object under the Kaggle column names) against the {@code
 * LoanApplication} schema and the value ranges the columns can take, and builds the Avro record.
 * Every problem is reported, field by field, not just the first. The schema is the one source of
 * field names and types, so a column added to the schema is accepted here without code changes.
 */
@Component
public class ApplicationValidator {

  static final String APPLICATION_ID = "applicationId";
  static final String CHANNEL = "channel";
  static final String SUBMITTED_AT = "submittedAt";
  static final String CLIENT_ID = "SK_ID_CURR";

  private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern CHANNEL_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int MAX_STRING = 200;

  /** Kaggle's sentinel in DAYS_EMPLOYED for clients without employment (pensioners, ...). */
  private static final double DAYS_EMPLOYED_NONE = 365243;

  private static final Map<String, Set<String>> CATEGORIES =
      Map.of(
          "NAME_CONTRACT_TYPE", Set.of("Cash loans", "Revolving loans"),
          "CODE_GENDER", Set.of("M", "F", "XNA"),
          "FLAG_OWN_CAR", Set.of("Y", "N"),
          "FLAG_OWN_REALTY", Set.of("Y", "N"),
          "WEEKDAY_APPR_PROCESS_START",
              Set.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"));

  private final Schema schema = LoanApplication.getClassSchema();

  /** The outcome: the record when valid (application id and time still to be set), or problems. */
  public record Result(LoanApplication application, List<FieldProblem> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  public Result validate(JsonNode body) {
    List<FieldProblem> problems = new ArrayList<>();
    if (body == null || !body.isObject()) {
      problems.add(new FieldProblem("$", "invalid_json", "the body must be a JSON object"));
      return new Result(null, problems);
    }
    for (String name : body.propertyNames()) {
      Schema.Field f = schema.getField(name);
      if (f == null || SUBMITTED_AT.equals(name)) {
        problems.add(
            new FieldProblem(
                name,
                "unknown_field",
                SUBMITTED_AT.equals(name)
                    ? "set by the portal, not by the submitter"
                    : "not a field of a loan application"));
      }
    }
    LoanApplication app = new LoanApplication();
    for (Schema.Field f : schema.getFields()) {
      String name = f.name();
      if (SUBMITTED_AT.equals(name)) {
        continue;
      }
      JsonNode node = body.get(name);
      boolean absent = node == null || node.isNull();
      Schema type = f.schema();
      boolean nullable = type.isNullable();
      Schema base = nonNull(type);
      if (absent) {
        if (APPLICATION_ID.equals(name)) {
          continue; // the portal assigns one
        }
        if (CHANNEL.equals(name)) {
          app.put(f.pos(), "API");
          continue;
        }
        if (nullable) {
          app.put(f.pos(), null);
        } else if (f.hasDefaultValue()) {
          app.put(f.pos(), f.defaultVal());
        } else {
          problems.add(new FieldProblem(name, "missing", "required"));
        }
        continue;
      }
      Object value = convert(name, node, base, problems);
      if (value != null) {
        FieldProblem problem = checkRange(name, value);
        if (problem != null) {
          problems.add(problem);
        } else {
          app.put(f.pos(), value);
        }
      }
    }
    return new Result(problems.isEmpty() ? app : null, problems);
  }

  private static Schema nonNull(Schema type) {
    if (type.getType() != Schema.Type.UNION) {
      return type;
    }
    return type.getTypes().stream()
        .filter(t -> t.getType() != Schema.Type.NULL)
        .findFirst()
        .orElse(type);
  }

  private static Object convert(String name, JsonNode node, Schema type, List<FieldProblem> out) {
    switch (type.getType()) {
      case STRING -> {
        if (!node.isString()) {
          out.add(new FieldProblem(name, "wrong_type", "must be a string"));
          return null;
        }
        String s = node.asString();
        if (s.length() > MAX_STRING) {
          out.add(
              new FieldProblem(name, "out_of_range", "longer than " + MAX_STRING + " characters"));
          return null;
        }
        return s;
      }
      case INT, LONG -> {
        if (!node.isIntegralNumber()) {
          out.add(new FieldProblem(name, "wrong_type", "must be a whole number"));
          return null;
        }
        if (type.getType() == Schema.Type.INT) {
          if (!node.canConvertToInt()) {
            out.add(new FieldProblem(name, "out_of_range", "does not fit a 32-bit integer"));
            return null;
          }
          return node.intValue();
        }
        if (!node.canConvertToLong()) {
          out.add(new FieldProblem(name, "out_of_range", "does not fit a 64-bit integer"));
          return null;
        }
        return node.longValue();
      }
      case DOUBLE -> {
        if (!node.isNumber()) {
          out.add(new FieldProblem(name, "wrong_type", "must be a number"));
          return null;
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
          out.add(new FieldProblem(name, "out_of_range", "must be finite"));
          return null;
        }
        return d;
      }
      default -> {
        out.add(new FieldProblem(name, "wrong_type", "unsupported type " + type.getType()));
        return null;
      }
    }
  }

  /** The problem with a column's value (its category or its range), or null when acceptable. */
  static FieldProblem checkRange(String name, Object value) {
    String category = checkCategory(name, value);
    if (category != null) {
      return new FieldProblem(name, "invalid_value", category);
    }
    String range = value instanceof Number n ? checkNumber(name, n.doubleValue()) : null;
    return range == null ? null : new FieldProblem(name, "out_of_range", range);
  }

  private static String checkCategory(String name, Object value) {
    if (APPLICATION_ID.equals(name)) {
      return ID_PATTERN.matcher((String) value).matches()
          ? null
          : "must be 1-64 characters of letters, digits, '.', '_', ':', '-'";
    }
    if (CHANNEL.equals(name)) {
      return CHANNEL_PATTERN.matcher((String) value).matches()
          ? null
          : "must be 1-32 characters of letters, digits, '_', '-'";
    }
    Set<String> allowed = CATEGORIES.get(name);
    if (allowed != null && !allowed.contains(value)) {
      return "must be one of " + new java.util.TreeSet<>(allowed);
    }
    return null;
  }

  private static String checkNumber(String name, double v) {
    if (CLIENT_ID.equals(name)) {
      return between(v, 1, 9_999_999_999d);
    }
    if (name.startsWith("FLAG_")) {
      return v == 0 || v == 1 ? null : "must be 0 or 1";
    }
    if (name.startsWith("EXT_SOURCE_")
        || name.endsWith("_AVG")
        || name.endsWith("_MODE")
        || name.endsWith("_MEDI")
        || name.equals("REGION_POPULATION_RELATIVE")) {
      return between(v, 0, 1);
    }
    return switch (name) {
      case "AMT_INCOME_TOTAL", "AMT_CREDIT" -> v > 0 ? null : "must be greater than 0";
      case "AMT_ANNUITY", "AMT_GOODS_PRICE" -> v >= 0 ? null : "must be 0 or more";
      case "CNT_CHILDREN" -> between(v, 0, 30);
      case "CNT_FAM_MEMBERS" -> between(v, 1, 40);
      case "DAYS_BIRTH" -> between(v, -120 * 365.25, -18 * 365.25);
      case "DAYS_EMPLOYED" ->
          v <= 0 || v == DAYS_EMPLOYED_NONE ? null : "must be 0 or less (or 365243: not employed)";
      case "DAYS_REGISTRATION", "DAYS_ID_PUBLISH", "DAYS_LAST_PHONE_CHANGE" ->
          v <= 0 ? null : "must be 0 or less (days before the application)";
      case "OWN_CAR_AGE" -> between(v, 0, 100);
      case "HOUR_APPR_PROCESS_START" -> between(v, 0, 23);
      case "REGION_RATING_CLIENT", "REGION_RATING_CLIENT_W_CITY" -> between(v, 1, 3);
      default ->
          name.startsWith("AMT_REQ_")
                  || name.startsWith("OBS_")
                  || name.startsWith("DEF_")
                  || name.startsWith("REG_")
                  || name.startsWith("LIVE_")
              ? (v >= 0 ? null : "must be 0 or more")
              : null;
    };
  }

  private static String between(double v, double min, double max) {
    return v >= min && v <= max ? null : "must be between " + bound(min) + " and " + bound(max);
  }

  /** A bound without a spurious ".0". */
  private static String bound(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
