package io.creditstream.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.portal.MutableClock;
import io.creditstream.portal.PortalWebSlice;
import io.creditstream.portal.TestSettings;
import io.creditstream.portal.frontoffice.ApplicationPublisher;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.ops.PortalMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an attacker (or a careless client) tried against the portal, each answered as it should be:
 * sign-in guessing throttled and logged, the API's errors in its documented format, mistyped
 * addresses a plain 404, live streams limited per link.
 */
@PortalWebSlice
@ExtendWith(OutputCaptureExtension.class)
class AttacksAnsweredTest {

  @Autowired MockMvc mvc;
  @Autowired MutableClock clock;
  @Autowired JsonMapper json;
  @Autowired LinkCredentials credentials;
  @Autowired PortalMetrics metrics;
  @MockitoBean ApplicationPublisher publisher;

  @BeforeEach
  void forgetEarlierFailures() {
    // Throttles and rate limits are timed: a long jump starts every test afresh.
    clock.advance(Duration.ofDays(1));
  }

  private static RequestPostProcessor from(String address) {
    return r -> {
      r.setRemoteAddr(address);
      return r;
    };
  }

  private MockHttpServletRequestBuilder signIn(String user, String password, String address) {
    return post("/login")
        .with(csrf())
        .with(from(address))
        .param("username", user)
        .param("password", password);
  }

  @Test
  void twentyWrongPasswordsThenTheRightOneIsThrottledAndEveryAttemptIsLogged(CapturedOutput output)
      throws Exception {
    // given: 20 wrong passwords in a row from one address
    List<String> redirects = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      MvcResult r =
          mvc.perform(signIn(TestSettings.AUDITOR, "wrong-password-" + i, "203.0.113.7"))
              .andReturn();
      redirects.add(r.getResponse().getRedirectedUrl());
    }
    // then: the first five are plain failures, the rest are told to wait
    assertThat(redirects.subList(0, 4)).containsOnly("/login?error");
    assertThat(redirects.subList(5, 20)).containsOnly("/login?locked");
    // when: the right password comes next, at once
    MockHttpSession session = new MockHttpSession();
    mvc.perform(
            signIn(TestSettings.AUDITOR, TestSettings.AUDITOR_PASSWORD, "203.0.113.7")
                .session(session))
        // then: it is refused without being checked, and the page says how long to wait
        .andExpect(redirectedUrl("/login?locked"));
    mvc.perform(get("/login").param("locked", "").session(session))
        .andExpect(status().isOk())
        // (five failures checked: the fifth imposed the first delay, the rest were refused)
        .andExpect(
            content()
                .string(
                    Matchers.containsString(
                        "Too many failed sign-ins. Wait 2 seconds before trying again.")));
    // and: once the wait is over, the next failure doubles it
    clock.advance(Duration.ofSeconds(2));
    mvc.perform(signIn(TestSettings.AUDITOR, "one-more-guess", "203.0.113.7"))
        .andExpect(redirectedUrl("/login?locked"));
    mvc.perform(signIn(TestSettings.AUDITOR, TestSettings.AUDITOR_PASSWORD, "203.0.113.7"))
        .andExpect(redirectedUrl("/login?locked"));
    clock.advance(Duration.ofSeconds(4));
    mvc.perform(signIn(TestSettings.AUDITOR, TestSettings.AUDITOR_PASSWORD, "203.0.113.7"))
        .andExpect(redirectedUrl("/audit"));
    // and: every attempt is in the log with its address and time, never a password: the five
    // failures checked, then the sixteen refused unchecked
    String log = output.getAll();
    assertThat(log.split("Auditor sign-in failed: user=alice address=203.0.113.7 at=", -1))
        .hasSize(7);
    assertThat(log.split("Auditor sign-in refused without checking it \\(throttled", -1))
        .hasSize(18);
    // (the slice's clock is shared and moved by other tests: any UTC time will do)
    assertThat(log)
        .containsPattern(
            "user=alice address=203\\.0\\.113\\.7 at=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
    assertThat(log)
        .doesNotContain("wrong-password-")
        .doesNotContain("one-more-guess")
        .doesNotContain(TestSettings.AUDITOR_PASSWORD);
    assertThat(metrics.count("creditstream.portal.signins", "result", "throttled")).isPositive();
  }

  @Test
  void theThrottleHoldsPerUserAcrossAddressesAndPerAddressAcrossUsers() throws Exception {
    // given: one user guessed from five addresses
    for (int i = 0; i < 5; i++) {
      mvc.perform(signIn(TestSettings.AUDITOR, "guess-" + i, "198.51.100." + i));
    }
    // then: a sixth address is throttled for that user
    mvc.perform(signIn(TestSettings.AUDITOR, TestSettings.AUDITOR_PASSWORD, "198.51.100.99"))
        .andExpect(redirectedUrl("/login?locked"));
    // and: after the wait, the right password gets in and its success is logged
    clock.advance(Duration.ofMinutes(20));
    mvc.perform(signIn(TestSettings.AUDITOR, TestSettings.AUDITOR_PASSWORD, "198.51.100.99"))
        .andExpect(redirectedUrl("/audit"));
    // given: one address trying five user names
    for (int i = 0; i < 5; i++) {
      mvc.perform(signIn("user" + i, "guess", "192.0.2.44"));
    }
    // then: that address is throttled even for a real user with the right password
    mvc.perform(signIn(TestSettings.AUDITOR, TestSettings.AUDITOR_PASSWORD, "192.0.2.44"))
        .andExpect(redirectedUrl("/login?locked"));
  }

  @Test
  void aSuccessfulSignInIsLoggedWithItsAddress(CapturedOutput output) throws Exception {
    mvc.perform(signIn(TestSettings.AUDITOR, TestSettings.AUDITOR_PASSWORD, "203.0.113.50"))
        .andExpect(redirectedUrl("/audit"));
    assertThat(output.getAll())
        .contains("Auditor sign-in succeeded: user=alice address=203.0.113.50 at=");
  }

  @Test
  void anEmptyBodyAWrongContentTypeAndAWrongMethodAnswerInTheDocumentedFormat() throws Exception {
    // empty body: 400
    mvc.perform(
            post("/api/v1/applications")
                .header("X-API-Key", TestSettings.BRANCH_KEY)
                .contentType(MediaType.APPLICATION_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("empty_body"))
        .andExpect(jsonPath("$.fieldErrors[0].field").value("$"))
        .andExpect(jsonPath("$.fieldErrors[0].code").value("missing"));
    // wrong content type: 415, saying which one to use
    mvc.perform(
            post("/api/v1/applications")
                .header("X-API-Key", TestSettings.BRANCH_KEY)
                .contentType(MediaType.TEXT_PLAIN)
                .content(json.writeValueAsString(ApplicationBodies.valid(320001))))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(header().string("Accept", "application/json"))
        .andExpect(jsonPath("$.error").value("unsupported_media_type"))
        .andExpect(jsonPath("$.fieldErrors[0].field").value("Content-Type"));
    // a method the path does not have: 405 with Allow
    mvc.perform(put("/api/v1/applications"))
        .andExpect(status().isMethodNotAllowed())
        .andExpect(header().string("Allow", Matchers.containsString("POST")))
        .andExpect(jsonPath("$.error").value("method_not_allowed"))
        .andExpect(jsonPath("$.fieldErrors").isArray());
    // an unknown API path: 404 in the same format
    mvc.perform(get("/api/v1/nothing-here").header("X-API-Key", TestSettings.BRANCH_KEY))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.error").value("not_found"));
    // no key: 401, same format
    mvc.perform(get("/api/v1/applications/x/decision"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.fieldErrors").isArray());
  }

  private static MockHttpServletRequestBuilder put(String path) {
    return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(path)
        .header("X-API-Key", TestSettings.BRANCH_KEY)
        .contentType(MediaType.APPLICATION_JSON)
        .content("{}");
  }

  @Test
  void submissionsAndRefusalsAreCounted() throws Exception {
    double refused =
        metrics.count("creditstream.portal.submissions", "result", "refused", "status", "401");
    mvc.perform(
            post("/api/v1/applications")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ApplicationBodies.valid(320002))))
        .andExpect(status().isUnauthorized());
    assertThat(
            metrics.count("creditstream.portal.submissions", "result", "refused", "status", "401"))
        .isEqualTo(refused + 1);
    double accepted =
        metrics.count("creditstream.portal.submissions", "result", "accepted", "status", "202");
    mvc.perform(
            post("/api/v1/applications")
                .header("X-API-Key", TestSettings.BRANCH_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ApplicationBodies.valid(320003))))
        .andExpect(status().isAccepted());
    assertThat(
            metrics.count("creditstream.portal.submissions", "result", "accepted", "status", "202"))
        .isEqualTo(accepted + 1);
  }

  @Test
  void aMistypedClientLinkOrAnyUnknownAddressIsA404NotTheSignIn() throws Exception {
    // (the page the container shows for it is checked on a real server: PortalServerAttacksTest)
    String link = credentials.issue("app-404", 1, clock.instant().plus(Duration.ofDays(1)));
    for (String path :
        List.of("/c/" + link + "/extra", "/c", "/C/" + link, "/client/page", "/nothing")) {
      mvc.perform(get(path)).andExpect(status().isNotFound());
    }
    // the auditors' pages still ask for a sign-in
    mvc.perform(get("/audit")).andExpect(status().is3xxRedirection());
  }

  @Test
  void oneLinkHoldsAtMostFourLiveStreams() throws Exception {
    String app = UUID.randomUUID().toString();
    String link = credentials.issue(app, 320004, clock.instant().plus(Duration.ofDays(1)));
    String events = "/client/api/applications/" + app + "/events";
    for (int i = 0; i < 4; i++) {
      mvc.perform(get(events).param("credential", link)).andExpect(request().asyncStarted());
    }
    double refused = metrics.count("creditstream.portal.live.streams.refused");
    mvc.perform(get(events).param("credential", link))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"))
        .andExpect(jsonPath("$.error").value("too_many_streams"));
    assertThat(metrics.count("creditstream.portal.live.streams.refused")).isEqualTo(refused + 1);
    // another link (another application) is not affected
    String other = UUID.randomUUID().toString();
    mvc.perform(
            get("/client/api/applications/" + other + "/events")
                .param(
                    "credential",
                    credentials.issue(other, 320005, clock.instant().plus(Duration.ofDays(1)))))
        .andExpect(request().asyncStarted());
  }
}
