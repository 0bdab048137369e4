package io.creditstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.creditstream.avro.DriftReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * The REST client's HTTP behaviour against a scripted stub server: headers, bodies, caching,
 * retries and error mapping. Its conformance with a real registry is in the platform tests.
 */
class RestSchemaRegistryClientTest {
  private static final ObjectMapper json = new ObjectMapper();
  private static final Schema SCHEMA = DriftReport.getClassSchema();

  private record Seen(String method, String path, Map<String, List<String>> headers, String body) {}

  private record Answer(int status, String body) {}

  private HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          Answer answer;
          synchronized (script) {
            answer = script.size() > 1 ? script.poll() : script.peek();
          }
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", "application/vnd.schemaregistry.v1+json");
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  private String stubUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(int status, String body) {
    script.add(new Answer(status, body));
  }

  private RestSchemaRegistryClient client(Map<String, Object> extra) {
    Map<String, Object> config =
        new java.util.HashMap<>(
            Map.of("schema.registry.url", stubUrl(), "schema.registry.retry.backoff.ms", 10));
    config.putAll(extra);
    return new RestSchemaRegistryClient(RegistryClientConfig.from(config));
  }

  @Test
  void registersWithConfluentContentTypeBasicAuthAndTheSchemaJsonThenCachesTheId()
      throws IOException {
    // given a registry that answers id 7
    answer(200, "{\"id\":7}");
    RestSchemaRegistryClient client =
        client(
            Map.of(
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "alice:pw"));

    // when the same schema is registered twice
    int first = client.register("model-drift-value", SCHEMA);
    int second = client.register("model-drift-value", SCHEMA);

    // then one request was made, shaped as Confluent's API wants it
    assertThat(first).isEqualTo(7);
    assertThat(second).isEqualTo(7);
    assertThat(seen).hasSize(1);
    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/model-drift-value/versions");
    assertThat(request.headers().get("Content-type"))
        .containsExactly("application/vnd.schemaregistry.v1+json");
    assertThat(request.headers().get("Authorization"))
        .containsExactly(
            "Basic "
                + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)));
    assertThat(json.readTree(request.body()).get("schema").asString()).isEqualTo(SCHEMA.toString());
  }

  @Test
  void cachesBySchemaObjectWithoutConflatingSchemasThatDifferOnlyInTheirDocs() {
    // given a registry that answers ids 7, then 8, then 9
    answer(200, "{\"id\":7}");
    answer(200, "{\"id\":8}");
    answer(200, "{\"id\":9}");
    RestSchemaRegistryClient client = client(Map.of());
    Schema sameText = new Schema.Parser().parse(SCHEMA.toString());
    Schema otherDoc =
        new Schema.Parser().parse(SCHEMA.toString().replaceFirst("\"doc\":\"", "\"doc\":\"X"));
    assertThat(otherDoc).isEqualTo(SCHEMA); // Avro's equality ignores docs; the registry does not
    assertThat(otherDoc.toString()).isNotEqualTo(SCHEMA.toString());

    // when the schema, an equal copy with the same text, a copy with another doc, and the schema
    // under another subject are registered, each many times
    for (int i = 0; i < 3; i++) {
      assertThat(client.register("model-drift-value", SCHEMA)).isEqualTo(7);
      assertThat(client.register("model-drift-value", sameText)).isEqualTo(7);
      assertThat(client.register("model-drift-value", otherDoc)).isEqualTo(8);
      assertThat(client.register("other-value", SCHEMA)).isEqualTo(9);
    }

    // then the registry was asked once per distinct (subject, schema text)
    assertThat(seen)
        .extracting(Seen::path)
        .containsExactly(
            "/subjects/model-drift-value/versions",
            "/subjects/model-drift-value/versions",
            "/subjects/other-value/versions");
  }

  @Test
  void retriesServerErrorsWithBackoffThenSucceeds() {
    // given two 503s before the answer
    answer(503, "{\"error_code\":50003,\"message\":\"store timeout\"}");
    answer(503, "{\"error_code\":50003,\"message\":\"store timeout\"}");
    answer(200, json.createObjectNode().put("schema", SCHEMA.toString()).toString());

    // when a schema is fetched by id with 3 retries allowed
    Schema fetched = client(Map.of("schema.registry.retries", 3)).getById(5);

    // then the third attempt's answer is used
    assertThat(fetched).isEqualTo(SCHEMA);
    assertThat(seen).hasSize(3).allMatch(s -> s.path().equals("/schemas/ids/5"));
  }

  @Test
  void givesUpAfterTheConfiguredRetriesNamingTheLastProblem() {
    answer(500, "{\"error_code\":50001,\"message\":\"backend down\"}");
    RestSchemaRegistryClient client = client(Map.of("schema.registry.retries", 2));

    assertThatThrownBy(() -> client.getById(5))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageContaining("HTTP 500 backend down");
    assertThat(seen).hasSize(3);
  }

  @Test
  void reportsAClosedPortAsUnavailableWithinABoundedTime() throws IOException {
    // given a URL nobody listens on
    String closed = "http://127.0.0.1:" + closedPort();
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of(
                    "schema.registry.url",
                    closed,
                    "schema.registry.retries",
                    2,
                    "schema.registry.retry.backoff.ms",
                    20)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("schema registry unavailable at [" + closed + "]")
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageContaining("ConnectException");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void failsOverToTheNextUrlWhenOneIsDown() throws IOException {
    answer(200, "{\"id\":3}");
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of(
                    "schema.registry.url", "http://127.0.0.1:" + closedPort() + "," + stubUrl(),
                    "schema.registry.retries", 1,
                    "schema.registry.retry.backoff.ms", 1)));

    assertThat(client.register("s", SCHEMA)).isEqualTo(3);
  }

  @Test
  void mapsAConflictToIncompatibleSchemaCarryingTheRegistrysMessageWithoutRetrying() {
    answer(
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible: READER_FIELD_MISSING_DEFAULT\"}");

    assertThatThrownBy(() -> client(Map.of()).register("s-value", SCHEMA))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class,
            e ->
                assertThat(e.registryMessage())
                    .isEqualTo(
                        "Schema being registered is incompatible: READER_FIELD_MISSING_DEFAULT"))
        .hasMessageContaining("incompatible for s-value");
    // the registration, then the look-up that checks whether a concurrent client registered it
    assertThat(seen)
        .extracting(Seen::path)
        .containsExactly("/subjects/s-value/versions", "/subjects/s-value");
  }

  @Test
  void takesTheIdOfASchemaAnotherClientRegisteredConcurrently() {
    // given a registry that refuses the registration (a concurrent one won) but knows the schema
    answer(409, "{\"error_code\":409,\"message\":\"Artifact already exists\"}");
    answer(
        200,
        json.createObjectNode()
            .put("subject", "s-value")
            .put("version", 1)
            .put("id", 5)
            .put("schema", SCHEMA.toString())
            .toString());

    // when registering, the client takes the existing id instead of failing
    assertThat(client(Map.of()).register("s-value", SCHEMA)).isEqualTo(5);
  }

  @Test
  void mapsAnUnknownIdToSchemaNotFound() {
    answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

    assertThatThrownBy(() -> client(Map.of()).getById(99))
        .isInstanceOfSatisfying(
            SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
        .hasMessageContaining("schema not found: schema id 99");
  }

  @Test
  void reportsRefusedCredentialsWithoutRetrying() {
    answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");

    assertThatThrownBy(() -> client(Map.of("schema.registry.retries", 3)).getById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("refused the credentials")
        .hasMessageContaining("Unauthorized");
    assertThat(seen).hasSize(1);
  }

  @Test
  void readsTheLatestVersionAndLookupAnswers() {
    String answer =
        json.createObjectNode()
            .put("subject", "model-drift-value")
            .put("version", 4)
            .put("id", 11)
            .put("schema", SCHEMA.toString())
            .toString();
    answer(200, answer);
    RestSchemaRegistryClient client = client(Map.of());

    assertThat(client.latest("model-drift-value"))
        .isEqualTo(new RegisteredSchema("model-drift-value", 11, 4, SCHEMA));
    assertThat(client.lookup("model-drift-value", SCHEMA).id()).isEqualTo(11);
    assertThat(seen.get(0).path()).isEqualTo("/subjects/model-drift-value/versions/latest");
    assertThat(seen.get(1).method()).isEqualTo("POST");
    assertThat(seen.get(1).path()).isEqualTo("/subjects/model-drift-value");
  }

  @Test
  void readsACompatibilityVerdictWithItsMessages() {
    answer(200, "{\"is_compatible\":false,\"messages\":[\"field x has no default\"]}");

    CompatibilityResult result = client(Map.of()).testCompatibility("s", SCHEMA);

    assertThat(result).isEqualTo(new CompatibilityResult(false, List.of("field x has no default")));
    assertThat(seen.get(0).path())
        .isEqualTo("/compatibility/subjects/s/versions/latest?verbose=true");
  }

  @Test
  void doublesTheBackoffUpToItsMaximum() {
    RestSchemaRegistryClient client =
        client(
            Map.of(
                "schema.registry.retry.backoff.ms",
                100,
                "schema.registry.retry.backoff.max.ms",
                400));

    assertThat(
            List.of(
                client.backoff(0),
                client.backoff(1),
                client.backoff(2),
                client.backoff(3),
                client.backoff(40)))
        .extracting(Duration::toMillis)
        .containsExactly(100L, 200L, 400L, 400L, 400L);
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
