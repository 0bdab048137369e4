package io.creditstream.portal.frontoffice;

import io.creditstream.avro.LoanApplication;
import io.creditstream.features.Row;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads a submitted application (a JSON object under the Kaggle column names) into the {@code
 * LoanApplication} record, field by field against the schema's types, then checks it against the
 * {@link ApplicationContract}: the very rules the scorer applies, so an application this API
 * accepts is never dead-lettered by the scorer for being invalid. Every problem is reported, field
 * by field, not just the first. The schema is the one source of field names and types, so a column
 * added to the schema is accepted here without code changes.
 */
@Component
public class ApplicationValidator {

  static final String APPLICATION_ID = ApplicationContract.APPLICATION_ID;
  static final String CHANNEL = ApplicationContract.CHANNEL;
  static final String SUBMITTED_AT = "submittedAt";

  private static final int MAX_STRING = 200;

  private final ApplicationContract contract = ApplicationContract.current();
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
        app.put(f.pos(), value);
      }
    }
    // A field whose JSON had the wrong type is reported once, not again as "missing".
    Set<String> typed = new HashSet<>();
    problems.forEach(p -> typed.add(p.field()));
    for (Violation v : contract.check(row(app), false)) {
      if (!typed.contains(v.field())) {
        problems.add(new FieldProblem(v.field(), v.rule(), v.message()));
      }
    }
    return new Result(problems.isEmpty() ? app : null, problems);
  }

  /** The record's fields under their Kaggle names, as the contract reads them. */
  private Row row(LoanApplication app) {
    return column -> {
      Schema.Field f = schema.getField(column);
      if (f == null) {
        return null;
      }
      Object v = app.get(f.pos());
      return v instanceof CharSequence cs ? cs.toString() : v;
    };
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
}
