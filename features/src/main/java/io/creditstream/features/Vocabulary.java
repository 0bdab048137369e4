package io.creditstream.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The categorical vocabularies, read from the versioned resource {@code vocabulary.json}: the known
 * values of each categorical application column and their ordinal codes. A resource rather than
 * code so that its version label names exactly the values a model was trained on.
 */
final class Vocabulary {
  private final String version;
  private final Map<String, List<String>> values;
  private final Map<String, Map<String, Integer>> codes;

  private Vocabulary(String version, Map<String, List<String>> values) {
    this.version = version;
    this.values = values;
    this.codes = new LinkedHashMap<>();
    values.forEach(
        (column, list) -> {
          Map<String, Integer> c = new LinkedHashMap<>();
          for (int k = 0; k < list.size(); k++) {
            c.put(list.get(k), k + 1);
          }
          codes.put(column, c);
        });
  }

  static Vocabulary load() {
    try (InputStream in = Vocabulary.class.getResourceAsStream("vocabulary.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "resource io/creditstream/features/vocabulary.json missing");
      }
      JsonNode root = JsonMapper.builderWithJackson2Defaults().build().readTree(in);
      Map<String, List<String>> values = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = root.get("columns").properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        List<String> list = new ArrayList<>();
        e.getValue().forEach(v -> list.add(v.asString()));
        values.put(e.getKey(), List.copyOf(list));
      }
      return new Vocabulary(root.get("version").asString(), Collections.unmodifiableMap(values));
    } catch (JacksonException e) {
      // Jackson 3's exceptions are unchecked; keep the UncheckedIOException callers saw before.
      throw new UncheckedIOException(
          "cannot read the feature vocabulary", new IOException(e.getMessage(), e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feature vocabulary", e);
    }
  }

  String version() {
    return version;
  }

  List<String> columns() {
    return List.copyOf(values.keySet());
  }

  Map<String, List<String>> values() {
    return values;
  }

  boolean knows(String column, String value) {
    return codes.get(column).containsKey(value);
  }

  /** 0 = missing, 1..n = known values, n+1 = any other value. */
  double code(String column, String value) {
    if (value == null) {
      return 0;
    }
    Map<String, Integer> c = codes.get(column);
    Integer code = c.get(value);
    return code == null ? c.size() + 1 : code;
  }
}
