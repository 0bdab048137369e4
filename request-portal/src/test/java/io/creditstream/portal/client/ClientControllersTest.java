package io.creditstream.portal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditstream.avro.Decision;
import io.creditstream.avro.ModelRelease;
import io.creditstream.portal.Decisions;
import io.creditstream.portal.MutableClock;
import io.creditstream.portal.PortalWebSlice;
import io.creditstream.portal.ScorerDecisions;
import io.creditstream.portal.frontoffice.ApplicationPublisher;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.DecisionView;
import io.creditstream.portal.store.ModelCardStore;
import io.creditstream.portal.store.RefusalStore;
import io.creditstream.portal.store.RefusalView;
import io.creditstream.portal.store.StoreFixtures;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@PortalWebSlice
class ClientControllersTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired MockMvc mvc;
  @Autowired MutableClock clock;
  @Autowired LinkCredentials credentials;
  @Autowired DecisionStore store;
  @Autowired RefusalStore refusals;
  @Autowired ModelCardStore cards;
  @Autowired LiveDecisions live;
  @MockitoBean ApplicationPublisher publisher;

  private String newApplication() {
    return UUID.randomUUID().toString();
  }

  private String link(String applicationId, long clientId) {
    return credentials.issue(applicationId, clientId, clock.instant().plus(Duration.ofDays(1)));
  }

  private static String forge(String credential) {
    // Change the first character of the signature: same shape, wrong MAC. (Not the last one: in
    // base64url its low bits are padding, so some changes there decode to the same MAC.)
    int at = credential.lastIndexOf('.') + 1;
    char first = credential.charAt(at);
    return credential.substring(0, at) + (first == 'A' ? 'B' : 'A') + credential.substring(at + 1);
  }

  @Test
  void pageShowsPendingStatusInALiveRegion() throws Exception {
    String app = newApplication();
    mvc.perform(get("/c/" + link(app, 300001)))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString(app)))
        .andExpect(content().string(Matchers.containsString("aria-live=\"polite\"")))
        .andExpect(content().string(Matchers.containsString("Your application is being assessed")))
        // no inline script: only external files
        .andExpect(content().string(Matchers.not(Matchers.containsString("<script>"))));
  }

  @Test
  void pageSpeaksFrenchOnRequest() throws Exception {
    String app = newApplication();
    mvc.perform(get("/c/" + link(app, 300002)).param("lang", "fr"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("Votre demande est en cours d")))
        .andExpect(content().string(Matchers.containsString("lang=\"fr\"")));
  }

  @Test
  void pageRefusesAForgedLinkAndShowsNoData() throws Exception {
    String app = newApplication();
    StoreFixtures.put(store, ScorerDecisions.declined(app, 300003));
    mvc.perform(get("/c/" + forge(link(app, 300003))))
        .andExpect(status().isUnauthorized())
        .andExpect(content().string(Matchers.not(Matchers.containsString(app))))
        .andExpect(content().string(Matchers.not(Matchers.containsString("DECLINED"))));
  }

  @Test
  void pageRefusesAnExpiredLink() throws Exception {
    String app = newApplication();
    String credential = credentials.issue(app, 300004, clock.instant().plusSeconds(60));
    clock.advance(Duration.ofMinutes(2));
    mvc.perform(get("/c/" + credential)).andExpect(status().isUnauthorized());
  }

  @Test
  void jsonRefusesMissingForgedExpiredAndOtherApplicationsCredentials() throws Exception {
    String app = newApplication();
    StoreFixtures.put(store, ScorerDecisions.approved(app, 300005));
    String url = "/client/api/applications/" + app;
    // none
    mvc.perform(get(url)).andExpect(status().isUnauthorized());
    // forged
    mvc.perform(get(url).header("X-Client-Credential", forge(link(app, 300005))))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.outcome").doesNotExist());
    // expired
    String shortLived = credentials.issue(app, 300005, clock.instant().plusSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    mvc.perform(get(url).header("X-Client-Credential", shortLived))
        .andExpect(status().isUnauthorized());
    // valid, but for another application
    mvc.perform(get(url).header("X-Client-Credential", link(newApplication(), 300005)))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.outcome").doesNotExist());
    // garbage
    mvc.perform(get(url).param("credential", "../../etc/passwd"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void populationChartsReadACompactDecisionsVectorThroughItsModelCard() throws Exception {
    // given a schema v2 decision: the values are unnamed, the card's featureNames name them
    String app = newApplication();
    StoreFixtures.put(store, Decisions.compactDecision(app, 300007, 0.81));
    StoreFixtures.put(cards, Decisions.release());
    // when
    mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300007)))
        // then the client's bins come from the vector's values (0.159 and 0.789)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.population[0].label").value("Your second external credit score"))
        .andExpect(jsonPath("$.population[0].bins[0].yours").value(true))
        // the other external score is the same kind of thing: one table for the family
        .andExpect(jsonPath("$.population.length()").value(1));
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aCardThatIsNotAModelCardCostsThePageOnlyItsPopulationTables(CapturedOutput output)
      throws Exception {
    // given a v2 decision whose model's card is not JSON
    String app = newApplication();
    String version = "notjson000000001";
    Decision d = Decisions.compactDecision(app, 300011, 0.81);
    d.setModelVersion(version);
    StoreFixtures.put(store, d);
    StoreFixtures.put(
        cards,
        ModelRelease.newBuilder(Decisions.release())
            .setVersion(version)
            .setModelCard("{\"featureNames\": [not json")
            .build());
    // when the client reads it (twice: the card is read once)
    for (int i = 0; i < 2; i++) {
      mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300011)))
          // then the decision and its reasons, without population tables
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.outcome").value("DECLINED"))
          .andExpect(jsonPath("$.reasons.length()").value(3))
          .andExpect(jsonPath("$.population.length()").value(0));
    }
    // and a warning, once
    assertThat(output.getAll().split("Model card of " + version + " is not readable", -1))
        .hasSize(2);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aCardWithAMalformedFieldStillGivesThePopulationTables(CapturedOutput output)
      throws Exception {
    // given a v2 decision whose model's card has a threshold and metrics of the wrong type
    String app = newApplication();
    String version = "badfield00000001";
    Decision d = Decisions.compactDecision(app, 300012, 0.81);
    d.setModelVersion(version);
    StoreFixtures.put(store, d);
    String card =
        Decisions.release()
            .getModelCard()
            .replace("\"threshold\":0.5", "\"threshold\":\"high\",\"metrics\":[1]");
    assertThat(card).contains("\"threshold\":\"high\"");
    StoreFixtures.put(
        cards,
        ModelRelease.newBuilder(Decisions.release())
            .setVersion(version)
            .setModelCard(card)
            .build());
    // when the client reads it
    mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300012)))
        // then the tables come from the fields that are well formed
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.population[0].label").value("Your second external credit score"))
        .andExpect(jsonPath("$.population[0].bins[0].yours").value(true));
    // and the fields left out are named
    assertThat(output.getAll())
        .contains("Model card of " + version + ": left out what does not fit a model card")
        .contains("threshold")
        .contains("metrics");
  }

  @Test
  void aFloat32DecisionShowsItsReasonsAndPopulationCharts() throws Exception {
    // given a compact (v4) decision: the float32 values the model read, named by the card
    String app = newApplication();
    StoreFixtures.put(store, Decisions.float32Decision(app, 300010, 0.81));
    StoreFixtures.put(cards, Decisions.release());
    // when
    mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300010)))
        // then the client sees the reasons and their bins from the recorded values
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.reasons.length()").value(3))
        .andExpect(jsonPath("$.population[0].label").value("Your second external credit score"))
        .andExpect(jsonPath("$.population[0].bins[0].yours").value(true));
  }

  @Test
  void jsonShowsTheDecisionWithReasonsAndPopulationInFrench() throws Exception {
    // given: the scorer's decline of an application whose external scores are 0.12 and 0.15
    // (their mean 0.135), and the card of its model
    String app = newApplication();
    Decision d = ScorerDecisions.declined(app, 300006);
    StoreFixtures.put(store, d);
    StoreFixtures.put(cards, ScorerDecisions.release());
    // when
    String body =
        mvc.perform(
                get("/client/api/applications/" + app)
                    .param("credential", link(app, 300006))
                    .param("lang", "fr"))
            // then: the decision as the scorer made it
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("DECIDED"))
            .andExpect(jsonPath("$.outcome").value("DECLINED"))
            .andExpect(jsonPath("$.headline").value("Votre demande est refusée"))
            .andExpect(jsonPath("$.probability").value(d.getProbabilityOfDefault()))
            .andExpect(jsonPath("$.threshold").value(0.5))
            .andExpect(jsonPath("$.reasons.length()").value(d.getReasons().size()))
            .andReturn()
            .getResponse()
            .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    JsonNode json = JSON.readTree(body);
    assertThat(d.getReasons()).as("the scorer's reasons").hasSizeGreaterThanOrEqualTo(2);
    for (int i = 0; i < d.getReasons().size(); i++) {
      assertThat(json.at("/reasons/" + i + "/raisesRisk").asBoolean())
          .as("reason %d raises the risk", i)
          .isEqualTo(d.getReasons().get(i).getContribution() > 0);
    }
    // and: the external scores, one table for the family (each score and their mean are the same
    // kind of thing), the client's mean 0.135 in the first bin of the card's reference histogram
    JsonNode card = JSON.readTree(ScorerDecisions.release().getModelCard());
    JsonNode ref = card.at("/referenceStats/EXT_SOURCES_MEAN");
    double firstEdge = ref.at("/edges/0").asDouble();
    assertThat(firstEdge)
        .as("the card's first edge, above the client's 0.135")
        .isGreaterThan(0.135);
    List<JsonNode> external = new java.util.ArrayList<>();
    json.get("population")
        .forEach(
            t -> {
              if (t.get("label").asString().contains("scores de crédit externes")) {
                external.add(t);
              }
            });
    assertThat(external).as(body).hasSize(1);
    JsonNode table = external.get(0);
    assertThat(table.get("label").asString())
        .isEqualTo("L'ensemble de vos scores de crédit externes");
    assertThat(table.at("/bins/0/yours").asBoolean()).isTrue();
    assertThat(table.at("/bins/0/range").asString())
        .isEqualTo("moins de " + Math.round(firstEdge * 100) + " sur 100");
    assertThat(table.get("clientValue").asString()).isEqualTo("14 sur 100");
    // half of the first bin's clients lie below the client's value
    double first = ref.at("/goodCounts/0").asDouble() + ref.at("/badCounts/0").asDouble();
    double total = 0;
    for (int i = 0; i < ref.get("goodCounts").size(); i++) {
      total += ref.at("/goodCounts/" + i).asDouble() + ref.at("/badCounts/" + i).asDouble();
    }
    long percentile = Math.round(100 * first / 2 / total);
    assertThat(table.get("percentile").asLong()).isEqualTo(percentile);
    assertThat(table.get("sentence").asString()).contains(percentile + "\u00a0%");
  }

  @Test
  void aRefusedApplicationsPageSaysWhyAndWhatToDoInWordsInBothLanguages() throws Exception {
    // given: the scorer refused the application for two fields it names by their codes
    String app = newApplication();
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal(
            app,
            300020,
            "VALIDATION",
            "invalid application: AMT_ANNUITY: must be greater than 0 (got 0) [out_of_range];"
                + " DAYS_BIRTH: means an age of 109.0 years, the applicant must be 18 to 100"
                + " years old (got -39812) [out_of_range]",
            11));

    // when / then: a terminal status, the fields in words, what to do, and no code anywhere
    for (String lang : List.of("en", "fr")) {
      String body =
          mvc.perform(
                  get("/client/api/applications/" + app)
                      .param("credential", link(app, 300020))
                      .param("lang", lang))
              .andExpect(status().isOk())
              .andExpect(jsonPath("$.status").value("REFUSED"))
              .andReturn()
              .getResponse()
              .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(body)
          .doesNotContain("AMT_ANNUITY")
          .doesNotContain("DAYS_BIRTH")
          .doesNotContain("out_of_range")
          .doesNotContain("VALIDATION");
      assertThat(body)
          .contains(lang.equals("en") ? "your regular repayments" : "vos remboursements réguliers")
          .contains(lang.equals("en") ? "your age" : "votre âge")
          .contains(lang.equals("en") ? "contact the adviser" : "Contactez le conseiller");
    }
    // and: the page itself says it, not "being assessed"
    mvc.perform(get("/c/" + link(app, 300020)))
        .andExpect(status().isOk())
        .andExpect(
            content().string(Matchers.containsString("We could not process your application")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("being assessed"))));
  }

  @Test
  void anotherClientsRefusalUnderTheSameIdIsNeverShown() throws Exception {
    // given: a refusal of client 300022's application under an id a link gives to client 300021
    String app = newApplication();
    StoreFixtures.put(
        refusals, StoreFixtures.refusal(app, 300022, "VALIDATION", "invalid application", 12));

    // then: client 300021 still sees "being assessed"
    mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300021)))
        .andExpect(jsonPath("$.status").value("PENDING"));
  }

  @Test
  void aClientsOwnRefusalIsShownAndStreamedEvenWhenAnotherClientsUnderTheIdIsLater()
      throws Exception {
    // given: client 300025's application refused, then, later, client 300026's under the same id
    String app = newApplication();
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal(app, 300025, "VALIDATION", "invalid application: AMT_ANNUITY", 13));
    RefusalView later = StoreFixtures.refusal(app, 300026, "SCORING", "IllegalStateException", 14);
    StoreFixtures.put(
        refusals,
        new RefusalView(
            later.topic(),
            later.partition(),
            later.offset(),
            later.applicationId(),
            later.clientId(),
            later.reasonCode(),
            later.reason(),
            later.origin(),
            later.failedAt().plus(Duration.ofMinutes(5)),
            later.processor(),
            later.rawKey(),
            later.rawValue()));

    // then: each client's page and stream end with their own refusal
    for (long client : List.of(300025L, 300026L)) {
      mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, client)))
          .andExpect(jsonPath("$.status").value("REFUSED"));
      MvcResult r =
          mvc.perform(
                  get("/client/api/applications/" + app + "/events")
                      .param("credential", link(app, client)))
              .andExpect(request().asyncStarted())
              .andReturn();
      assertThat(r.getResponse().getContentAsString())
          .as("client %d's stream", client)
          .contains("event:refused")
          .doesNotContain("event:status");
    }
    // and a third client under the id, with no refusal of their own, is told "being assessed"
    MvcResult third =
        mvc.perform(
                get("/client/api/applications/" + app + "/events")
                    .param("credential", link(app, 300027)))
            .andExpect(request().asyncStarted())
            .andReturn();
    assertThat(third.getResponse().getContentAsString())
        .contains("event:status")
        .contains("PENDING")
        .doesNotContain("event:refused");
  }

  @Test
  void aStreamShowsTheRefusalThenTheCorrectedApplicationsDecisionUnderTheSameId() throws Exception {
    // given: a page listening on an application the scorer refused
    String app = newApplication();
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal(app, 300028, "VALIDATION", "invalid application: AMT_ANNUITY", 15));
    int open = live.openStreams();
    MvcResult r =
        mvc.perform(
                get("/client/api/applications/" + app + "/events")
                    .param("credential", link(app, 300028)))
            .andExpect(request().asyncStarted())
            .andReturn();
    assertThat(r.getResponse().getContentAsString()).contains("event:refused");
    assertThat(live.openStreams()).as("the refusal leaves the stream open").isEqualTo(open + 1);

    // when: the corrected application, sent again under the same id, is decided
    Decision d = ScorerDecisions.approved(app, 300028);
    StoreFixtures.put(store, d);
    live.decisionStored(DecisionView.of(d));

    // then: the same stream carries the decision, once, and ends; the page now shows it
    mvc.perform(asyncDispatch(r)).andExpect(status().isOk());
    String body = r.getResponse().getContentAsString();
    assertThat(body.split("event:decision", -1)).hasSize(2);
    assertThat(body.indexOf("event:refused")).isLessThan(body.indexOf("event:decision"));
    mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300028)))
        .andExpect(jsonPath("$.status").value("DECIDED"));
  }

  @Test
  void aDecisionForAnotherClientNeverReplacesTheFirstUnderAReusedId() throws Exception {
    // given: client 300023's decision
    String app = newApplication();
    Decision first = ScorerDecisions.approved(app, 300023);
    assertThat(StoreFixtures.putDecision(store, first)).isTrue();

    // when: a decision for client 300024 arrives under the same application id
    Decision second = ScorerDecisions.declined(app, 300024);
    boolean alone = StoreFixtures.putDecision(store, second);

    // then: the reuse is reported, and each client's link shows their own decision only
    assertThat(alone).isFalse();
    assertThat(first.getProbabilityOfDefault()).isNotEqualTo(second.getProbabilityOfDefault());
    assertThat(store.find(app, 300023).orElseThrow().probabilityOfDefault())
        .isEqualTo(first.getProbabilityOfDefault());
    assertThat(store.find(app, 300024).orElseThrow().probabilityOfDefault())
        .isEqualTo(second.getProbabilityOfDefault());
    mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300023)))
        .andExpect(jsonPath("$.status").value("DECIDED"))
        .andExpect(jsonPath("$.outcome").value("APPROVED"))
        .andExpect(jsonPath("$.probability").value(first.getProbabilityOfDefault()));
    mvc.perform(get("/client/api/applications/" + app).param("credential", link(app, 300024)))
        .andExpect(jsonPath("$.status").value("DECIDED"))
        .andExpect(jsonPath("$.outcome").value("DECLINED"))
        .andExpect(jsonPath("$.probability").value(second.getProbabilityOfDefault()));
  }

  @Test
  void eventStreamSendsAStoredDecisionAtOnce() throws Exception {
    String app = newApplication();
    StoreFixtures.put(store, ScorerDecisions.approved(app, 300007));
    MvcResult r =
        mvc.perform(
                get("/client/api/applications/" + app + "/events")
                    .param("credential", link(app, 300007)))
            .andExpect(request().asyncStarted())
            .andReturn();
    mvc.perform(asyncDispatch(r)).andExpect(status().isOk());
    String body = r.getResponse().getContentAsString();
    assertThat(body).contains("event:decision").contains("\"outcome\":\"APPROVED\"");
    assertThat(body).doesNotContain("event:status");
  }

  @Test
  void eventStreamPushesTheDecisionWhenItIsStored() throws Exception {
    // given: a page listening while the application is pending
    String app = newApplication();
    MvcResult r =
        mvc.perform(
                get("/client/api/applications/" + app + "/events")
                    .param("credential", link(app, 300008)))
            .andExpect(request().asyncStarted())
            .andReturn();
    assertThat(r.getResponse().getContentAsString()).contains("event:status").contains("PENDING");
    assertThat(live.openStreams()).isPositive();
    // when: the mirror commits the decision and tells the hub
    Decision d = ScorerDecisions.declined(app, 300008);
    StoreFixtures.put(store, d);
    live.decisionStored(DecisionView.of(d));
    // then: the stream carries it, once, and ends
    mvc.perform(asyncDispatch(r)).andExpect(status().isOk());
    String body = r.getResponse().getContentAsString();
    assertThat(body.split("event:decision", -1)).hasSize(2);
    assertThat(body).contains("\"outcome\":\"DECLINED\"");
  }

  @Test
  void eventStreamRefusesAForgedOrForeignCredentialWithoutData() throws Exception {
    String app = newApplication();
    StoreFixtures.put(store, ScorerDecisions.declined(app, 300009));
    mvc.perform(
            get("/client/api/applications/" + app + "/events")
                .param("credential", forge(link(app, 300009))))
        .andExpect(status().isUnauthorized())
        .andExpect(content().string(Matchers.not(Matchers.containsString("DECLINED"))));
    mvc.perform(
            get("/client/api/applications/" + app + "/events")
                .param("credential", link(newApplication(), 300009)))
        .andExpect(status().isForbidden())
        .andExpect(content().string(Matchers.not(Matchers.containsString("DECLINED"))));
  }

  @Test
  void clientPagesSendTheSecurityHeaders() throws Exception {
    mvc.perform(get("/c/" + link(newApplication(), 300010)))
        .andExpect(
            header()
                .string("Content-Security-Policy", Matchers.containsString("script-src 'self'")))
        .andExpect(
            header()
                .string(
                    "Content-Security-Policy", Matchers.containsString("frame-ancestors 'none'")))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
        .andExpect(header().string("Referrer-Policy", "no-referrer"));
  }
}
