package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The GitHub workflows parse and refer only to modules, profiles, paths and actions that exist. */
@SuppressWarnings("unchecked")
class WorkflowsTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static WorkflowCheck check;

  @BeforeAll
  static void readThePoms() throws Exception {
    check = new WorkflowCheck(REPO);
  }

  @Test
  void everyWorkflowIsSound() throws Exception {
    // given every workflow of the repository
    List<Path> workflows = WorkflowCheck.workflows(REPO);
    assertThat(workflows)
        .extracting(p -> p.getFileName().toString())
        .contains("ci.yml", "release.yml");

    for (Path workflow : workflows) {
      // when it is checked, then it has no problem
      assertThat(check.check(Files.readString(workflow))).as(workflow.toString()).isEmpty();
    }
  }

  @Test
  void ciBuildsEveryPushAndPullRequestOnJava17WithAMavenCacheAndRunsTestcontainers()
      throws Exception {
    Map<String, Object> ci = load("ci.yml");

    // SnakeYAML reads the bare key "on" as the boolean true (YAML 1.1).
    assertThat((Map<Object, Object>) ci.get(true)).containsKeys("push", "pull_request");
    Map<String, Object> build = at(ci, "jobs.build");
    assertThat(stepRuns(build)).anyMatch(r -> r.contains("chromium chromium-driver"));
    assertThat(stepRuns(build)).anyMatch(r -> r.matches("(?s).*apt-get install.* prometheus\\b.*"));
    assertThat(stepRuns(build)).anyMatch(r -> r.startsWith("./mvnw -B -ntp verify"));
    for (String job : List.of("build", "integration-testcontainers")) {
      Map<String, Object> setupJava = step(at(ci, "jobs." + job), "actions/setup-java@v4");
      assertThat((Map<String, Object>) setupJava.get("with"))
          .containsEntry("java-version", "17")
          .containsEntry("cache", "maven");
    }
    assertThat(stepRuns(at(ci, "jobs.integration-testcontainers")))
        .anyMatch(r -> r.contains("-Dcreditstream.platform=testcontainers"));
  }

  @Test
  void ciBuildsAndRunsTheImagesAsRootInAPrivilegedContainer() throws Exception {
    Map<String, Object> images = at(load("ci.yml"), "jobs.images");

    // the image tests need root and mount namespaces (chroot, unshare)
    assertThat((String) at(images, "container.options")).contains("--privileged");
    assertThat(stepRuns(images))
        .anyMatch(r -> r.contains("-Pimages verify") && r.contains("ImageTarTest"));
    // and the chart tests it runs check the alert rules with promtool (Debian's prometheus)
    assertThat(stepRuns(images)).anyMatch(r -> r.contains("Chart*Test"));
    assertThat(stepRuns(images))
        .anyMatch(r -> r.matches("(?s).*apt-get install.* prometheus\\b.*"));
  }

  @Test
  void releasePushesBothImagesToGhcrAndAttachesThePackagedChartOnVersionTags() throws Exception {
    Map<String, Object> release = load("release.yml");

    assertThat((Object) at(release.get(true), "push.tags")).isEqualTo(List.of("v*"));
    List<String> imageRuns = stepRuns(at(release, "jobs.images"));
    assertThat(imageRuns)
        .anyMatch(
            r ->
                r.contains("-pl stream-scorer jib:build")
                    && r.contains("/creditstream-scorer:${{ github.ref_name }}"))
        .anyMatch(
            r ->
                r.contains("-pl request-portal jib:build")
                    && r.contains("/creditstream-portal:${{ github.ref_name }}"));
    assertThat(step(at(release, "jobs.images"), "docker/login-action@v3").get("with"))
        .isEqualTo(
            Map.of(
                "registry", "ghcr.io",
                "username", "${{ github.actor }}",
                "password", "${{ secrets.GITHUB_TOKEN }}"));
    List<String> chartRuns = stepRuns(at(release, "jobs.chart"));
    assertThat(chartRuns).anyMatch(r -> r.startsWith("helm lint --strict helm/creditstream"));
    assertThat(chartRuns).anyMatch(r -> r.startsWith("helm package helm/creditstream"));
    assertThat(step(at(release, "jobs.chart"), "azure/setup-helm@v4")).isNotNull();
    assertThat(step(at(release, "jobs.chart"), "softprops/action-gh-release@v2").get("with"))
        .isEqualTo(Map.of("files", "dist/creditstream-*.tgz"));
  }

  @Test
  void dependabotWatchesMavenAndTheActions() throws Exception {
    Map<String, Object> dependabot =
        new Yaml().load(Files.readString(REPO.resolve(".github/dependabot.yml")));

    List<Map<String, Object>> updates = at(dependabot, "updates");
    assertThat(updates)
        .extracting(u -> u.get("package-ecosystem"))
        .containsExactlyInAnyOrder("maven", "github-actions");
  }

  @Test
  void reportsUnknownModulesProfilesGoalsPathsAndUnpinnedActions() {
    // given a workflow with one mistake of each kind
    String bad =
        """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@main
              - uses: someone/deploy-everything@v1
              - run: ./mvnw -B -pl stream-scorer,no-such-module -Pno-such-profile verfy
              - run: helm lint helm/no-such-chart
        """;

    // when it is checked
    List<String> problems = check.check(bad);

    // then each mistake is reported, naming what is wrong
    assertThat(problems)
        .anyMatch(p -> p.contains("'actions/checkout@main' is not owner/repo@vN"))
        .anyMatch(p -> p.contains("'someone/deploy-everything@v1' is not a well-known action"))
        .anyMatch(p -> p.contains("module 'no-such-module' is not in the root pom"))
        .anyMatch(p -> p.contains("profile 'no-such-profile' is defined nowhere"))
        .anyMatch(p -> p.contains("'verfy' is not a lifecycle phase"))
        .anyMatch(p -> p.contains("path 'helm/no-such-chart' does not exist"))
        .hasSize(6);
    assertThat(check.modules()).contains("stream-scorer", "request-portal", "helm");
    assertThat(check.profiles()).contains("images");
  }

  private static Map<String, Object> load(String name) throws Exception {
    return new Yaml().load(Files.readString(REPO.resolve(".github/workflows").resolve(name)));
  }

  private static List<String> stepRuns(Map<String, Object> job) {
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    return steps.stream()
        .filter(s -> s.containsKey("run"))
        .map(s -> s.get("run").toString().strip())
        .toList();
  }

  private static Map<String, Object> step(Map<String, Object> job, String uses) {
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    return steps.stream()
        .filter(s -> uses.equals(s.get("uses")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No step uses " + uses + " in " + steps));
  }
}
