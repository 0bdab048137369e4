package io.creditstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReasonTextsTest {
  private final ReasonTexts texts = ReasonTexts.load();

  @Test
  void hasEnglishAndFrenchTextsForEverySourceOfTheFeatureSet() {
    for (String source : FeatureSet.current().sources()) {
      String en = texts.text(source, true, Locale.ENGLISH);
      String fr = texts.text(source, true, Locale.FRENCH);
      assertThat(en).as(source).isNotBlank().isNotEqualTo(fr);
      assertThat(texts.text(source, false, Locale.ENGLISH)).as(source).isNotEqualTo(en);
    }
  }

  @Test
  void saysInPlainWordsWhetherTheExternalScoreRaisedOrLoweredTheRisk() {
    assertThat(texts.text("EXT_SOURCE_2", true, Locale.ENGLISH))
        .isEqualTo("Your external credit score weighed against your application.");
    assertThat(texts.text("EXT_SOURCE_2", false, Locale.CANADA_FRENCH))
        .isEqualTo("Votre score de crédit externe a joué en faveur de votre demande.");
    assertThat(texts.text("installments_payments", true, Locale.UK))
        .startsWith("Your repayment history on previous instalments");
  }

  @Test
  void mapsAFeatureNameToItsSource() {
    assertThat(texts.text("INSTAL_DPD_MAX", true, Locale.ENGLISH))
        .isEqualTo(texts.text("installments_payments", true, Locale.ENGLISH));
  }

  @Test
  void refusesAnUnknownSource() {
    assertThatThrownBy(() -> texts.text("NO_SUCH_COLUMN", true, Locale.ENGLISH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NO_SUCH_COLUMN");
  }
}
