package io.creditstream.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code helm lint --strict} on the chart, through the Helm library helm-java bundles. helm-java's
 * lint takes no values file, and the chart refuses to render without a sealing key, so the chart is
 * linted as an installer has it: a copy whose values.yaml also holds the test's seal values.
 */
class ChartLintTest {

  @Test
  void lintsCleanEvenInStrictMode(@TempDir Path work) throws IOException {
    // given the chart as committed, with the values every install must give
    Helm chart = new Helm(RenderedChart.copyWithRequiredValues(work));

    // when it is linted strictly (warnings count as failures)
    LintResult result = chart.lint().strict().call();

    // then nothing is reported beyond informational notes
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
  }

  @Test
  void theRequiredValuesFileOnlySetsTheSealingAndReleaseKeys() throws IOException {
    // the copy used above differs from the chart by the seal and release-key values only
    Map<String, Object> required =
        new Yaml().load(Files.readString(RenderedChart.resource(RenderedChart.REQUIRED_VALUES)));
    assertThat(required).containsOnlyKeys("seal", "modelReleases");
  }
}
