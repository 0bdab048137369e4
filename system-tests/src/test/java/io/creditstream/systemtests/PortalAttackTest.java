package io.creditstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditstream.avro.LoanApplication;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Attacks on the running portal process (not a MockMvc slice): other clients' links, forged and
 * expired credentials, missing keys, the wrong role, CSRF, path traversal, header injection and
 * oversized requests are refused without leaking anything; the last test reads the portal's log and
 * finds none of the secrets that went through it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalAttackTest {

  private static Path dir;
  private static SystemUnderTest system;
  private static Deployment deployment;
  private static Portal portal;
  private static Submitted alice;
  private static Submitted bob;
  private static final List<String> secretsSeen = new ArrayList<>();

  /** An accepted application: its id, client, and the credential of its client link. */
  record Submitted(String applicationId, long clientId, String credential) {}

  @BeforeAll
  static void startSystem() throws Exception {
    dir = SystemUnderTest.workDir("PortalAttackTest");
    system = SystemUnderTest.start(dir);
    deployment = system.deploy("attacks");
    deployment.scorer("a").start();
    portal = deployment.portal().start();
    List<LoanApplication> apps = Samples.records(system.model().trafficFile(), 2);
    alice = submit(apps.get(0));
    bob = submit(apps.get(1));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                portal.decisionStatus(alice.applicationId()) == 200
                    && portal.decisionStatus(bob.applicationId()) == 200);
    Files.writeString(
        Files.createDirectories(dir.resolve("st1-attacks/replay-reports")).resolve("replay.html"),
        "<html>a replay report</html>");
    Files.writeString(dir.resolve("st1-attacks/outside-secret.txt"), "TOP-SECRET-FILE-CONTENT");
  }

  @AfterAll
  static void stopSystem() throws Exception {
    if (deployment != null) {
      deployment.close();
    }
    if (system != null) {
      system.close();
    }
  }

  private static Submitted submit(LoanApplication app) throws Exception {
    HttpResponse<String> r = portal.submit(Samples.json(Samples.body(app)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode body = Samples.mapper().readTree(r.body());
    String link = body.path("clientLink").asString();
    String credential = link.substring(link.indexOf("/c/") + 3);
    secretsSeen.add(credential);
    return new Submitted(
        body.path("applicationId").asString(), body.path("clientId").asLong(), credential);
  }

  private static HttpResponse<String> clientView(String applicationId, String credential)
      throws Exception {
    return portal.get(
        "/client/api/applications/" + applicationId, Map.of("X-Client-Credential", credential));
  }

  private static void assertNothingLeaks(HttpResponse<String> r, Submitted victim) {
    assertThat(r.body())
        .doesNotContain(Long.toString(victim.clientId()))
        .doesNotContain("APPROVED", "DECLINED", "REVIEW", "probability", "reasons")
        .doesNotContain("Exception", "\tat ", ".java:");
  }

  @Test
  @Order(1)
  void aClientLinkOpensItsOwnDecisionButNotAnotherClients() throws Exception {
    // given: alice's valid credential works for her own application
    assertThat(clientView(alice.applicationId(), alice.credential()).statusCode()).isEqualTo(200);

    // when: she uses it on bob's application, in the header and in the query
    HttpResponse<String> header = clientView(bob.applicationId(), alice.credential());
    HttpResponse<String> query =
        portal.get(
            "/client/api/applications/" + bob.applicationId() + "?credential=" + alice.credential(),
            Map.of());
    HttpResponse<String> events =
        portal.get(
            "/client/api/applications/" + bob.applicationId() + "/events",
            Map.of("X-Client-Credential", alice.credential()));

    // then
    for (HttpResponse<String> r : List.of(header, query, events)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
      assertNothingLeaks(r, bob);
    }
  }

  @Test
  @Order(2)
  void forgedTamperedAndExpiredCredentialsAreRefused() throws Exception {
    // given
    String forgedWithAnotherSecret =
        credential(
            bob.applicationId(), bob.clientId(), Instant.now().plusSeconds(3600), "x".repeat(32));
    String expiredButGenuine =
        credential(
            bob.applicationId(),
            bob.clientId(),
            Instant.now().minusSeconds(60),
            system.linkSecret());
    String tampered = swapPayload(alice.credential(), bob.applicationId(), bob.clientId());
    List<String> attempts =
        List.of(forgedWithAnotherSecret, expiredButGenuine, tampered, "garbage", "a.b", "");

    // when / then
    for (String credential : attempts) {
      HttpResponse<String> api = clientView(bob.applicationId(), credential);
      assertThat(api.statusCode()).as("credential '%s': %s", credential, api.body()).isEqualTo(401);
      assertNothingLeaks(api, bob);
      if (!credential.isEmpty()) {
        HttpResponse<String> page = portal.get("/c/" + credential, Map.of());
        assertThat(page.statusCode()).as("page for '%s'", credential).isBetween(400, 499);
        assertNothingLeaks(page, bob);
      }
    }
    // and the genuine, unexpired one still works (so the refusals above are not a broken portal)
    assertThat(clientView(bob.applicationId(), bob.credential()).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void theFrontOfficeApiRefusesMissingWrongAndMisplacedKeys() throws Exception {
    String path = "/api/v1/applications/" + alice.applicationId() + "/decision";
    List<HttpResponse<String>> refused =
        List.of(
            portal.get(path, Map.of()),
            portal.get(path, Map.of("X-API-Key", "systest-not-the-key")),
            portal.get(path, Map.of("X-API-Key", "")),
            portal.get(
                path + "?X-API-Key=" + URLEncoder.encode(system.apiKey(), StandardCharsets.UTF_8),
                Map.of()),
            portal.get(path, Map.of("Authorization", "Bearer " + system.apiKey())),
            portal.send(
                HttpRequest.newBuilder(URI.create(portal.url() + "/api/v1/applications"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))));
    for (HttpResponse<String> r : refused) {
      assertThat(r.statusCode()).as("%s: %s", r.request().uri(), r.body()).isEqualTo(401);
      assertNothingLeaks(r, alice);
    }
    assertThat(portal.decisionStatus(alice.applicationId())).isEqualTo(200);
  }

  @Test
  @Order(4)
  void eachRoleIsRefusedTheOthersPages() throws Exception {
    // given: a logged-in auditor session
    Session auditor = Session.login(portal, "auditor", system.auditorPassword());
    assertThat(auditor.get("/audit").statusCode()).isEqualTo(200);

    // when: the auditor calls the front-office API; the front office opens the auditors' pages
    HttpResponse<String> auditorOnApi =
        auditor.get("/api/v1/applications/" + alice.applicationId() + "/decision");
    HttpResponse<String> keyOnAudit =
        portal.get(
            "/audit/decisions/" + alice.applicationId(), Map.of("X-API-Key", system.apiKey()));
    HttpResponse<String> clientOnAudit =
        portal.get(
            "/audit/decisions/" + alice.applicationId(),
            Map.of("X-Client-Credential", alice.credential()));
    HttpResponse<String> wrongPassword = Session.tryLogin(portal, "auditor", "not-the-password");

    // then
    assertThat(auditorOnApi.statusCode()).isEqualTo(401);
    for (HttpResponse<String> r : List.of(keyOnAudit, clientOnAudit)) {
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
      assertNothingLeaks(r, alice);
    }
    assertThat(wrongPassword.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
    secretsSeen.add("not-the-password");
  }

  @Test
  @Order(5)
  void anAuditorFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
    // given
    Session auditor = Session.login(portal, "auditor", system.auditorPassword());

    // when: a cross-site form posts the logout with the auditor's cookie but no token
    HttpResponse<String> forged = auditor.post("/logout", "");
    HttpResponse<String> forgedWithWrongToken = auditor.post("/logout", "_csrf=not-the-token");

    // then: refused, and the session is still logged in
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forgedWithWrongToken.statusCode()).isEqualTo(403);
    assertThat(auditor.get("/audit").statusCode()).isEqualTo(200);
    // and with the token it works (the refusal was about the token)
    assertThat(auditor.post("/logout", "_csrf=" + auditor.csrf()).statusCode()).isEqualTo(302);
    assertThat(auditor.get("/audit").statusCode()).isEqualTo(302);
  }

  @Test
  @Order(6)
  void reportFileNamesCannotLeaveTheReportsDirectory() throws Exception {
    // given
    Session auditor = Session.login(portal, "auditor", system.auditorPassword());
    assertThat(auditor.get("/audit/replays/replay.html").body()).contains("a replay report");
    List<String> attempts =
        List.of(
            "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
            "..%2Foutside-secret.txt",
            "%2e%2e%2foutside-secret.txt",
            "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "..%252F..%252Fetc%252Fpasswd",
            "....%2F%2F....%2F%2Fetc%2Fpasswd",
            "..%5C..%5Cetc%5Cpasswd",
            "%2Fetc%2Fpasswd",
            "..%00.html",
            "%2e%2e");

    // when / then: under both the real path and the one the issue names
    for (String base : List.of("/audit/replays/", "/audit/reports/")) {
      for (String name : attempts) {
        HttpResponse<String> r = auditor.get(base + name);
        assertThat(r.statusCode()).as("%s%s: %s", base, name, r.body()).isBetween(400, 404);
        assertThat(r.body())
            .as("%s%s", base, name)
            .doesNotContain("root:")
            .doesNotContain("TOP-SECRET-FILE-CONTENT")
            .doesNotContain("Exception", "\tat ");
      }
    }
  }

  @Test
  @Order(7)
  void headerInjectionIsRefusedAndNothingIsEchoedIntoTheResponseHeaders() throws Exception {
    String body =
        Samples.json(Samples.body(Samples.records(system.model().trafficFile(), 3).get(2)));
    List<String> keys =
        List.of(
            "abc\r\nX-Injected: yes",
            "abc\rX-Injected: yes",
            "abc\nX-Injected: yes",
            "abc%0d%0aX-Injected:%20yes",
            "abc def",
            "caf\u00e9");
    for (String key : keys) {
      String response =
          raw(
              "POST /api/v1/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
                  + system.apiKey()
                  + "\r\nContent-Type: application/json\r\nIdempotency-Key: "
                  + key
                  + "\r\nContent-Length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\nConnection: close\r\n\r\n"
                  + body);
      String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
      assertThat(head)
          .as("key %s", key.replace("\r", "\\r").replace("\n", "\\n"))
          .doesNotContain("X-Injected");
      // A CRLF or LF splits the line: the server sees a second, harmless request header, and the
      // key before it is valid. An encoded CRLF is just visible characters. The rest is refused.
      if (key.startsWith("abc\r") && !key.startsWith("abc\r\n")
          || key.contains(" ") && !key.contains("\n")
          || key.startsWith("caf")) {
        assertThat(head).as("key %s", key).startsWith("HTTP/1.1 400");
      }
      assertThat(response).doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  @Order(8)
  void oversizedBodiesHeadersAndUrlsAreRefused() throws Exception {
    HttpResponse<String> bigBody = portal.submit("{\"padding\":\"" + "x".repeat(2_000_000) + "\"}");
    HttpResponse<String> bigHeader =
        portal.get(
            "/api/v1/applications/" + alice.applicationId() + "/decision",
            Map.of("X-API-Key", system.apiKey(), "X-Padding", "x".repeat(100_000)));
    HttpResponse<String> bigUrl =
        portal.get(
            "/api/v1/applications/" + "x".repeat(100_000) + "/decision",
            Map.of("X-API-Key", system.apiKey()));

    assertThat(bigBody.statusCode()).isEqualTo(413);
    assertThat(bigHeader.statusCode()).isIn(400, 431);
    assertThat(bigUrl.statusCode()).isIn(400, 414);
    for (HttpResponse<String> r : List.of(bigBody, bigHeader, bigUrl)) {
      assertThat(r.body()).doesNotContain("Exception", "\tat ");
    }
    assertThat(portal.decisionStatus(alice.applicationId())).isEqualTo(200);
  }

  @Test
  @Order(100)
  void thePortalLogNeverContainsTheKeySecretPasswordOrClientCredentials() throws Exception {
    String log = Files.readString(portal.process().logFile());
    assertThat(log).as("the portal log exists and has content").contains("Started");
    assertThat(log).doesNotContain(system.apiKey());
    assertThat(log).doesNotContain(system.linkSecret());
    assertThat(log).doesNotContain(system.auditorPassword());
    for (String secret : secretsSeen) {
      assertThat(log).doesNotContain(secret);
    }
  }

  /** A credential as the portal makes them, signed with {@code secret}. */
  private static String credential(
      String applicationId, long clientId, Instant expires, String secret) throws Exception {
    byte[] payload =
        (applicationId + "|" + clientId + "|" + expires.getEpochSecond())
            .getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    // the portal's format: key id (derived from the secret) "." payload "." MAC over both
    String keyId =
        b64.encodeToString(mac.doFinal("creditstream link key id".getBytes(StandardCharsets.UTF_8)))
            .substring(0, 8);
    String signed = keyId + "." + b64.encodeToString(payload);
    return signed
        + "."
        + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Alice's signature on a payload naming bob's application. */
  private static String swapPayload(String credential, String applicationId, long clientId) {
    String keyId = credential.substring(0, credential.indexOf('.') + 1);
    String signature = credential.substring(credential.lastIndexOf('.'));
    String payload =
        applicationId + "|" + clientId + "|" + Instant.now().plusSeconds(3600).getEpochSecond();
    return keyId
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + signature;
  }

  /** Sends bytes as written (the JDK client refuses CR/LF in headers) and returns the answer. */
  private static String raw(String request) throws Exception {
    URI uri = URI.create(portal.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      try {
        in.transferTo(response);
      } catch (java.net.SocketTimeoutException | java.net.SocketException ended) {
        // what arrived is the answer
      }
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  /** A browser-like auditor session: cookie and CSRF token from the login page. */
  static final class Session {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private final Portal portal;
    private String cookie;
    private String csrf;

    private Session(Portal portal) {
      this.portal = portal;
    }

    static Session login(Portal portal, String user, String password) throws Exception {
      Session s = new Session(portal);
      HttpResponse<String> r = s.tryLoginAs(user, password);
      assertThat(r.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).endsWith("/audit"));
      s.refreshCsrf();
      return s;
    }

    static HttpResponse<String> tryLogin(Portal portal, String user, String password)
        throws Exception {
      return new Session(portal).tryLoginAs(user, password);
    }

    private HttpResponse<String> tryLoginAs(String user, String password) throws Exception {
      HttpResponse<String> page = get("/login");
      remember(page);
      csrf = token(page.body());
      HttpResponse<String> r =
          post(
              "/login",
              "username="
                  + URLEncoder.encode(user, StandardCharsets.UTF_8)
                  + "&password="
                  + URLEncoder.encode(password, StandardCharsets.UTF_8)
                  + "&_csrf="
                  + csrf);
      remember(r);
      return r;
    }

    private void refreshCsrf() throws Exception {
      HttpResponse<String> page = get("/audit");
      csrf = token(page.body());
    }

    String csrf() {
      return csrf;
    }

    private static String token(String html) {
      Matcher m = CSRF.matcher(html);
      assertThat(m.find()).as("a CSRF token in the page").isTrue();
      return m.group(1);
    }

    private void remember(HttpResponse<String> r) {
      r.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("JSESSIONID="))
          .findFirst()
          .ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
    }

    HttpResponse<String> get(String path) throws Exception {
      return portal.get(path, cookie == null ? Map.of() : Map.of("Cookie", cookie));
    }

    HttpResponse<String> post(String path, String form) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(portal.url() + path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form));
      if (cookie != null) {
        b.header("Cookie", cookie);
      }
      return portal.send(b);
    }
  }
}
