package io.creditstream.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict} on the chart, through the Helm library helm-java bundles. */
class ChartLintTest {

  @Test
  void lintsCleanEvenInStrictMode() {
    // given the chart as committed
    Helm chart = new Helm(RenderedChart.chart());

    // when it is linted strictly (warnings count as failures)
    LintResult result = chart.lint().strict().call();

    // then nothing is reported beyond informational notes
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
  }
}
