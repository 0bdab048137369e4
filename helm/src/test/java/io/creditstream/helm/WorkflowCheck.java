package io.creditstream.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks a GitHub workflow against the repository: every {@code ./mvnw} invocation names modules
 * and profiles that exist and goals Maven knows, every repository path a step names exists, and
 * every action is a well-known one pinned to a major version. Input: the repository root and a
 * workflow's text; output: one message per problem (empty when the workflow is sound).
 */
final class WorkflowCheck {

  /** Owners whose actions the workflows may use: GitHub's own and widely used vendors'. */
  static final Set<String> WELL_KNOWN_OWNERS = Set.of("actions", "azure", "docker", "softprops");

  private static final Pattern USES = Pattern.compile("([A-Za-z0-9-]+)/([A-Za-z0-9_.-]+)@v(\\d+)");
  private static final Set<String> PHASES =
      Set.of(
          "validate",
          "compile",
          "test-compile",
          "test",
          "package",
          "verify",
          "install",
          "deploy",
          "clean");
  private static final Set<String> PLUGIN_PREFIXES =
      Set.of("jib", "spotless", "dependency", "help", "exec");

  private final Path repo;
  private final Set<String> modules;
  private final Set<String> profiles;

  WorkflowCheck(Path repo) throws IOException {
    this.repo = repo;
    String rootPom = Files.readString(repo.resolve("pom.xml"));
    this.modules = new LinkedHashSet<>(all(rootPom, "<module>([^<]+)</module>"));
    this.profiles = new LinkedHashSet<>(all(rootPom, "<profile>\\s*<id>([^<]+)</id>"));
    for (String module : modules) {
      Path pom = repo.resolve(module).resolve("pom.xml");
      if (Files.isRegularFile(pom)) {
        profiles.addAll(all(Files.readString(pom), "<profile>\\s*<id>([^<]+)</id>"));
      }
    }
  }

  Set<String> modules() {
    return modules;
  }

  Set<String> profiles() {
    return profiles;
  }

  /** The problems of one workflow, as "job/step: message". */
  @SuppressWarnings("unchecked")
  List<String> check(String workflowYaml) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> workflow = new Yaml().load(workflowYaml);
    Object jobs = workflow.get("jobs");
    if (!(jobs instanceof Map<?, ?> jobMap) || jobMap.isEmpty()) {
      return List.of("no jobs");
    }
    for (Map.Entry<?, ?> job : jobMap.entrySet()) {
      Map<String, Object> body = (Map<String, Object>) job.getValue();
      if (!body.containsKey("runs-on")) {
        problems.add(job.getKey() + ": no runs-on");
      }
      List<Map<String, Object>> steps = (List<Map<String, Object>>) body.get("steps");
      if (steps == null || steps.isEmpty()) {
        problems.add(job.getKey() + ": no steps");
        continue;
      }
      for (int i = 0; i < steps.size(); i++) {
        Map<String, Object> step = steps.get(i);
        String where = job.getKey() + "/" + step.getOrDefault("name", "step " + (i + 1));
        boolean hasUses = step.containsKey("uses");
        boolean hasRun = step.containsKey("run");
        if (hasUses == hasRun) {
          problems.add(where + ": a step needs exactly one of uses and run");
        }
        if (hasUses) {
          checkUses(where, String.valueOf(step.get("uses")), problems);
        }
        if (hasRun) {
          checkRun(where, String.valueOf(step.get("run")), problems);
        }
      }
    }
    return problems;
  }

  private static void checkUses(String where, String uses, List<String> problems) {
    Matcher m = USES.matcher(uses);
    if (!m.matches()) {
      problems.add(where + ": '" + uses + "' is not owner/repo@vN");
    } else if (!WELL_KNOWN_OWNERS.contains(m.group(1))) {
      problems.add(where + ": '" + uses + "' is not a well-known action " + WELL_KNOWN_OWNERS);
    }
  }

  private void checkRun(String where, String script, List<String> problems) {
    // Folded (>-) scalars arrive as one line; literal (|) ones may hold several commands.
    // ${{ expressions }} hold spaces; they are values, never modules or goals.
    String plain = script.replaceAll("\\$\\{\\{[^}]*}}", "\\${{expr}}");
    for (String line : plain.replace("\\\n", " ").split("\n|&&|;")) {
      List<String> tokens = tokens(line);
      int mvnw = tokens.indexOf("./mvnw");
      if (mvnw >= 0) {
        if (!Files.isExecutable(repo.resolve("mvnw"))) {
          problems.add(where + ": ./mvnw is missing or not executable");
        }
        checkMaven(where, tokens.subList(mvnw + 1, tokens.size()), problems);
      }
      for (String token : tokens) {
        checkPath(where, token, problems);
      }
    }
  }

  private void checkMaven(String where, List<String> args, List<String> problems) {
    boolean goal = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-pl") || arg.equals("--projects")) {
        String list = i + 1 < args.size() ? args.get(++i) : "";
        for (String module : list.split(",")) {
          if (!modules.contains(module)) {
            problems.add(where + ": module '" + module + "' is not in the root pom " + modules);
          }
        }
      } else if (arg.startsWith("-P")) {
        String list =
            arg.length() > 2 ? arg.substring(2) : (i + 1 < args.size() ? args.get(++i) : "");
        for (String profile : list.split(",")) {
          String id = profile.replaceFirst("^[!-]", "");
          if (!profiles.contains(id)) {
            problems.add(where + ": profile '" + id + "' is defined nowhere " + profiles);
          }
        }
      } else if (!arg.startsWith("-")) {
        goal = true;
        boolean known =
            PHASES.contains(arg)
                || (arg.contains(":")
                    && PLUGIN_PREFIXES.contains(arg.substring(0, arg.indexOf(':'))));
        if (!known) {
          problems.add(where + ": '" + arg + "' is not a lifecycle phase or a known plugin goal");
        }
      }
    }
    if (!goal) {
      problems.add(where + ": ./mvnw without a phase or goal");
    }
  }

  /** A token that names a path under one of the repository's top-level folders must exist. */
  private void checkPath(String where, String token, List<String> problems) {
    if (token.startsWith("-")
        || token.contains("$")
        || token.contains("*")
        || token.contains("://")) {
      return;
    }
    String cleaned = token.replaceAll("^[\"']|[\"']$", "");
    int slash = cleaned.indexOf('/');
    if (slash <= 0 || cleaned.startsWith("..")) {
      return;
    }
    String top = cleaned.substring(0, slash);
    if (Files.isDirectory(repo.resolve(top)) && !Files.exists(repo.resolve(cleaned))) {
      problems.add(where + ": path '" + cleaned + "' does not exist in the repository");
    }
  }

  private static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("'[^']*'|\"[^\"]*\"|\\S+").matcher(line);
    while (m.find()) {
      String t = m.group();
      if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith("\"") && t.endsWith("\""))) {
        t = t.substring(1, t.length() - 1);
      }
      out.add(t);
    }
    return out;
  }

  private static List<String> all(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1).trim());
    }
    return out;
  }

  static List<Path> workflows(Path repo) throws IOException {
    try (Stream<Path> files = Files.list(repo.resolve(".github/workflows"))) {
      return files
          .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
