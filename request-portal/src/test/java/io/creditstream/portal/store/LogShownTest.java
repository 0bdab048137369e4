package io.creditstream.portal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the mirror's log lines show of a string a record's writer chose. */
class LogShownTest {

  @Test
  void aWritersStringCannotForgeALogLineNorFloodOne() {
    // an application id that would start a forged log line, by each kind of line break
    assertThat(TopicMirror.shown("app-1\n2026-12-07 INFO all clear\r\u2028\u2029\u0085"))
        .isEqualTo("app-1?2026-12-07 INFO all clear????")
        .doesNotContain("\n");
    assertThat(TopicMirror.shown("x".repeat(10_000))).hasSize(67).endsWith("...");
    assertThat(TopicMirror.shown(null)).isEqualTo("null");
    assertThat(TopicMirror.shown("app-2")).isEqualTo("app-2");
  }
}
