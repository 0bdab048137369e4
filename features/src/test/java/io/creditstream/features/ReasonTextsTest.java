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
  void frenchVerbsAgreeWithPluralSubjects() {
    // "Vos crédits ..." and "Vos demandes ..." are plural: "ont joué", "ont pesé"
    assertThat(texts.text("bureau", false, Locale.FRENCH))
        .isEqualTo(
            "Vos crédits auprès d'autres prêteurs, selon le bureau de crédit ont joué en faveur"
                + " de votre demande.");
    assertThat(texts.text("previous_application", true, Locale.FRENCH))
        .isEqualTo("Vos demandes de crédit précédentes chez nous ont pesé contre votre demande.");
    // a singular subject keeps the singular verb, and English does not change
    assertThat(texts.text("DAYS_BIRTH", true, Locale.FRENCH))
        .isEqualTo("Votre âge a pesé contre votre demande.");
    assertThat(texts.text("bureau", true, Locale.ENGLISH))
        .isEqualTo(
            "Your loans with other lenders, as reported by the credit bureau weighed against"
                + " your application.");
  }

  @Test
  void givesTheSubjectOfASourceOrOfAFeatureInEachLanguage() {
    assertThat(texts.subject("DAYS_BIRTH", Locale.ENGLISH)).isEqualTo("Your age");
    assertThat(texts.subject("EXT_SOURCES_MEAN", Locale.FRENCH))
        .isEqualTo("L'ensemble de vos scores de crédit externes");
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
