package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.FULLNAME;
import static io.creditstream.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Outcome;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's PrometheusRule, checked by Prometheus' own {@code promtool} (Debian's {@code
 * prometheus} package; {@code .ci/run} installs it): the rendered rules parse as PromQL, and its
 * unit tests, fed synthetic series, show each alert firing on its condition, with its labels, and
 * not on a healthy system nor on another release's series. The metrics the rules name are the ones
 * the scorer really exports (read from a Prometheus scrape of {@link ScorerMetrics}); the portal's
 * are checked the same way by the portal's {@code PortalIntegrationTest}.
 */
class ChartAlertRulesTest {

  private static final String SCORER = FULLNAME + "-scorer";
  private static final String PORTAL = FULLNAME + "-portal";
  private static final Pattern METRIC = Pattern.compile("creditstream_[a-z_]+");

  private static RenderedChart chart;
  private static Map<String, Object> rule;

  @BeforeAll
  static void render() {
    chart = RenderedChart.render("values-production.yaml");
    rule = chart.get("PrometheusRule", FULLNAME);
  }

  @Test
  void carriesTheOperatorsLabelsAndIsAbsentByDefault() {
    assertThat((Object) at(rule, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
    assertThat(RenderedChart.render().kindsAndNames()).noneMatch(o -> o.startsWith("Prometheus"));
  }

  @Test
  void promtoolParsesTheRulesAndItsUnitTestsFireEachAlertOnItsConditionOnly(@TempDir Path dir)
      throws Exception {
    assertThat(Files.isExecutable(Path.of("/usr/bin/promtool")))
        .as(
            "promtool is needed to check the alert rules: apt-get install prometheus"
                + " (Debian's package; .ci/run installs it)")
        .isTrue();
    Yaml yaml = yaml();
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, yaml.dump(Map.of("groups", at(rule, "spec.groups"))));

    Run check = promtool(dir, "check", "rules", rules.toString());
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 10 rules found");

    Path tests = dir.resolve("tests.yaml");
    Files.writeString(tests, yaml.dump(unitTests()));
    Run test = promtool(dir, "test", "rules", tests.toString());
    assertThat(test.exit()).as(test.output() + "\n" + Files.readString(tests)).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void theRulesNameOnlyMetricsTheScorerExports() {
    // given the scorer's metrics, each touched once, as Prometheus scrapes them
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScorerMetrics metrics = new ScorerMetrics(registry);
    metrics.decision(Outcome.APPROVED, 12, 1_000_000);
    metrics.deadLetter("SCORING");
    metrics.applicationMoved("wrong_partition");
    metrics.modelRefused();
    metrics.activeModel("v1");
    metrics.psi("AMT_CREDIT", 0.1);
    String scrape = registry.scrape();

    // then every scorer metric a rule names is there (the portal's: PortalIntegrationTest)
    TreeSet<String> named = new TreeSet<>();
    Matcher m = METRIC.matcher(String.valueOf((Object) at(rule, "spec.groups")));
    while (m.find()) {
      if (!m.group().startsWith("creditstream_portal_")) {
        named.add(m.group());
      }
    }
    assertThat(named).hasSizeGreaterThan(5);
    for (String metric : named) {
      assertThat(scrape).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
    }
  }

  /** promtool's unit tests: series, and the alerts expected at each time. */
  private static Map<String, Object> unitTests() {
    List<Object> tests = new ArrayList<>();
    // A forged decision and an unsealed dead letter read by this release's portal; another
    // release's portal counting forgeries all along; then nothing more: the alerts resolve.
    tests.add(
        test(
            series(
                PORTAL,
                "creditstream_portal_decisions_refused_total{reason=\"FORGED\"}",
                "0 0 1x40"),
            series(
                PORTAL,
                "creditstream_portal_dead_letters_refused_total{reason=\"UNSEALED\"}",
                "0 0 0 2x40"),
            series(
                "creditstream_portal_decisions_refused_total{service=\"other-portal\",reason=\"FORGED\"}",
                "0+3x40"),
            series(SCORER, "creditstream_model_active{version=\"v1\"}", "1x40"),
            series(
                PORTAL,
                "creditstream_portal_drift_reports_refused_total{reason=\"FORGED\"}",
                "0 1x40"),
            // a new portal reading the decisions of the time before seals: no alert
            series(
                PORTAL,
                "creditstream_portal_decisions_refused_total{reason=\"BEFORE_SEALS\"}",
                "0+500x40"),
            expect(5, "CreditstreamUnverifiedDecision", Map.of("reason", "FORGED")),
            expect(5, "CreditstreamUnverifiedDriftReport", Map.of("reason", "FORGED")),
            expect(30, "CreditstreamUnverifiedDriftReport"),
            expect(5, "CreditstreamUnverifiedDeadLetter", Map.of("reason", "UNSEALED")),
            expect(30, "CreditstreamUnverifiedDecision"),
            expect(30, "CreditstreamUnverifiedDeadLetter"),
            expect(30, "CreditstreamNoActiveModel")));
    // No model active: a version at 0, then no series at all; a refused release.
    tests.add(
        test(
            series(SCORER, "creditstream_model_active{version=\"v1\"}", "0x20"),
            series(SCORER, "creditstream_model_refusals_total{}", "0 1x20"),
            expect(5, "CreditstreamNoActiveModel"),
            expect(15, "CreditstreamNoActiveModel", Map.of()),
            expect(5, "CreditstreamRefusedModelRelease", Map.of())));
    // (absent() keeps the selector's label)
    tests.add(test(expect(15, "CreditstreamNoActiveModel", Map.of("service", SCORER))));
    // A busy scorer: 100 decisions a minute. Its refusals: 10 a minute (one SCORING at the
    // start); moves: 80 a minute; latency: every decision between 1 and 5 s; drift on one feature.
    tests.add(
        test(
            series(SCORER, "creditstream_model_active{version=\"v1\"}", "1x90"),
            series(SCORER, "creditstream_decisions_total{outcome=\"APPROVED\"}", "0+100x90"),
            series(SCORER, "creditstream_dead_letters_total{reason=\"VALIDATION\"}", "0+10x90"),
            series(SCORER, "creditstream_dead_letters_total{reason=\"SCORING\"}", "0 1x90"),
            series(
                SCORER,
                "creditstream_applications_moved_total{reason=\"wrong_partition\"}",
                "0+80x90"),
            series(SCORER, "creditstream_decision_latency_seconds_bucket{le=\"1.0\"}", "0x90"),
            series(SCORER, "creditstream_decision_latency_seconds_bucket{le=\"5.0\"}", "0+100x90"),
            series(SCORER, "creditstream_decision_latency_seconds_bucket{le=\"+Inf\"}", "0+100x90"),
            series(SCORER, "creditstream_feature_psi{feature=\"AMT_CREDIT\"}", "0.4x90"),
            series(SCORER, "creditstream_feature_psi{feature=\"DAYS_BIRTH\"}", "0.1x90"),
            expect(5, "CreditstreamApplicationsNotDecided", Map.of()),
            expect(20, "CreditstreamDeadLetterShareHigh"),
            expect(40, "CreditstreamDeadLetterShareHigh", Map.of()),
            expect(40, "CreditstreamApplicationsMovedShareHigh", Map.of()),
            expect(10, "CreditstreamDecisionLatencyHigh"),
            expect(30, "CreditstreamDecisionLatencyHigh", Map.of()),
            expect(30, "CreditstreamFeatureDrift"),
            expect(75, "CreditstreamFeatureDrift", Map.of("feature", "AMT_CREDIT"))));
    // A healthy scorer: fast, few refusals, well placed, no drift: no alert at all.
    tests.add(
        test(
            series(SCORER, "creditstream_model_active{version=\"v1\"}", "1x90"),
            series(SCORER, "creditstream_decisions_total{outcome=\"APPROVED\"}", "0+100x90"),
            series(SCORER, "creditstream_dead_letters_total{reason=\"VALIDATION\"}", "0+1x90"),
            series(
                SCORER, "creditstream_applications_moved_total{reason=\"key_missing\"}", "0+2x90"),
            series(SCORER, "creditstream_decision_latency_seconds_bucket{le=\"1.0\"}", "0+100x90"),
            series(SCORER, "creditstream_decision_latency_seconds_bucket{le=\"+Inf\"}", "0+100x90"),
            series(SCORER, "creditstream_feature_psi{feature=\"AMT_CREDIT\"}", "0.05x90"),
            expect(80, "CreditstreamDeadLetterShareHigh"),
            expect(80, "CreditstreamApplicationsMovedShareHigh"),
            expect(80, "CreditstreamDecisionLatencyHigh"),
            expect(80, "CreditstreamFeatureDrift"),
            expect(80, "CreditstreamApplicationsNotDecided"),
            expect(80, "CreditstreamNoActiveModel")));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("rule_files", List.of("rules.yaml"));
    file.put("evaluation_interval", "1m");
    file.put("tests", tests);
    return file;
  }

  private static Map<String, Object> test(Object... parts) {
    List<Object> input = new ArrayList<>();
    List<Object> alerts = new ArrayList<>();
    for (Object p : parts) {
      @SuppressWarnings("unchecked")
      Map<String, Object> part = (Map<String, Object>) p;
      (part.containsKey("series") ? input : alerts).add(part);
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("interval", "1m");
    t.put("input_series", input);
    t.put("alert_rule_test", alerts);
    return t;
  }

  private static Map<String, Object> series(String series, String values) {
    return Map.of("series", series, "values", values);
  }

  /** A series of this service: {@code metric{labels}} with its {@code service} label first. */
  private static Map<String, Object> series(String service, String metric, String values) {
    int brace = metric.indexOf('{');
    String labels = metric.substring(brace + 1);
    return series(
        metric.substring(0, brace + 1)
            + "service=\""
            + service
            + "\""
            + (labels.equals("}") ? "" : ",")
            + labels,
        values);
  }

  /** At minute {@code at}, the alert is not firing. */
  private static Map<String, Object> expect(int at, String alert) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eval_time", at + "m");
    e.put("alertname", alert);
    e.put("exp_alerts", List.of());
    return e;
  }

  /**
   * At minute {@code at}, the alert fires once with these labels (besides its severity) and the
   * annotations the chart gives it.
   */
  private static Map<String, Object> expect(int at, String alert, Map<String, String> labels) {
    Map<String, Object> r = alertRule(alert);
    Map<String, Object> expLabels = new LinkedHashMap<>(labels);
    expLabels.put("severity", at(r, "labels.severity"));
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("exp_labels", expLabels);
    one.put("exp_annotations", r.get("annotations"));
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eval_time", at + "m");
    e.put("alertname", alert);
    e.put("exp_alerts", List.of(one));
    return e;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> alertRule(String alert) {
    for (Map<String, Object> group : (List<Map<String, Object>>) at(rule, "spec.groups")) {
      for (Map<String, Object> r : (List<Map<String, Object>>) group.get("rules")) {
        if (alert.equals(r.get("alert"))) {
          return r;
        }
      }
    }
    throw new AssertionError("no alert " + alert + " in the chart's rules");
  }

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(200);
    return new Yaml(options);
  }

  private record Run(int exit, String output) {}

  private static Run promtool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("/usr/bin/promtool");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("promtool did not finish in 2 minutes");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
