package io.creditstream.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart rendered by Helm's own template engine (helm-java bundles it), parsed into one map per
 * Kubernetes object. Input: values files and {@code --set} pairs; output: the objects, looked up by
 * kind and name.
 */
final class RenderedChart {

  static final Path CHART = Path.of("creditstream").toAbsolutePath();
  static final String RELEASE = "prod";
  static final String FULLNAME = "prod-creditstream";

  private final List<Map<String, Object>> objects;
  private final String text;

  private RenderedChart(String text) {
    this.text = text;
    this.objects = new ArrayList<>();
    Yaml yaml = new Yaml(new LoaderOptions());
    for (Object doc : yaml.loadAll(text)) {
      if (doc != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) doc;
        objects.add(object);
      }
    }
  }

  static Path chart() {
    if (!Files.isRegularFile(CHART.resolve("Chart.yaml"))) {
      throw new IllegalStateException(
          "No chart at " + CHART + ": run the tests from the helm module directory");
    }
    return CHART;
  }

  /**
   * The values every install must give (the sealing key: the chart has no default for it), added
   * before any other values file of a test.
   */
  static final String REQUIRED_VALUES = "values-seal.yaml";

  /** Renders with the chart's defaults plus the given values files (resources under test). */
  static RenderedChart render(String... valuesResources) {
    return render(cmd -> cmd, valuesResources);
  }

  static RenderedChart render(UnaryOperator<TemplateCommand> options, String... valuesResources) {
    return render(chart(), options, valuesResources);
  }

  static RenderedChart render(
      Path chartDir, UnaryOperator<TemplateCommand> options, String... valuesResources) {
    TemplateCommand command =
        new Helm(chartDir)
            .template()
            .withName(RELEASE)
            .withNamespace("credit")
            .withValuesFile(resource(REQUIRED_VALUES));
    for (String resource : valuesResources) {
      command = command.withValuesFile(resource(resource));
    }
    return new RenderedChart(options.apply(command).call());
  }

  /**
   * Renders a copy of the chart in which hook annotations are renamed to {@code
   * x-test-was-hook...}: helm-java's template leaves hook resources out of its output (the helm CLI
   * prints them), so this is the only way to see what a hook template renders.
   */
  static RenderedChart renderWithHooksAsPlainResources(Path workDir, String... valuesResources) {
    Path copy = copyChart(workDir, text -> text.replace("helm.sh/hook", "x-test-was-hook"));
    return render(copy, cmd -> cmd, valuesResources);
  }

  /**
   * A copy of the chart's files under {@code workDir}, each file's text passed through {@code
   * edit}.
   */
  private static Path copyChart(Path workDir, UnaryOperator<String> edit) {
    try {
      Path copy = workDir.resolve("creditstream");
      try (var files = Files.walk(chart())) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(chart().relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.writeString(target, edit.apply(Files.readString(source)));
          }
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders with the chart's defaults and the given options only: no required values added. */
  static RenderedChart renderBare(UnaryOperator<TemplateCommand> options) {
    return new RenderedChart(
        options
            .apply(new Helm(chart()).template().withName(RELEASE).withNamespace("credit"))
            .call());
  }

  /**
   * A copy of the chart whose values.yaml also holds {@link #REQUIRED_VALUES}, for commands that
   * take no values file (helm-java's lint).
   */
  static Path copyWithRequiredValues(Path workDir) {
    Path copy = copyChart(workDir, UnaryOperator.identity());
    try {
      Yaml yaml = new Yaml();
      Map<String, Object> values = yaml.load(Files.readString(copy.resolve("values.yaml")));
      Map<String, Object> required = yaml.load(Files.readString(resource(REQUIRED_VALUES)));
      required.forEach(
          (key, value) -> {
            if (value instanceof Map<?, ?> given && values.get(key) instanceof Map<?, ?> defaults) {
              @SuppressWarnings("unchecked")
              Map<Object, Object> merged = (Map<Object, Object>) defaults;
              merged.putAll(given);
            } else {
              values.put(key, value);
            }
          });
      Files.writeString(copy.resolve("values.yaml"), yaml.dump(values));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String name) {
    Path path = Path.of("src/test/resources", name).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("Missing test values file " + path);
    }
    return path;
  }

  List<Map<String, Object>> objects() {
    return objects;
  }

  String text() {
    return text;
  }

  List<String> kindsAndNames() {
    return objects.stream().map(o -> o.get("kind") + "/" + at(o, "metadata.name")).toList();
  }

  List<Map<String, Object>> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  Map<String, Object> get(String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(at(o, "metadata.name")))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("No " + kind + " named " + name + " among " + kindsAndNames()));
  }

  /**
   * The value at a dotted path; {@code [n]} indexes a list, {@code [name=x]} picks the list entry
   * whose {@code name} is x (containers, env, ports, volumes), {@code [a.b]} is a map key with
   * dots.
   */
  @SuppressWarnings("unchecked")
  static <T> T at(Object root, String path) {
    Object current = root;
    for (String part : path.split("\\.(?![^\\[]*\\])")) {
      String key = part;
      String selector = null;
      int bracket = part.indexOf('[');
      if (bracket >= 0) {
        key = part.substring(0, bracket);
        selector = part.substring(bracket + 1, part.length() - 1);
      }
      if (!key.isEmpty()) {
        if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
          throw new AssertionError("No '" + key + "' in path " + path + " of " + current);
        }
        current = map.get(key);
      }
      if (selector != null && current instanceof Map<?, ?> map) {
        // [a.b/c] is a map key that holds dots (annotations, file names).
        if (!map.containsKey(selector)) {
          throw new AssertionError("No '" + selector + "' in path " + path + " of " + current);
        }
        current = map.get(selector);
      } else if (selector != null) {
        List<Object> list = (List<Object>) current;
        if (selector.contains("=")) {
          String[] kv = selector.split("=", 2);
          current =
              list.stream()
                  .filter(e -> Objects.equals(kv[1], ((Map<String, Object>) e).get(kv[0])))
                  .findFirst()
                  .orElseThrow(
                      () -> new AssertionError("No entry " + kv[0] + "=" + kv[1] + " in " + list));
        } else {
          current = list.get(Integer.parseInt(selector));
        }
      }
    }
    return (T) current;
  }

  /** Whether a dotted path exists (see {@link #at}). */
  static boolean has(Object root, String path) {
    try {
      at(root, path);
      return true;
    } catch (AssertionError | IndexOutOfBoundsException e) {
      return false;
    }
  }
}
