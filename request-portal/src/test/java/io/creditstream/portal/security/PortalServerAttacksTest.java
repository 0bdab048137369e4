package io.creditstream.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.portal.PortalRunner;
import io.creditstream.portal.TestSettings;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attacks that need the real server (Tomcat's own body and parameter handling, the container's
 * error pages, compression): chunked bodies without a length, a mistyped address, the API's
 * description, the chart library's weight.
 */
@ExtendWith({LocalPlatformExtension.class, OutputCaptureExtension.class})
class PortalServerAttacksTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path store;
  private static ConfigurableApplicationContext portal;
  private static PortalRunner runner;

  @BeforeAll
  static void start(LocalPlatform platform) throws Exception {
    runner = new PortalRunner(platform, store);
    portal = runner.start();
  }

  @AfterAll
  static void stop() {
    if (portal != null) {
      portal.close();
    }
  }

  /**
   * POSTs a body of {@code size} bytes chunked (no Content-Length, so no early refusal) on a raw
   * socket, reading the answer while still sending: a server that refuses early closes the
   * connection before the body is all sent, which an ordinary client reports as an error instead of
   * the answer.
   */
  private static String chunkedPost(String path, int size, String... headers) throws Exception {
    URI base = URI.create(runner.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      StringBuilder head =
          new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n");
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      head.append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk =
                    ("2000\r\n" + "a".repeat(8192) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                  out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                  for (int sent = 0; sent < size; sent += 8192) {
                    out.write(chunk);
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // the server stopped reading: expected when it refuses early
                }
              });
      writer.start();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(answer);
      } catch (IOException e) {
        // a reset after the answer: what was read is the answer
      }
      writer.join(20_000);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static int status(String rawAnswer) {
    return Integer.parseInt(rawAnswer.substring(9, 12));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unauthenticatedChunkedBodiesOverTheLimitLeaveNoStackTrace(CapturedOutput output)
      throws Exception {
    // given: bodies of 128 KB with no length, to a client link and to the sign-in, as a form and
    // as anything else
    for (String path : List.of("/c/x", "/login")) {
      for (String type : List.of("application/x-www-form-urlencoded", "application/octet-stream")) {
        // when
        String r = chunkedPost(path, 128 * 1024, "Content-Type: " + type);
        // then: refused, and without a trace
        assertThat(status(r)).as(path + " " + type + ": " + r).isIn(403, 413);
        assertThat(r).doesNotContain("Exception").doesNotContain("\tat ");
      }
    }
    assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContainPattern("\n\\s+at ");
  }

  @Test
  void aChunkedBodyOverTheLimitWithAValidKeyIs413InTheDocumentedFormat(CapturedOutput output)
      throws Exception {
    String r =
        chunkedPost(
            "/api/v1/applications",
            5 * 1024 * 1024,
            "Content-Type: application/json",
            "X-API-Key: " + TestSettings.BRANCH_KEY);
    assertThat(status(r)).as(r).isEqualTo(413);
    assertThat(r)
        .contains("\"error\":\"payload_too_large\"")
        .contains("\"fieldErrors\":[{")
        .contains("\"code\":\"too_large\"");
    assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContainPattern("\n\\s+at ");
  }

  @Test
  void aMistypedClientLinkGetsANotFoundPageInTheClientsLanguage() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/c/abc/def"))
                .header("Accept", "text/html")
                .header("Accept-Language", "fr-FR,fr;q=0.9"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("Page introuvable").contains("lang=\"fr\"");
    assertThat(r.body()).doesNotContain("Connexion auditeur").doesNotContain("password");
  }

  @Test
  void theApiDescriptionHasTheApplicationsFieldsAndEveryErrorStatus() throws Exception {
    JsonNode api =
        JSON.readTree(
            send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/v3/api-docs"))).body());
    JsonNode post = api.at("/paths/~1api~1v1~1applications/post");
    for (String status : List.of("400", "401", "409", "413", "415", "422", "429", "503")) {
      assertThat(
              post.at("/responses/" + status + "/content/application~1json/schema/$ref").asString())
          .as(status)
          .isEqualTo("#/components/schemas/ApiError");
    }
    assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/LoanApplication");
    JsonNode application = api.at("/components/schemas/LoanApplication");
    // every Kaggle column of the Avro schema, typed, the non-nullable ones required
    // (OpenAPI 3.1 writes "may be null" as a type list, 3.0 as nullable: accept either)
    assertThat(application.at("/properties/AMT_CREDIT").toString())
        .contains("number")
        .doesNotContain("null");
    assertThat(application.at("/properties/NAME_CONTRACT_TYPE").toString()).contains("string");
    assertThat(application.at("/properties/EXT_SOURCE_1").toString())
        .contains("number")
        .containsPattern("\"null\"|\"nullable\":true");
    assertThat(application.at("/properties").size()).isGreaterThan(100);
    assertThat(application.get("required").toString())
        .contains("\"SK_ID_CURR\"")
        .contains("\"AMT_CREDIT\"")
        .doesNotContain("\"EXT_SOURCE_1\"");
    // the portal sets submittedAt itself
    assertThat(application.at("/properties").has("submittedAt")).isFalse();
    assertThat(api.at("/components/schemas/ApiError/properties").has("fieldErrors")).isTrue();
  }

  @Test
  void theClientPageIsLightAndItsFilesAreCompressedAndCachedUnderVersionedNames() throws Exception {
    // the client page links its script under a content-hashed name
    String link = runner.baseUrl() + "/c/not-a-credential";
    HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(link)));
    assertThat(page.statusCode()).isEqualTo(401);
    Matcher css = Pattern.compile("href=\"(/css/portal-[0-9a-f]{32}\\.css)\"").matcher(page.body());
    assertThat(css.find()).as(page.body()).isTrue();
    HttpResponse<byte[]> file =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(runner.baseUrl() + css.group(1)))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(file.headers().firstValue("Cache-Control").orElse(""))
        .contains("max-age=31536000")
        .doesNotContain("no-store");
    // the auditors' chart library, the only big file left: compressed and cached too
    HttpResponse<byte[]> charts =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(runner.baseUrl() + "/webjars/echarts/dist/echarts.min.js"))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(charts.statusCode()).isEqualTo(200);
    assertThat(charts.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(charts.headers().firstValue("Cache-Control").orElse(""))
        .contains("max-age=31536000");
    assertThat(charts.body().length).isLessThan(400_000);
    System.out.println(
        "PortalServerAttacksTest: echarts.min.js over the wire " + charts.body().length + " bytes");
  }
}
