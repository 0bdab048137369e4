package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The HTML report is data: whatever a record holds is shown as text, never run. */
class HtmlReportTest {

  @Test
  void textFromRecordsIsEscapedAndThePageHasNoScript() {
    // given a report whose finding carries markup in its application id and details
    ReplaySummary summary = new ReplaySummary(10, Set.of());
    summary.add(
        new Verdict(
            "<script>alert(1)</script>",
            1,
            0,
            5,
            "v\"1",
            Verdict.Status.DIFFERENT,
            true,
            java.util.List.of("outcome: <b>recorded</b> & replayed"),
            Verdict.Check.NOT_CHECKED,
            Verdict.Check.NOT_USED,
            java.util.List.of(),
            0.2,
            0.3,
            io.creditstream.avro.Outcome.APPROVED,
            io.creditstream.avro.Outcome.DECLINED),
        false);
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("report", "replay-20261125T000000Z");
    report.setAll(summary.toJson());

    // when rendered
    String html = HtmlReport.render(report);

    // then the markup is text, the findings banner shows, and plots are inline SVG
    assertThat(html).doesNotContain("<script").doesNotContain("<b>recorded");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("&lt;b&gt;recorded&lt;/b&gt; &amp; replayed");
    assertThat(html).contains("Findings: 1 of 1 decision(s) different");
    assertThat(html).contains("<svg");
  }
}
