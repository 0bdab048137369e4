package io.creditstream.portal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditstream.avro.Decision;
import io.creditstream.avro.DriftReport;
import io.creditstream.avro.FeatureValue;
import io.creditstream.features.FeatureSet;
import io.creditstream.portal.Decisions;
import io.creditstream.portal.PortalWebSlice;
import io.creditstream.portal.ScorerDecisions;
import io.creditstream.portal.TestSettings;
import io.creditstream.portal.frontoffice.ApplicationPublisher;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.DriftStore;
import io.creditstream.portal.store.ModelCardStore;
import io.creditstream.portal.store.StoreFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@PortalWebSlice
class AuditControllerTest {

  /** The replay-reports-dir of the test profile. */
  static final Path REPORTS = Path.of("target/test-replay-reports");

  @Autowired MockMvc mvc;
  @Autowired DecisionStore store;
  @Autowired DriftStore drift;
  @Autowired ModelCardStore cards;
  @MockitoBean ApplicationPublisher publisher;

  static RequestPostProcessor auditor() {
    return user("alice").roles("AUDITOR");
  }

  @BeforeAll
  static void writeReports() throws Exception {
    Files.createDirectories(REPORTS);
    Files.writeString(REPORTS.resolve("replay-2026-11-24.json"), "{\"identical\":1000}");
    Files.writeString(REPORTS.resolve("replay-2026-11-24.html"), "<h1>Replay</h1>");
    Files.writeString(REPORTS.getParent().resolve("outside-secret.json"), "{\"secret\":true}");
    Path link = REPORTS.resolve("escape.json");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of("../outside-secret.json"));
  }

  @Test
  void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
    mvc.perform(get("/audit")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    mvc.perform(get("/audit/api/distributions")).andExpect(status().isFound());
  }

  @Test
  void anApiKeyDoesNotOpenTheAuditorPages() throws Exception {
    mvc.perform(get("/audit").header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/login"));
  }

  @Test
  void aUserWithoutTheAuditorRoleIsForbidden() throws Exception {
    mvc.perform(get("/audit").with(user("bob").roles("FRONT_OFFICE")))
        .andExpect(status().isForbidden());
  }

  @Test
  void loginNeedsTheCsrfTokenAndTheRightPassword() throws Exception {
    mvc.perform(
            post("/login")
                .param("username", "alice")
                .param("password", TestSettings.AUDITOR_PASSWORD))
        .andExpect(status().isForbidden());
    mvc.perform(post("/login").with(csrf()).param("username", "alice").param("password", "wrong"))
        .andExpect(redirectedUrl("/login?error"));
    mvc.perform(
            post("/login")
                .with(csrf())
                .param("username", "alice")
                .param("password", TestSettings.AUDITOR_PASSWORD))
        .andExpect(redirectedUrl("/audit"));
  }

  @Test
  void theLoginFormCarriesACsrfToken() throws Exception {
    mvc.perform(get("/login"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("name=\"_csrf\"")))
        .andExpect(content().string(Matchers.containsString("<label for=\"password\"")));
  }

  @Test
  void searchFindsDecisionsByClientOutcomeAndModelVersion() throws Exception {
    // given: two decisions of one client, one of another
    // A client of its own per run, in a range no other test's fixed client ids use (it once drew
    // 400400, the paging test's client, whose second page then held 12 decisions instead of 10).
    long client = 9_400_000 + (System.nanoTime() % 10_000);
    String approved = UUID.randomUUID().toString();
    String declined = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    Instant at = Instant.parse("2026-11-25T10:00:01Z");
    StoreFixtures.put(store, ScorerDecisions.approvedAt(approved, client, at));
    StoreFixtures.put(store, ScorerDecisions.declinedAt(declined, client, at));
    StoreFixtures.put(store, ScorerDecisions.declinedAt(other, client + 1, at));
    // when / then: by client
    mvc.perform(get("/audit").with(auditor()).param("clientId", Long.toString(client)))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString(approved)))
        .andExpect(content().string(Matchers.containsString(declined)))
        .andExpect(content().string(Matchers.not(Matchers.containsString(other))));
    // by client and outcome, time range and model version
    mvc.perform(
            get("/audit")
                .with(auditor())
                .param("clientId", Long.toString(client))
                .param("outcome", "DECLINED")
                .param("from", "2026-11-25")
                .param("to", "2026-11-25T10:01")
                .param("modelVersion", ScorerDecisions.modelVersion()))
        .andExpect(content().string(Matchers.containsString(declined)))
        .andExpect(content().string(Matchers.not(Matchers.containsString(approved))));
    // a time range that excludes them
    mvc.perform(
            get("/audit")
                .with(auditor())
                .param("clientId", Long.toString(client))
                .param("to", "2026-11-25"))
        .andExpect(content().string(Matchers.not(Matchers.containsString(declined))));
  }

  @Test
  void badSearchCriteriaAreNamed() throws Exception {
    mvc.perform(get("/audit").with(auditor()).param("clientId", "abc").param("from", "yesterday"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("clientId, from")));
  }

  @Test
  void aRecordShowsEverythingNeededToReproduceTheDecision() throws Exception {
    // given: the scorer's decision (sealed, current format) and the card of its model
    String app = UUID.randomUUID().toString();
    Decision decision =
        ScorerDecisions.declinedAt(app, 400100, Instant.parse("2026-11-25T10:00:01Z"));
    StoreFixtures.put(store, decision);
    StoreFixtures.put(cards, ScorerDecisions.release());
    mvc.perform(get("/audit/decisions/" + app).with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString(decision.getContentHash())))
        .andExpect(content().string(Matchers.containsString(ScorerDecisions.modelVersion())))
        .andExpect(content().string(Matchers.containsString(FeatureSet.current().version())))
        .andExpect(content().string(Matchers.containsString("scorer-test-1")))
        // the application's OWN_CAR_AGE is empty (no car): the model read it as missing
        .andExpect(content().string(Matchers.containsString("<code>OWN_CAR_AGE</code>")))
        .andExpect(content().string(Matchers.containsString("missing")))
        .andExpect(content().string(Matchers.containsString("2026-11-25T09:59:00Z")));
    mvc.perform(get("/audit/decisions/unknown").with(auditor())).andExpect(status().isNotFound());
  }

  @Test
  void aRecordShowsTheCounterOfferExactly() throws Exception {
    // given a decline with a counter-offer, and one recorded before the scorer searched
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.groupedDecision(app, 400110));
    String older = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.decision(older, 400111, 0.9));

    // when / then: the exact values and the search that found them
    String page =
        mvc.perform(get("/audit/decisions/" + app).with(auditor()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("<code id=\"record-counter-offer-amount\">483000.0</code>")
        .contains("<code>24150.0</code>")
        .contains("<code>434700.0</code>")
        .contains("<code>0.074</code>")
        .contains("<code>counter-offer-grid-v1</code>");
    mvc.perform(get("/audit/decisions/" + older).with(auditor()))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .string(
                    Matchers.containsString(
                        "none recorded (decided before the scorer searched for counter-offers)")));
  }

  @Test
  void aCompactRecordIsShownWithItsModelsFeatureNamesAndItsExplainer() throws Exception {
    // given a schema v2 decision (unnamed vector) and the card that names its features
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.compactDecision(app, 400101, 0.9));
    StoreFixtures.put(cards, Decisions.release());

    // then the page names each value from the card and says which explainer made the reasons
    String page =
        mvc.perform(get("/audit/decisions/" + app).with(auditor()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("treeshap-table-v1").contains("568800.0");
    assertThat(page.indexOf("<code>OWN_CAR_AGE</code>"))
        .isGreaterThan(page.indexOf("<code>AMT_CREDIT</code>"))
        .isPositive();
    assertThat(page.substring(page.indexOf("<code>OWN_CAR_AGE</code>"))).contains("missing");
  }

  @Test
  void aFloat32RecordShowsTheFeaturesAsTheModelReadThem() throws Exception {
    // given a compact (v4) decision: float32 features, and the card that names them
    String app = UUID.randomUUID().toString();
    StoreFixtures.put(store, Decisions.float32Decision(app, 400103, 0.9));
    StoreFixtures.put(cards, Decisions.release());

    // when an auditor opens it
    String page =
        mvc.perform(get("/audit/decisions/" + app).with(auditor()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

    // then each value is named from the card and shown with a float32's digits ("0.789"), not as
    // the double it widens to; the missing one says so; the reasons are there
    assertThat(page).contains("<code>EXT_SOURCE_2</code>").contains("0.789").contains("0.159");
    assertThat(page).doesNotContain(Double.toString((float) 0.789));
    assertThat(page.substring(page.indexOf("<code>OWN_CAR_AGE</code>"))).contains("missing");
    assertThat(page).contains("Your external credit score weighed against your application.");
    // and the stored view (the API's JSON) says which form the record has, with the exact values
    var view = io.creditstream.portal.store.DecisionView.of(Decisions.float32Decision(app, 1, 0.9));
    assertThat(view.featureEncoding()).isEqualTo("float32");
    assertThat(view.featureVector())
        .containsExactly((double) 0.789f, (double) 0.159f, 568800.0, null);
  }

  @Test
  void aCompactRecordWithoutItsCardShowsItsValuesByPosition() throws Exception {
    // given a v2 decision of a model whose release the portal has not seen
    String app = UUID.randomUUID().toString();
    Decision d = Decisions.compactDecision(app, 400102, 0.9);
    d.setModelVersion("feedfacefeedface");
    StoreFixtures.put(store, d);

    // then the values are still shown, numbered, and the missing card is said
    mvc.perform(get("/audit/decisions/" + app).with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("<code>#2</code>")))
        .andExpect(content().string(Matchers.containsString("568800.0")))
        .andExpect(content().string(Matchers.containsString("model card not seen")));
  }

  @Test
  void distributionsCountOutcomesPerDayAndScoresPerModelVersion() throws Exception {
    Decision d =
        ScorerDecisions.declinedAt(
            UUID.randomUUID().toString(), 400200, Instant.parse("2026-11-25T10:00:01Z"));
    StoreFixtures.put(store, d);
    String version = ScorerDecisions.modelVersion();
    // the decision's bin of 20 equal bins of the probability
    int bin = Math.min(19, (int) (d.getProbabilityOfDefault() * 20));
    mvc.perform(get("/audit/api/distributions").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(
            jsonPath("$.outcomesByDay['" + version + "']['2026-11-25'].DECLINED")
                .value(Matchers.greaterThanOrEqualTo(1)))
        .andExpect(jsonPath("$.scoreHistograms['" + version + "'].length()").value(20))
        .andExpect(
            jsonPath("$.scoreHistograms['" + version + "'][" + bin + "]")
                .value(Matchers.greaterThanOrEqualTo(1)));
  }

  @Test
  void driftPageListsTheReportsWorstFeatureFirst() throws Exception {
    StoreFixtures.put(
        drift,
        DriftReport.newBuilder()
            .setModelVersion(Decisions.MODEL_VERSION)
            .setScorerInstance("scorer-a")
            .setWindowStart(Instant.parse("2026-11-25T09:00:00Z"))
            .setWindowEnd(Instant.parse("2026-11-25T10:00:00Z"))
            .setCount(1234)
            .setPsi(Map.of("EXT_SOURCE_3", 0.31, "AMT_CREDIT", 0.02))
            .build());
    mvc.perform(get("/audit/drift").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("scorer-a")))
        .andExpect(content().string(Matchers.containsString("1234")))
        .andExpect(content().string(Matchers.containsString("0.310")));
  }

  @Test
  void replayReportsAreListedAndServedSandboxed() throws Exception {
    mvc.perform(get("/audit/replays").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("replay-2026-11-24.json")))
        .andExpect(content().string(Matchers.containsString("replay-2026-11-24.html")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("escape.json"))));
    mvc.perform(get("/audit/replays/replay-2026-11-24.json").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string("{\"identical\":1000}"));
    mvc.perform(get("/audit/replays/replay-2026-11-24.html").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Security-Policy", Matchers.startsWith("sandbox")));
  }

  @Test
  void replayReportsCannotLeadOutOfTheirDirectory() throws Exception {
    // a symbolic link pointing outside
    mvc.perform(get("/audit/replays/escape.json").with(auditor())).andExpect(status().isNotFound());
    // encoded traversal: refused by the firewall or by the name check, never served
    mvc.perform(get("/audit/replays/..%2Foutside-secret.json").with(auditor()))
        .andExpect(status().is4xxClientError())
        .andExpect(content().string(Matchers.not(Matchers.containsString("secret"))));
    mvc.perform(get("/audit/replays/.hidden.json").with(auditor()))
        .andExpect(status().isNotFound());
  }

  @Test
  void replayReportsNeedTheAuditorRole() throws Exception {
    mvc.perform(get("/audit/replays/replay-2026-11-24.json")).andExpect(status().isFound());
  }

  @Test
  void aRecordIsInSectionsWithCategoriesByNameAndHistoryApart() throws Exception {
    // given: a decision whose inputs hold a category code and a history aggregate
    String app = UUID.randomUUID().toString();
    String historyFeature = FeatureSet.current().historyFeatureNames().get(0);
    Decision d = Decisions.decision(app, 400300, 0.9);
    d.setFeatureValues(
        List.of(
            new FeatureValue("OCCUPATION_TYPE", 11.0),
            new FeatureValue("NAME_CONTRACT_TYPE", 0.0),
            new FeatureValue("AMT_CREDIT", 568800.0),
            new FeatureValue(historyFeature, 3.0)));
    StoreFixtures.put(store, d);
    // when
    String page =
        mvc.perform(get("/audit/decisions/" + app).with(auditor()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    // then: the five sections, in order, the long tables folded
    int at = -1;
    for (String section :
        List.of(
            "id=\"decision\"",
            "id=\"reasons\"",
            "id=\"application\"",
            "id=\"history\"",
            "id=\"model\"")) {
      assertThat(page.indexOf(section)).as(section).isGreaterThan(at);
      at = page.indexOf(section);
    }
    assertThat(page).contains("<details>");
    // categories by name (code 11 of OCCUPATION_TYPE is the 11th value of the vocabulary)
    assertThat(page)
        .contains("Cleaning staff (code 11)")
        .contains("missing (code 0)")
        .doesNotContain(">11.0<");
    // the history aggregate in the history table, not among the application's inputs
    String history = page.substring(page.indexOf("id=\"history\""), page.indexOf("id=\"model\""));
    assertThat(history).contains("<code>" + historyFeature + "</code>");
    String application =
        page.substring(page.indexOf("id=\"application\""), page.indexOf("id=\"history\""));
    assertThat(application).doesNotContain(historyFeature).contains("568800.0");
  }

  @Test
  void searchResultsArePagedNewestFirst() throws Exception {
    // given: 60 decisions of one client
    long client = 400400;
    for (int i = 0; i < 60; i++) {
      StoreFixtures.put(
          store,
          ScorerDecisions.approvedAt(
              UUID.randomUUID().toString(),
              client,
              Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i)));
    }
    // then: a first page of 50 with a link to the older ones
    mvc.perform(get("/audit").with(auditor()).param("clientId", Long.toString(client)))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("id=\"result-count\">50<")))
        .andExpect(content().string(Matchers.containsString("2026-11-25 10:00:59")))
        .andExpect(content().string(Matchers.containsString("id=\"older\"")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"newer\""))));
    // and: the second page holds the 10 oldest, links back, and goes no further
    mvc.perform(
            get("/audit")
                .with(auditor())
                .param("clientId", Long.toString(client))
                .param("page", "1"))
        .andExpect(content().string(Matchers.containsString("id=\"result-count\">10<")))
        .andExpect(content().string(Matchers.containsString("2026-11-25 10:00:00")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("2026-11-25 10:00:59"))))
        .andExpect(content().string(Matchers.containsString("id=\"newer\"")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"older\""))));
  }

  @Test
  void driftOnTooFewRecordsIsShownAsTooSmallNotAsDrift() throws Exception {
    StoreFixtures.put(
        drift,
        DriftReport.newBuilder()
            .setModelVersion(Decisions.MODEL_VERSION)
            .setScorerInstance("scorer-small")
            .setWindowStart(Instant.parse("2026-11-26T09:00:00Z"))
            .setWindowEnd(Instant.parse("2026-11-26T09:01:00Z"))
            .setCount(12)
            .setPsi(Map.of("EXT_SOURCE_3", 1.9))
            .build());
    String page =
        mvc.perform(get("/audit/drift").with(auditor()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("at least\n    <strong>500</strong> records");
    int at = page.indexOf("scorer-small");
    String row = page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    assertThat(row).contains("too few records to judge (12 &lt; 500)").doesNotContain("alert");
    // no max PSI column for it (the raw values stay folded under "show")
    assertThat(row).doesNotContain("<td>1.900</td>");
  }
}
