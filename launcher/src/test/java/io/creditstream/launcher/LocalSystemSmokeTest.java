package io.creditstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the whole system as {@code ./creditstream local} does (generated data, training,
 * publishing, scorer, portal, feeder), waits until decisions are visible through the portal's API,
 * checks them, and stops everything.
 */
class LocalSystemSmokeTest {

  @Test
  void decisionsArriveThroughThePortalAndEverythingStops(@TempDir Path state) throws Exception {
    List<String> progress = new ArrayList<>();
    LocalSystem.Settings settings =
        new LocalSystem.Settings(state, null, false, 1500, 20, 0, 0, 0, 0, 0, 1, progress::add);

    List<JsonNode> decisions = new ArrayList<>();
    String modelVersion;
    String portalUrl;
    try (LocalSystem system = LocalSystem.start(settings)) {
      modelVersion = system.modelVersion();
      portalUrl = system.portalUrl();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (decisions.size() < 5 && System.nanoTime() < deadline) {
        decisions.clear();
        for (String id : system.submittedApplicationIds()) {
          JsonNode decision = system.decision(id);
          if (decision != null) {
            decisions.add(decision);
          }
        }
        Thread.sleep(500);
      }
      // the client's page shows the decision: the JSON behind the page, with the client's own
      // credential, has the outcome; another client's credential gets nothing
      HttpClient http = HttpClient.newHttpClient();
      List<String> ids = system.submittedApplicationIds();
      List<String> links = system.clientLinks();
      String decidedId = decisions.get(0).path("applicationId").asText();
      int index = ids.indexOf(decidedId);
      String credential = links.get(index).replaceFirst(".*/c/", "");
      String otherCredential = links.get(index == 0 ? 1 : 0).replaceFirst(".*/c/", "");
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(portalUrl + "/client/api/applications/" + decidedId))
                  .header("X-Client-Credential", credential)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains(decisions.get(0).path("outcome").asText());
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(portalUrl + "/client/api/applications/" + decidedId))
                          .header("X-Client-Credential", otherCredential)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isIn(401, 403);

      // the page itself opens with the link, and a made-up credential gets nothing
      String link = links.get(index);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(link)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(portalUrl + "/c/not-a-credential")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isIn(401, 403);
    }

    assertThat(decisions).hasSizeGreaterThanOrEqualTo(5);
    assertThat(decisions)
        .allSatisfy(
            d -> {
              assertThat(d.path("outcome").asText()).isIn("APPROVED", "DECLINED", "REVIEW");
              assertThat(d.path("modelVersion").asText()).isEqualTo(modelVersion);
              assertThat(d.path("probabilityOfDefault").asDouble()).isBetween(0.0, 1.0);
              assertThat(d.path("reasons").size()).isPositive();
            });
    assertThat(progress).anyMatch(p -> p.startsWith("Training the model"));
    assertThat(Files.exists(state.resolve("model").resolve("model-card.json"))).isTrue();
    // everything stopped: the portal no longer answers
    assertThat(portalAnswers(portalUrl)).isFalse();
  }

  private static boolean portalAnswers(String url) {
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (Exception refused) {
      return false;
    }
  }
}
