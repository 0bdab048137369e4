package io.creditstream.portal.frontoffice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.portal.Decisions;
import io.creditstream.portal.MutableClock;
import io.creditstream.portal.PortalWebSlice;
import io.creditstream.portal.ScorerDecisions;
import io.creditstream.portal.TestSettings;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.link.VerifiedLink;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.RefusalStore;
import io.creditstream.portal.store.StoreFixtures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@PortalWebSlice
class ApplicationsControllerTest {

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired MutableClock clock;
  @Autowired LinkCredentials credentials;
  @Autowired DecisionStore store;
  @Autowired RefusalStore refusals;
  @Autowired IdempotencyStore idempotency;
  @MockitoBean ApplicationPublisher publisher;

  @BeforeEach
  void refillRateLimitBuckets() {
    // The buckets refill over time; a long jump gives every test a full bucket.
    clock.advance(Duration.ofDays(1));
  }

  private MockHttpServletRequestBuilder submit(String apiKey, Object body) {
    MockHttpServletRequestBuilder b =
        post("/api/v1/applications")
            .contentType(MediaType.APPLICATION_JSON)
            .content(body instanceof String s ? s : json.writeValueAsString(body));
    return apiKey == null ? b : b.header("X-API-Key", apiKey);
  }

  private JsonNode body(MvcResult r) throws Exception {
    return json.readTree(r.getResponse().getContentAsString());
  }

  @Test
  void refusesSubmissionWithoutApiKey() throws Exception {
    // when: no key at all
    mvc.perform(submit(null, ApplicationBodies.valid(100001)))
        // then
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.error").value("unauthorized"));
    verify(publisher, never()).publish(any(), any());
  }

  @Test
  void refusesSubmissionWithUnknownApiKey() throws Exception {
    mvc.perform(submit("not-a-configured-key", ApplicationBodies.valid(100001)))
        .andExpect(status().isUnauthorized());
    verify(publisher, never()).publish(any(), any());
  }

  @Test
  void acceptsValidApplicationPublishesItAndIssuesAWorkingLink() throws Exception {
    // when
    MvcResult r =
        mvc.perform(submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100002)))
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.clientId").value(100002))
            .andExpect(jsonPath("$.status").value("PENDING"))
            .andReturn();
    // then: the published record carries the id, the client, the channel and the submission time
    ArgumentCaptor<LoanApplication> sent = ArgumentCaptor.forClass(LoanApplication.class);
    verify(publisher).publish(sent.capture(), eq("branch"));
    LoanApplication app = sent.getValue();
    JsonNode answer = body(r);
    assertThat(app.getApplicationId()).isEqualTo(answer.get("applicationId").asString());
    assertThat(app.getSKIDCURR()).isEqualTo(100002L);
    assertThat(app.getChannel()).isEqualTo("API");
    assertThat(app.getSubmittedAt()).isEqualTo(clock.instant());
    assertThat(app.getEXTSOURCE2()).isEqualTo(0.789);
    assertThat(app.getEXTSOURCE1()).isNull();
    // and: the status URL and the link point at this application, and the link verifies
    assertThat(answer.get("statusUrl").asString())
        .isEqualTo(
            "https://portal.example/api/v1/applications/" + app.getApplicationId() + "/decision");
    assertThat(r.getResponse().getHeader("Location")).isEqualTo(answer.get("statusUrl").asString());
    String link = answer.get("clientLink").asString();
    assertThat(link).startsWith("https://portal.example/c/");
    VerifiedLink verified = credentials.verify(link.substring(link.lastIndexOf('/') + 1));
    assertThat(verified.applicationId()).isEqualTo(app.getApplicationId());
    assertThat(verified.clientId()).isEqualTo(100002L);
  }

  @Test
  void keepsTheSubmittersApplicationIdAndChannel() throws Exception {
    Map<String, Object> a = ApplicationBodies.valid(100003);
    a.put("applicationId", "BR-2026-000042");
    a.put("channel", "BRANCH");
    mvc.perform(submit(TestSettings.BRANCH_KEY, a))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.applicationId").value("BR-2026-000042"));
    ArgumentCaptor<LoanApplication> sent = ArgumentCaptor.forClass(LoanApplication.class);
    verify(publisher).publish(sent.capture(), eq("branch"));
    assertThat(sent.getValue().getChannel()).isEqualTo("BRANCH");
  }

  @Test
  void refusesAnApplicationIdAlreadyUsedForAnotherClientOrOtherContentWith409() throws Exception {
    // given: BR-409 names client 100030's application
    Map<String, Object> first = ApplicationBodies.valid(100030);
    first.put("applicationId", "BR-409");
    mvc.perform(submit(TestSettings.BRANCH_KEY, first)).andExpect(status().isAccepted());

    // when: another front office reuses the id for its own client, or the branch changes the amount
    Map<String, Object> otherClient = ApplicationBodies.valid(100031);
    otherClient.put("applicationId", "BR-409");
    Map<String, Object> otherContent = ApplicationBodies.valid(100030);
    otherContent.put("applicationId", "BR-409");
    otherContent.put("AMT_CREDIT", 123456.0);

    // then: both are refused, nothing more is published, the first client keeps the id
    for (var attempt :
        java.util.List.of(
            Map.entry(TestSettings.WEB_KEY, otherClient),
            Map.entry(TestSettings.BRANCH_KEY, otherContent))) {
      mvc.perform(submit(attempt.getKey(), attempt.getValue()))
          .andExpect(status().isConflict())
          .andExpect(jsonPath("$.error").value("application_id_conflict"))
          .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("BR-409")));
    }
    verify(publisher, times(1)).publish(any(), any());
    assertThat(store.application("BR-409").orElseThrow().clientId()).isEqualTo(100030L);
  }

  @Test
  void theSameApplicationSentAgainUnderItsIdIsAcceptedAndPublishedForTheScorerToRecognise()
      throws Exception {
    // given
    Map<String, Object> a = ApplicationBodies.valid(100032);
    a.put("applicationId", "BR-again");
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());

    // when: the very same application again, a minute later (a front office's retry)
    clock.advance(Duration.ofMinutes(1));
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());

    // then: published twice with the same content; the scorer decides it once
    ArgumentCaptor<LoanApplication> sent = ArgumentCaptor.forClass(LoanApplication.class);
    verify(publisher, times(2)).publish(sent.capture(), eq("branch"));
    assertThat(io.creditstream.records.LoanApplications.fingerprint(sent.getAllValues().get(0)))
        .isEqualTo(
            io.creditstream.records.LoanApplications.fingerprint(sent.getAllValues().get(1)));
  }

  @Test
  void decisionStatusIsRefusedWithTheReasonWhenTheScorerRefusedTheApplication() throws Exception {
    // given: an application the scorer dead-lettered
    Map<String, Object> a = ApplicationBodies.valid(100033);
    a.put("applicationId", "BR-refused");
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal(
            "BR-refused", 100033, "SCORING", "IllegalStateException: model failed", 5));

    // when / then: a terminal status, not PENDING for ever
    mvc.perform(
            get("/api/v1/applications/BR-refused/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("REFUSED"))
        .andExpect(jsonPath("$.reasonCode").value("SCORING"))
        .andExpect(jsonPath("$.reason").value("IllegalStateException: model failed"));

    // and: the id stays this application's: the scorer recorded it before it failed, and would
    // refuse other content under it as a conflict, so the API does too
    a.put("AMT_CREDIT", 400000.0);
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isConflict());
  }

  @Test
  void aCorrectedApplicationMayTakeTheIdOfOneTheContractRefused() throws Exception {
    // given: an application the scorer refused by the contract (it records no id for those)
    Map<String, Object> a = ApplicationBodies.valid(100038);
    a.put("applicationId", "BR-corrected");
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal(
            "BR-corrected", 100038, "VALIDATION", "invalid application: AMT_ANNUITY", 8));

    // then: the corrected application is accepted under the same id
    a.put("AMT_CREDIT", 400000.0);
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());
  }

  @Test
  void noRecordAnInsiderOrAnotherClientCanWriteFreesAPendingApplicationsId() throws Exception {
    // given: a pending application, and under its id: a forged and an unsealed record the portal
    // refused, and another client's application refused by the contract
    Map<String, Object> a = ApplicationBodies.valid(100039);
    a.put("applicationId", "BR-held");
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());
    StoreFixtures.put(
        refusals, StoreFixtures.refusal("BR-held", 100039, "FORGED", "seal does not verify", 9));
    StoreFixtures.put(
        refusals, StoreFixtures.refusal("BR-held", 100039, "UNSEALED", "carries no seal", 10));
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal("BR-held", 100040, "VALIDATION", "invalid application", 11));

    // when: another application is submitted under that id, by another front office
    Map<String, Object> other = ApplicationBodies.valid(100041);
    other.put("applicationId", "BR-held");
    mvc.perform(submit(TestSettings.WEB_KEY, other)).andExpect(status().isConflict());

    // then: the id is still the first application's, for its front office
    mvc.perform(
            get("/api/v1/applications/BR-held/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("PENDING"));
  }

  @Test
  void aConflictRefusalDoesNotEndTheApplicationItsIdNames() throws Exception {
    // given: a pending application, and the scorer's refusal of a second one reusing its id
    Map<String, Object> a = ApplicationBodies.valid(100034);
    a.put("applicationId", "BR-first");
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal("BR-first", 100035, "CONFLICT", "conflict: application id used", 6));

    // then: the first application is still pending
    mvc.perform(
            get("/api/v1/applications/BR-first/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("PENDING"));
  }

  @Test
  void anotherClientsDecisionOrRefusalUnderAReusedIdIsNotThisApplicationsAnswer() throws Exception {
    // given: a pending application of client 100036, and another front office's application for
    // client 100037 that reused its id straight on the topic: decided, and refused too
    Map<String, Object> a = ApplicationBodies.valid(100036);
    a.put("applicationId", "BR-reused");
    mvc.perform(submit(TestSettings.BRANCH_KEY, a)).andExpect(status().isAccepted());
    StoreFixtures.put(store, ScorerDecisions.declined("BR-reused", 100037));
    StoreFixtures.put(
        refusals,
        StoreFixtures.refusal("BR-reused", 100037, "VALIDATION", "invalid application", 7));

    // then: the branch is told its application is still pending, nothing of the other client's
    mvc.perform(
            get("/api/v1/applications/BR-reused/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("PENDING"));

    // and once its own client's decision is stored, that is the answer
    Decision own = ScorerDecisions.approved("BR-reused", 100036);
    StoreFixtures.put(store, own);
    mvc.perform(
            get("/api/v1/applications/BR-reused/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.clientId").value(100036))
        .andExpect(jsonPath("$.outcome").value("APPROVED"));
  }

  @Test
  void namesTheContractsRuleForAnApplicationTheScorerWouldRefuse() throws Exception {
    // given: what the portal used to accept and the scorer then refused
    Map<String, Object> a = ApplicationBodies.valid(100036);
    a.put("AMT_ANNUITY", 0.0);
    a.put("DAYS_BIRTH", -39812); // 109 years
    a.put("ORGANIZATION_TYPE", "Space agency");

    // then: each is refused here, field by field, with the contract's rule
    mvc.perform(submit(TestSettings.BRANCH_KEY, a))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.fieldErrors.length()").value(3))
        .andExpect(jsonPath("$.fieldErrors[?(@.field=='AMT_ANNUITY')].code").value("out_of_range"))
        .andExpect(jsonPath("$.fieldErrors[?(@.field=='DAYS_BIRTH')].code").value("out_of_range"))
        .andExpect(
            jsonPath("$.fieldErrors[?(@.field=='ORGANIZATION_TYPE')].code").value("invalid_value"));
    verify(publisher, never()).publish(any(), any());
  }

  @Test
  void namesEveryFieldProblemInOneAnswer() throws Exception {
    // given: one problem of each kind
    Map<String, Object> a = ApplicationBodies.valid(100004);
    a.remove("AMT_CREDIT"); // missing required
    a.put("CNT_CHILDREN", "two"); // wrong type
    a.put("EXT_SOURCE_2", 1.7); // out of range
    a.put("DAYS_BIRTH", 12); // out of range: a birth date in the future
    a.put("CODE_GENDER", "Q"); // not a category
    a.put("FAVOURITE_COLOUR", "blue"); // unknown field
    a.put("submittedAt", 0); // set by the portal only
    // when / then
    MvcResult r =
        mvc.perform(submit(TestSettings.BRANCH_KEY, a))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value("validation_failed"))
            .andReturn();
    Map<String, String> byField = new java.util.TreeMap<>();
    body(r)
        .get("fieldErrors")
        .forEach(e -> byField.put(e.get("field").asString(), e.get("code").asString()));
    assertThat(byField)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "AMT_CREDIT", "missing",
                "CNT_CHILDREN", "wrong_type",
                "EXT_SOURCE_2", "out_of_range",
                "DAYS_BIRTH", "out_of_range",
                "CODE_GENDER", "invalid_value",
                "FAVOURITE_COLOUR", "unknown_field",
                "submittedAt", "unknown_field"));
    verify(publisher, never()).publish(any(), any());
  }

  @Test
  void refusesAFractionForAWholeNumberAndNullForARequiredField() throws Exception {
    Map<String, Object> a = ApplicationBodies.valid(100005);
    a.put("HOUR_APPR_PROCESS_START", 10.5);
    a.put("NAME_INCOME_TYPE", null);
    mvc.perform(submit(TestSettings.BRANCH_KEY, a))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.fieldErrors[?(@.field=='HOUR_APPR_PROCESS_START')].code")
                .value("wrong_type"))
        .andExpect(jsonPath("$.fieldErrors[?(@.field=='NAME_INCOME_TYPE')].code").value("missing"));
  }

  @Test
  void answersMalformedJsonWithAClearError() throws Exception {
    mvc.perform(submit(TestSettings.BRANCH_KEY, "{\"SK_ID_CURR\": 1,"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.fieldErrors[0].code").value("invalid_json"));
    mvc.perform(submit(TestSettings.BRANCH_KEY, "[1,2]"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.fieldErrors[0].code").value("invalid_json"));
  }

  @Test
  void retryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndPublishesOnce() throws Exception {
    String body = json.writeValueAsString(ApplicationBodies.valid(100006));
    // when: the same request twice, the second a minute later
    MvcResult first =
        mvc.perform(submit(TestSettings.BRANCH_KEY, body).header("Idempotency-Key", "req-6"))
            .andExpect(status().isAccepted())
            .andExpect(header().string("Idempotent-Replayed", "false"))
            .andReturn();
    clock.advance(Duration.ofMinutes(1));
    MvcResult second =
        mvc.perform(submit(TestSettings.BRANCH_KEY, body).header("Idempotency-Key", "req-6"))
            .andExpect(status().isAccepted())
            .andExpect(header().string("Idempotent-Replayed", "true"))
            .andReturn();
    // then: same id, same link, one publication
    assertThat(body(second)).isEqualTo(body(first));
    verify(publisher, times(1)).publish(any(), any());
    // and: the id is the one any instance derives from the front office and the key
    assertThat(body(first).get("applicationId").asString())
        .isEqualTo(SubmissionService.applicationIdFor("branch", "req-6"));
  }

  @Test
  void idempotencyKeysAreForgottenOnceTheirLinkHasExpired() throws Exception {
    // given: a key used now
    mvc.perform(
            submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100015))
                .header("Idempotency-Key", "k-15"))
        .andExpect(status().isAccepted());
    int before = idempotency.count("branch");
    // when: the link lifetime (30 days) has passed and another keyed request comes in
    clock.advance(Duration.ofDays(31));
    mvc.perform(
            submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100016))
                .header("Idempotency-Key", "k-16"))
        .andExpect(status().isAccepted());
    // then: the old keys are gone, the new one is kept
    assertThat(before).isPositive();
    assertThat(idempotency.count("branch")).isEqualTo(1);
  }

  @Test
  void sameIdempotencyKeyFromAnotherFrontOfficeIsAnotherApplication() throws Exception {
    String body = json.writeValueAsString(ApplicationBodies.valid(100007));
    MvcResult branch =
        mvc.perform(submit(TestSettings.BRANCH_KEY, body).header("Idempotency-Key", "k-7"))
            .andExpect(status().isAccepted())
            .andReturn();
    MvcResult web =
        mvc.perform(submit(TestSettings.WEB_KEY, body).header("Idempotency-Key", "k-7"))
            .andExpect(status().isAccepted())
            .andReturn();
    assertThat(body(web).get("applicationId")).isNotEqualTo(body(branch).get("applicationId"));
    verify(publisher, times(2)).publish(any(), any());
  }

  @Test
  void reusingAnIdempotencyKeyForADifferentBodyIsRefused() throws Exception {
    mvc.perform(
            submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100008))
                .header("Idempotency-Key", "k-8"))
        .andExpect(status().isAccepted());
    mvc.perform(
            submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100009))
                .header("Idempotency-Key", "k-8"))
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.error").value("idempotency_key_reused"));
    verify(publisher, times(1)).publish(any(), any());
  }

  @Test
  void aFailedPublicationAnswers503AndTheRetryPublishes() throws Exception {
    String body = json.writeValueAsString(ApplicationBodies.valid(100010));
    doThrow(new ApplicationPublisher.PublishFailedException("broker down", null))
        .doNothing()
        .when(publisher)
        .publish(any(), any());
    mvc.perform(submit(TestSettings.BRANCH_KEY, body).header("Idempotency-Key", "k-10"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().exists("Retry-After"));
    mvc.perform(submit(TestSettings.BRANCH_KEY, body).header("Idempotency-Key", "k-10"))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Idempotent-Replayed", "false"));
    verify(publisher, times(2)).publish(any(), any());
  }

  @Test
  void rateLimitsEachFrontOfficeSeparatelyWithRetryAfter() throws Exception {
    // given: a bucket of 5 (application-test.properties), refilled at 0.01 per second
    for (int i = 0; i < 5; i++) {
      mvc.perform(submit(TestSettings.WEB_KEY, ApplicationBodies.valid(200000 + i)))
          .andExpect(status().isAccepted());
    }
    // when: the sixth
    mvc.perform(submit(TestSettings.WEB_KEY, ApplicationBodies.valid(200010)))
        // then: refused, told to wait until a token is back (1 / 0.01 s)
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "100"));
    // and: another front office is not affected
    mvc.perform(submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(200011)))
        .andExpect(status().isAccepted());
    verify(publisher, times(6)).publish(any(), any());
  }

  @Test
  void refusesBodiesOverTheSizeLimit() throws Exception {
    // given: max-request-size is 8KB in the test profile
    Map<String, Object> a = ApplicationBodies.valid(100011);
    a.put("ORGANIZATION_TYPE", "x".repeat(9000));
    mvc.perform(submit(TestSettings.BRANCH_KEY, a))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.error").value("payload_too_large"));
    verify(publisher, never()).publish(any(), any());
  }

  @Test
  void decisionStatusIs404UnknownThen202PendingThen200Decided() throws Exception {
    mvc.perform(
            get("/api/v1/applications/nope/decision").header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isNotFound());
    MvcResult r =
        mvc.perform(submit(TestSettings.BRANCH_KEY, ApplicationBodies.risky(100012)))
            .andExpect(status().isAccepted())
            .andReturn();
    String id = body(r).get("applicationId").asString();
    mvc.perform(
            get("/api/v1/applications/" + id + "/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("PENDING"));
    // the scorer decides it (its own decision code, the body the branch submitted)
    Decision d = ScorerDecisions.decide(ApplicationBodies.risky(100012), id);
    StoreFixtures.put(store, d);
    mvc.perform(
            get("/api/v1/applications/" + id + "/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.outcome").value("DECLINED"))
        .andExpect(jsonPath("$.probabilityOfDefault").value(d.getProbabilityOfDefault()))
        .andExpect(jsonPath("$.reasons[0].feature").value(d.getReasons().get(0).getFeature()))
        // the scorer's counter-offer search, as it recorded it (none: no such field)
        .andExpect(
            d.getCounterOffer() == null
                ? jsonPath("$.counterOffer").doesNotExist()
                : jsonPath("$.counterOffer.search").value(d.getCounterOffer().getSearch()));
  }

  @Test
  void theDecisionCarriesItsCounterOffer() throws Exception {
    // given: an application of the branch, declined with a counter-offer
    MvcResult r =
        mvc.perform(submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100015)))
            .andExpect(status().isAccepted())
            .andReturn();
    String id = body(r).get("applicationId").asString();
    StoreFixtures.put(store, Decisions.groupedDecision(id, 100015));

    // when / then: the decision's JSON has it, exactly as recorded
    mvc.perform(
            get("/api/v1/applications/" + id + "/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.outcome").value("DECLINED"))
        .andExpect(jsonPath("$.counterOffer.search").value("counter-offer-grid-v1"))
        .andExpect(jsonPath("$.counterOffer.amount").value(483000.0))
        .andExpect(jsonPath("$.counterOffer.annuity").value(24150.0))
        .andExpect(jsonPath("$.counterOffer.goodsPrice").value(434700.0))
        .andExpect(jsonPath("$.counterOffer.probabilityOfDefault").value(0.074));
  }

  @Test
  void anotherFrontOfficesApplicationIsAnsweredAsUnknown() throws Exception {
    // given: an application of the branch, decided
    MvcResult r =
        mvc.perform(submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100014)))
            .andExpect(status().isAccepted())
            .andReturn();
    String id = body(r).get("applicationId").asString();
    StoreFixtures.put(store, ScorerDecisions.decide(ApplicationBodies.valid(100014), id));
    // when / then: the web front office learns nothing about it
    mvc.perform(
            get("/api/v1/applications/" + id + "/decision")
                .header("X-API-Key", TestSettings.WEB_KEY))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.outcome").doesNotExist());
    mvc.perform(
            get("/api/v1/applications/" + id + "/decision")
                .header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isOk());
  }

  @Test
  void decisionStatusNeedsAnApiKey() throws Exception {
    mvc.perform(get("/api/v1/applications/x/decision")).andExpect(status().isUnauthorized());
  }

  @Test
  void apiAnswersCarryTheSecurityHeaders() throws Exception {
    mvc.perform(submit(TestSettings.BRANCH_KEY, ApplicationBodies.valid(100013)))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
        .andExpect(header().string("Referrer-Policy", "no-referrer"))
        .andExpect(header().string("X-Frame-Options", "DENY"))
        .andExpect(
            header()
                .string(
                    "Content-Security-Policy",
                    org.hamcrest.Matchers.containsString("frame-ancestors 'none'")));
  }
}
