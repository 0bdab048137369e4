package io.creditstream.portal.audit;

import io.creditstream.features.FeatureSet;
import io.creditstream.portal.store.DecisionView.FeatureValueView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model inputs of one decision, as an auditor reads them: split into the application's own
 * columns and the client's history aggregates, categorical codes decoded with the feature set's
 * vocabulary ({@code OCCUPATION_TYPE 11.0} is "Cleaning staff", code 11), exact values kept. The
 * float32 values of a compact record are shown with the digits that identify them as float32
 * ("0.1234567", not the "0.12345670163631439" of the double they widen to).
 */
final class RecordSections {

  /** One input: its position in the vector, name, group, the value as stored and as read. */
  record Row(int index, String name, String group, Double value, String shown) {}

  private final List<Row> application = new ArrayList<>();
  private final List<Row> history = new ArrayList<>();

  RecordSections(List<FeatureValueView> values, boolean float32) {
    FeatureSet fs = FeatureSet.current();
    Set<String> historyNames = Set.copyOf(fs.historyFeatureNames());
    Map<String, List<String>> vocabularies = fs.vocabularies();
    for (int i = 0; i < values.size(); i++) {
      FeatureValueView f = values.get(i);
      Row row =
          new Row(
              i,
              f.name(),
              group(fs, f.name()),
              f.value(),
              shown(vocabularies, f.name(), f.value(), float32));
      (historyNames.contains(f.name()) ? history : application).add(row);
    }
  }

  List<Row> application() {
    return application;
  }

  List<Row> history() {
    return history;
  }

  /** The value in words: a category by name with its code, a number exactly, or "missing". */
  static String shown(
      Map<String, List<String>> vocabularies, String name, Double value, boolean float32) {
    if (value == null || value.isNaN()) {
      return "missing";
    }
    List<String> vocabulary = vocabularies.get(name);
    if (vocabulary == null || value != Math.rint(value)) {
      return float32 ? Float.toString(value.floatValue()) : value.toString();
    }
    int code = value.intValue();
    if (code == 0) {
      return "missing (code 0)";
    }
    if (code >= 1 && code <= vocabulary.size()) {
      return vocabulary.get(code - 1) + " (code " + code + ")";
    }
    if (code == vocabulary.size() + 1) {
      return "another value, not in the vocabulary (code " + code + ")";
    }
    return value.toString();
  }

  private static String group(FeatureSet fs, String name) {
    try {
      return fs.sourceOf(name);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
