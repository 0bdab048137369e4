package io.creditstream.features.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapingTest {

  @Test
  void escapesWhatCouldOpenAnElementOrCloseAnAttribute() {
    assertThat(Escaping.html("<script>alert('x') & \"y\"</script>"))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  }

  @Test
  void leavesOrdinaryTextAloneAndNullEmpty() {
    assertThat(Escaping.html("Spouse, partner — 25–40 ans"))
        .isEqualTo("Spouse, partner — 25–40 ans");
    assertThat(Escaping.html(null)).isEmpty();
  }
}
