package io.creditstream.portal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditstream.avro.Decision;
import io.creditstream.features.FeatureSet;
import io.creditstream.portal.Decisions;
import io.creditstream.portal.MutableClock;
import io.creditstream.portal.PortalWebSlice;
import io.creditstream.portal.ScorerDecisions;
import io.creditstream.portal.frontoffice.ApplicationPublisher;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.ops.PortalMetrics;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.ModelCardStore;
import io.creditstream.portal.store.StoreFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The client's page as a person reads it: words and units, their own language, no model-internal
 * name, the next steps after a decline, any other status shown plainly.
 */
@PortalWebSlice
public class ClientPageTest {

  @Autowired MockMvc mvc;
  @Autowired MutableClock clock;
  @Autowired LinkCredentials credentials;
  @Autowired DecisionStore store;
  @Autowired ModelCardStore cards;
  @Autowired ClientViews views;
  @Autowired PortalMetrics metrics;
  @Autowired ITemplateEngine templates;
  @MockitoBean ApplicationPublisher publisher;

  /**
   * Every identifier of the model a client could be shown by mistake: feature names, their groups,
   * the categorical columns, the history tables. Groups that are plain words ("documents",
   * "building", "bureau" — also a French word) cannot be told from prose and are left out; every
   * other one has an underscore or capitals that no sentence has.
   */
  public static Set<String> internalNames() {
    Set<String> names = new TreeSet<>();
    FeatureSet fs = FeatureSet.current();
    names.addAll(fs.names());
    names.addAll(fs.sources());
    names.addAll(fs.vocabularies().keySet());
    names.addAll(
        List.of(
            "SK_ID_CURR",
            "EXT_SOURCE",
            "previous_application",
            "POS_CASH_balance",
            "installments_payments",
            "credit_card_balance",
            "bureau_balance"));
    names.removeIf(n -> !n.contains("_") && !n.equals(n.toUpperCase(Locale.ROOT)));
    return names;
  }

  /** The internal names found in a page, as whole words. */
  public static List<String> internalNamesIn(String text) {
    List<String> found = new ArrayList<>();
    for (String name : internalNames()) {
      if (Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])")
          .matcher(text)
          .find()) {
        found.add(name);
      }
    }
    return found;
  }

  private String link(String applicationId, long clientId) {
    return credentials.issue(applicationId, clientId, clock.instant().plus(Duration.ofDays(1)));
  }

  private String page(String credential, String lang) throws Exception {
    String html =
        mvc.perform(get("/c/" + credential).param("lang", lang))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    // The credential is random base64url: leave it out of the search.
    return html.replace(credential, "");
  }

  @Test
  void theInternalNameCheckFindsANameWhereThereIsOne() {
    // The check below is only worth something if it can fail.
    assertThat(internalNamesIn("Your value <b>EXT_SOURCE_3</b> and POS_CASH_balance, bureau."))
        .contains("EXT_SOURCE_3", "POS_CASH_balance");
    assertThat(internalNamesIn("Vos crédits, selon le bureau de crédit ; 25 %")).isEmpty();
    assertThat(internalNames()).contains("DAYS_BIRTH", "EXT_SOURCES_MEAN", "OCCUPATION_TYPE");
  }

  @Test
  void aDeclinedPageNamesNoModelInputInEnglishOrFrench() throws Exception {
    // given: a decline whose reasons are history tables, external scores and the age
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.groupedDecision(app, 310001));
    StoreFixtures.put(cards, Decisions.groupedRelease());
    String credential = link(app, 310001);
    for (String lang : List.of("en", "fr")) {
      // when
      String html = page(credential, lang);
      // then: no internal name anywhere in the page, and the groups are there in words
      assertThat(internalNamesIn(html)).as(lang).isEmpty();
      assertThat(html).as(lang).contains("id=\"population\"").contains("id=\"next-steps\"");
      String json =
          mvc.perform(
                  get("/client/api/applications/" + app)
                      .param("credential", credential)
                      .param("lang", lang))
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(internalNamesIn(json)).as(lang + " JSON").isEmpty();
    }
  }

  @Test
  void theScorersOwnDeclinePageNamesNoModelInputInEnglishOrFrench() throws Exception {
    // given: a decline made by the scorer's own code for a client with a history, with the
    // reasons it chose (history tables among them), and its card
    String app = UUID.randomUUID().toString();
    Decision decision = ScorerDecisions.declinedWithHistory(app, 310011);
    assertThat(decision.getReasons())
        .as("the scorer's reasons name a history table")
        .anySatisfy(
            r ->
                assertThat(r.getFeature())
                    .isIn("bureau", "previous_application", "POS_CASH_balance"));
    StoreFixtures.put(store, decision);
    StoreFixtures.put(cards, ScorerDecisions.release());
    String credential = link(app, 310011);
    for (String lang : List.of("en", "fr")) {
      // when
      String html = page(credential, lang);
      // then: no internal name anywhere, the reasons, the population and what to do are there
      assertThat(internalNamesIn(html)).as(lang).isEmpty();
      assertThat(html)
          .as(lang)
          .contains("id=\"reasons\"")
          .contains("id=\"population\"")
          .contains("id=\"next-steps\"");
      String json =
          mvc.perform(
                  get("/client/api/applications/" + app)
                      .param("credential", credential)
                      .param("lang", lang))
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(internalNamesIn(json)).as(lang + " JSON").isEmpty();
    }
  }

  @Test
  void valuesAreInYearsMonthsMoneyAndPercentagesNotDayCounts() throws Exception {
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.groupedDecision(app, 310002));
    StoreFixtures.put(cards, Decisions.groupedRelease());
    String html = page(link(app, 310002), "en");
    // -9000 days before the application: 24 years 8 months
    assertThat(html).contains("Your value: 24 years 8 months").doesNotContain("-9000");
    // the age ranges read from the youngest up, in years and months, never negative days
    assertThat(html)
        .contains("under 27 years 5 months")
        .contains("27 years 5 months to 32 years 10 months")
        .contains("54 years 9 months or more")
        .doesNotContain("-20000")
        .doesNotContain("-5274");
    // the external scores appear once, together, out of 100 (0.41 → 41)
    assertThat(html)
        .contains("Your external credit scores taken together")
        .contains("41 out of 100");
    // the gauge: 20.7% against 8.1%, on a scale that ends at 25%, not 100%
    assertThat(html)
        .contains(
            "Your estimated risk of not repaying is 20.7%; we decline applications from 8.1%.")
        .contains("That is 12.6 percentage points above our limit.")
        .contains(">25%<");
  }

  @Test
  void frenchReadsAsFrench() throws Exception {
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.groupedDecision(app, 310003));
    StoreFixtures.put(cards, Decisions.groupedRelease());
    String html = page(link(app, 310003), "fr");
    assertThat(html).contains("lang=\"fr\"");
    // plural subjects take a plural verb
    assertThat(html)
        .contains("Vos crédits auprès d&#39;autres prêteurs, selon le bureau de crédit ont pesé")
        .contains("Vos demandes de crédit précédentes chez nous ont joué en faveur")
        .doesNotContain("précédentes chez nous a joué");
    // percentages with a non-breaking space before the sign, decimals with a comma
    assertThat(html).contains("20,7\u00a0%").contains("8,1\u00a0%").doesNotContain("20,7 %");
    assertThat(html.replaceAll("style=\"[^\"]*\"", "")).doesNotContainPattern("\\d%");
    assertThat(html).contains("24 ans 8 mois");
  }

  @Test
  void anUnsupportedLanguageGivesEnglishAndSaysSo() throws Exception {
    String app = UUID.randomUUID().toString();
    String html = page(link(app, 310004), "de");
    assertThat(html).contains("lang=\"en\"").doesNotContain("lang=\"de\"");
    assertThat(html).contains("Your application is being assessed");
  }

  @Test
  void aDeclinedClientIsToldHowToAskForAPersonAndWhomToContact() throws Exception {
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, ScorerDecisions.declined(app, 310005));
    String html = page(link(app, 310005), "en");
    assertThat(html)
        .contains("What you can do now")
        .contains("You can ask for a person to review this decision")
        .contains(app)
        // the contact details configured in application-test.properties
        .contains("Creditstream customer care")
        .contains("href=\"tel:+33123456789\"")
        .contains("href=\"mailto:care@creditstream.example\"");
  }

  @Test
  void aDeclinedClientIsOfferedTheLargestAmountWeWouldLendInWordsAndCurrency() throws Exception {
    // given: a decline with the counter-offer the scorer found: 483,000 on the same terms
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.groupedDecision(app, 310008));
    StoreFixtures.put(cards, Decisions.groupedRelease());
    String credential = link(app, 310008);

    // when: the client reads the page in English
    String en = page(credential, "en");

    // then: the amount, the monthly repayment and the purchase it covers, in euros; inside the
    // next steps, after the right to a review and before the contact, which are all still there
    assertThat(en)
        .contains("A smaller loan we could grant")
        .contains(
            "On the same terms (the same length and interest rate), we could lend you €483,000"
                + " for a purchase of up to €434,700, repaid at €24,150 a month.")
        .contains("If this amount suits you, contact us with your application reference")
        .contains("You can ask for a person to review this decision")
        .contains("Creditstream customer care")
        .contains("If your situation changes");
    int steps = en.indexOf("id=\"next-steps\"");
    int review = en.indexOf("id=\"next-review\"");
    int offer = en.indexOf("id=\"counter-offer\"");
    int contact = en.indexOf("id=\"contact\"");
    assertThat(steps).isPositive().isLessThan(review);
    assertThat(review).isLessThan(offer);
    assertThat(offer).isLessThan(contact);
    assertThat(internalNamesIn(en)).isEmpty();

    // and in French, as a French reader writes amounts: 483 000 € (narrow no-break space between
    // thousands, no-break space before the sign)
    String fr = page(credential, "fr");
    assertThat(fr)
        .contains("Un montant plus faible que nous pourrions vous accorder")
        .contains(
            "Aux mêmes conditions (même durée, même taux), nous pourrions vous prêter"
                + " 483\u202f000\u00a0€ pour un achat d’un montant maximal de 434\u202f700\u00a0€,"
                + " avec des mensualités de 24\u202f150\u00a0€.")
        .contains("Si ce montant vous convient, contactez-nous en indiquant la référence")
        .contains("demander qu&#39;une personne réexamine cette décision");
    assertThat(internalNamesIn(fr)).isEmpty();

    // and the JSON behind the page carries the same words
    String json =
        mvc.perform(
                get("/client/api/applications/" + app)
                    .param("credential", credential)
                    .param("lang", "en"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(json).contains("\"counterOffer\"").contains("€483,000").contains("€24,150");
  }

  @Test
  void aReviewedClientIsToldTheOfferGoesThroughTheAdviser() {
    var d = Decisions.groupedDecision("co-review", 1);
    d.setOutcome(io.creditstream.avro.Outcome.REVIEW);
    var offer = views.decided(io.creditstream.portal.store.DecisionView.of(d), Locale.ENGLISH);
    assertThat(offer.counterOffer().how()).startsWith("If this amount suits you, tell the adviser");
    assertThat(offer.counterOffer().amount()).isEqualTo("€483,000");
  }

  @Test
  void noOfferIsShownWhenTheScorerFoundNoneOrDidNotLook() throws Exception {
    // found none: the search ran, no amount
    var none = Decisions.groupedDecision("co-none", 1);
    none.getCounterOffer().setAmount(null);
    none.getCounterOffer().setAnnuity(null);
    none.getCounterOffer().setGoodsPrice(null);
    none.getCounterOffer().setProbabilityOfDefault(null);
    // did not look: a decision from before the search
    var older = Decisions.groupedDecision("co-older", 1);
    older.setCounterOffer(null);
    for (var d : List.of(none, older)) {
      assertThat(
              views
                  .decided(io.creditstream.portal.store.DecisionView.of(d), Locale.ENGLISH)
                  .counterOffer())
          .isNull();
    }
    // and the page of a decline without one has its next steps but no offer
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.decision(app, 310009, 0.83));
    String html = page(link(app, 310009), "en");
    assertThat(html).contains("id=\"next-steps\"").doesNotContain("id=\"counter-offer\"");
  }

  @Test
  void anApprovedClientGetsNoNextSteps() throws Exception {
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, ScorerDecisions.approved(app, 310006));
    String html = page(link(app, 310006), "en");
    assertThat(html).contains("Your application is approved").doesNotContain("id=\"next-steps\"");
  }

  @Test
  void anyOtherFinalStatusIsShownPlainlyWithWhatToDo() {
    // given: a status this page does not know (a refused application, from another change)
    ClientView refused =
        new ClientView(
            "app-refused",
            "REFUSED",
            "A required figure was missing from your application.",
            null,
            "We could not process your application",
            null,
            null,
            null,
            null,
            null,
            List.of(),
            List.of(),
            Instant.parse("2026-11-25T10:00:00Z"),
            null,
            null);
    for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
      Context context = new Context(locale);
      context.setVariable("view", refused);
      context.setVariable(
          "contact",
          new io.creditstream.portal.config.PortalProperties.Contact(null, null, null, null, null));
      // when: the result part of the page renders it
      String html = templates.process("client", Set.of("result"), context);
      // then: its own text, a plain message, next steps and a contact, no decision parts
      assertThat(html).contains("A required figure was missing from your application.");
      assertThat(html).contains("id=\"unprocessed-section\"").contains("id=\"next-steps\"");
      assertThat(html).doesNotContain("id=\"score-section\"");
      assertThat(html)
          .contains(
              locale == Locale.FRENCH
                  ? "l&#39;agence ou le site qui a pris votre demande"
                  : "the branch or website that took your application");
    }
  }

  @Test
  void theResultPartIsTheSameTemplateAndCountsTheDecisionShown() throws Exception {
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, ScorerDecisions.declined(app, 310007));
    double before =
        metrics.count(
            "creditstream.portal.decisions.shown", "outcome", "DECLINED", "via", "update");
    String html =
        mvc.perform(get("/c/" + link(app, 310007) + "/result"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(html).startsWith("<div id=\"result\">").contains("Your application is declined");
    assertThat(html).doesNotContain("<html");
    assertThat(
            metrics.count(
                "creditstream.portal.decisions.shown", "outcome", "DECLINED", "via", "update"))
        .isEqualTo(before + 1);
  }

  @Test
  void aCloseRiskLooksCloseAndAFarOneFar() {
    // 9.2% and 20.7% against 8.1%: the scale adapts, both stay inside it, the limit too
    var close = views.decided(viewOf(0.092, 0.081), Locale.ENGLISH).gauge();
    var far = views.decided(viewOf(0.207, 0.081), Locale.ENGLISH).gauge();
    assertThat(close.scaleEnd()).isEqualTo("15%");
    assertThat(far.scaleEnd()).isEqualTo("25%");
    assertThat(close.yourPosition() - close.limitPosition()).isBetween(5.0, 10.0);
    assertThat(far.yourPosition() - far.limitPosition()).isGreaterThan(45.0);
    assertThat(close.comparison()).isEqualTo("That is 1.1 percentage points above our limit.");
  }

  private static io.creditstream.portal.store.DecisionView viewOf(double p, double threshold) {
    var d = Decisions.decision("g-" + p, 1, p);
    d.setThreshold(threshold);
    return io.creditstream.portal.store.DecisionView.of(d);
  }
}
