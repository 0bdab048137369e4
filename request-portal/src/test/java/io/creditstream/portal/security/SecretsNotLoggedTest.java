package io.creditstream.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.portal.MutableClock;
import io.creditstream.portal.PortalWebSlice;
import io.creditstream.portal.TestSettings;
import io.creditstream.portal.frontoffice.ApplicationPublisher;
import io.creditstream.portal.link.LinkCredentials;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** API keys, client credentials and passwords never reach the log, even at DEBUG. */
@PortalWebSlice
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedTest {

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired MutableClock clock;
  @Autowired LinkCredentials credentials;
  @MockitoBean ApplicationPublisher publisher;

  private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

  @AfterEach
  void quiet() {
    logging.setLogLevel("io.creditstream", null);
    logging.setLogLevel("org.springframework.security", null);
    logging.setLogLevel("org.springframework.web", null);
  }

  @Test
  void keysCredentialsAndPasswordsStayOutOfTheLog(CapturedOutput output) throws Exception {
    // given: the most talkative logging
    logging.setLogLevel("io.creditstream", LogLevel.DEBUG);
    logging.setLogLevel("org.springframework.security", LogLevel.DEBUG);
    logging.setLogLevel("org.springframework.web", LogLevel.DEBUG);
    clock.advance(Duration.ofDays(1));
    String credential = credentials.issue("app-log", 1, clock.instant().plusSeconds(600));
    String signature = credential.substring(credential.indexOf('.') + 1);
    // when: every kind of secret is presented, right and wrong
    mvc.perform(
        post("/api/v1/applications")
            .header("X-API-Key", TestSettings.BRANCH_KEY)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(ApplicationBodies.valid(700001))));
    mvc.perform(
        get("/api/v1/applications/x/decision").header("X-API-Key", TestSettings.WEB_KEY + "x"));
    mvc.perform(get("/client/api/applications/app-log").header("X-Client-Credential", credential));
    mvc.perform(get("/client/api/applications/other").header("X-Client-Credential", credential));
    mvc.perform(
        post("/login")
            .with(csrf())
            .param("username", TestSettings.AUDITOR)
            .param("password", TestSettings.AUDITOR_PASSWORD));
    mvc.perform(
        post("/login").with(csrf()).param("username", "x").param("password", "Wr0ngPassw0rd!"));
    // then: the log saw the requests but none of the secrets
    assertThat(output.getAll()).contains("Client credential refused");
    assertThat(output.getAll())
        .doesNotContain(TestSettings.BRANCH_KEY)
        .doesNotContain(TestSettings.WEB_KEY)
        .doesNotContain(signature)
        .doesNotContain(TestSettings.AUDITOR_PASSWORD)
        .doesNotContain("Wr0ngPassw0rd!")
        .doesNotContain(TestSettings.LINK_SECRET);
  }
}
