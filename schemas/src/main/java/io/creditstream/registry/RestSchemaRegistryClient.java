package io.creditstream.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to a Confluent-compatible Schema Registry (Confluent's own, or Apicurio's {@code
 * /apis/ccompat/v7}) over HTTP(S). Input: a {@link RegistryClientConfig}. Schemas are sent as their
 * {@link Schema#toString()} JSON, the form Confluent's client sends too, so both clients find each
 * other's registrations.
 *
 * <p>Answers are cached (subject + schema to id, id to schema, and the latest version for a bounded
 * time) because a serializer asks the same question for every record. Connection failures and 5xx
 * answers are retried with exponential backoff, rotating through the configured URLs, then reported
 * as {@link RegistryUnavailableException}; 4xx answers are not retried.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper json = JsonMapper.builderWithJackson2Defaults().build();
  private static final Duration LATEST_TTL = Duration.ofSeconds(30);

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final String authorization;
  private final AtomicInteger nextUrl = new AtomicInteger();

  private final Map<SubjectSchema, Integer> idsBySchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
  private final Map<String, Timed> latestBySubject = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, String schema) {}

  /**
   * The same answers keyed by the schema object itself, compared by identity: a serializer passes
   * the same (generated) {@code Schema} instance with every record, and rendering it to JSON to
   * find its cache entry cost more than encoding a decision. Bounded, in case a caller builds a new
   * schema object per record.
   */
  private final Map<SchemaRef, Integer> idsByInstance = new ConcurrentHashMap<>();

  private final Map<SchemaRef, RegisteredSchema> lookupsByInstance = new ConcurrentHashMap<>();

  static final int INSTANCE_CACHE_LIMIT = 1_000;

  private record SchemaRef(String subject, Schema schema) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SchemaRef other
          && other.schema == schema
          && other.subject.equals(subject);
    }

    @Override
    public int hashCode() {
      return 31 * subject.hashCode() + System.identityHashCode(schema);
    }
  }

  private static <V> void remember(Map<SchemaRef, V> cache, SchemaRef key, V value) {
    if (cache.size() < INSTANCE_CACHE_LIMIT) {
      cache.put(key, value);
    }
  }

  /**
   * The answer about this schema under this subject: from the cache by instance, else from the
   * cache by text (then remembered by instance too), else fetched with the schema's text and kept
   * in both. The text is rendered only when the instance is not known.
   */
  private static <V> V cached(
      Map<SchemaRef, V> byInstance,
      Map<SubjectSchema, V> byText,
      String subject,
      Schema schema,
      Function<String, V> fetch) {
    SchemaRef ref = new SchemaRef(subject, schema);
    V known = byInstance.get(ref);
    if (known != null) {
      return known;
    }
    String text = schema.toString();
    SubjectSchema key = new SubjectSchema(subject, text);
    V answer = byText.get(key);
    if (answer == null) {
      answer = fetch.apply(text);
      byText.put(key, answer);
    }
    remember(byInstance, ref, answer);
    return answer;
  }

  private record Timed(RegisteredSchema value, long fetchedAtNanos) {}

  public RestSchemaRegistryClient(RegistryClientConfig config) {
    this.config = config;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1);
    if (config.truststoreLocation() != null || config.keystoreLocation() != null) {
      builder.sslContext(sslContext(config));
    }
    this.http = builder.build();
    this.authorization =
        config.userInfo() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int register(String subject, Schema schema) {
    return cached(
        idsByInstance, idsBySchema, subject, schema, text -> registerNew(subject, schema, text));
  }

  private int registerNew(String subject, Schema schema, String text) {
    JsonNode answer;
    try {
      answer = call("POST", "/subjects/" + encode(subject) + "/versions", body(text), subject);
    } catch (IncompatibleSchemaException refused) {
      // Apicurio answers 409 to a second client registering the same new schema at the same moment
      // (two scorer instances starting together). If the schema is in fact registered under the
      // subject, that is its id; otherwise the refusal stands.
      try {
        return lookup(subject, schema).id();
      } catch (SchemaRegistryException notThere) {
        throw refused;
      }
    }
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException(
          "registry answered a registration under subject " + subject + " without an id: " + answer,
          200,
          -1);
    }
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("GET", "/schemas/ids/" + id, null, "schema id " + id);
    Schema schema = parse(answer.path("schema").asString(null), "schema id " + id);
    schemasById.put(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    Timed cached = latestBySubject.get(subject);
    if (cached != null && System.nanoTime() - cached.fetchedAtNanos() < LATEST_TTL.toNanos()) {
      return cached.value();
    }
    JsonNode answer =
        call("GET", "/subjects/" + encode(subject) + "/versions/latest", null, subject);
    RegisteredSchema latest = registered(subject, answer);
    latestBySubject.put(subject, new Timed(latest, System.nanoTime()));
    return latest;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    return cached(
        lookupsByInstance,
        lookups,
        subject,
        schema,
        text ->
            registered(subject, call("POST", "/subjects/" + encode(subject), body(text), subject)));
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    JsonNode answer =
        call(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
            body(schema.toString()),
            subject);
    if (!answer.has("is_compatible")) {
      throw new SchemaRegistryException(
          "registry answered a compatibility check for "
              + subject
              + " without is_compatible: "
              + answer,
          200,
          -1);
    }
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(m -> messages.add(m.asString()));
    return new CompatibilityResult(answer.get("is_compatible").asBoolean(), messages);
  }

  private RegisteredSchema registered(String subject, JsonNode answer) {
    int id = answer.path("id").asInt(-1);
    Schema schema = parse(answer.path("schema").asString(null), "subject " + subject);
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, id, answer.path("version").asInt(-1), schema);
  }

  private static Schema parse(String text, String what) {
    if (text == null) {
      throw new SchemaRegistryException("registry answered no schema text for " + what, 200, -1);
    }
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "registry answered a schema for " + what + " that is not valid Avro: " + e.getMessage(),
          200,
          -1,
          e);
    }
  }

  private static byte[] body(String schemaText) {
    ObjectNode node = json.createObjectNode();
    node.put("schema", schemaText);
    try {
      return json.writeValueAsBytes(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write a JSON request body", e);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * One REST call with retries on connection failures and 5xx; 4xx answers become typed exceptions.
   */
  private JsonNode call(String method, String path, byte[] body, String what) {
    int attempts = config.maxRetries() + 1;
    Exception lastFailure = null;
    int lastStatus = -1;
    String lastProblem = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      URI base = config.urls().get(Math.floorMod(nextUrl.get(), config.urls().size()));
      URI uri = URI.create(base + path);
      try {
        HttpResponse<byte[]> response =
            http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status < 300) {
          return json.readTree(response.body());
        }
        if (status < 500) {
          throw clientError(status, response.body(), method, uri, what);
        }
        lastStatus = status;
        lastProblem = "HTTP " + status + " " + errorText(response.body());
      } catch (SSLException e) {
        // A certificate problem does not heal by retrying; say which settings to look at instead.
        throw new SchemaRegistryException(
            "TLS handshake with the schema registry at "
                + uri.getHost()
                + ":"
                + uri.getPort()
                + " failed (check "
                + RegistryClientConfig.TRUSTSTORE_LOCATION
                + " and "
                + RegistryClientConfig.KEYSTORE_LOCATION
                + "): "
                + e.getMessage(),
            -1,
            -1,
            e);
      } catch (IOException | JacksonException e) {
        lastFailure = e;
        lastProblem =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(
            "interrupted while calling the schema registry at " + uri, -1, e);
      }
      // The next attempt goes to the next URL: one dead registry node should not fail every call.
      nextUrl.incrementAndGet();
      if (attempt + 1 < attempts) {
        Duration pause = backoff(attempt);
        log.warn(
            "schema registry call {} {} failed ({}); attempt {} of {}, retrying in {} ms",
            method,
            uri,
            lastProblem,
            attempt + 1,
            attempts,
            pause.toMillis());
        sleep(pause);
      }
    }
    throw new RegistryUnavailableException(
        "schema registry unavailable at "
            + config.urls()
            + " for "
            + what
            + " after "
            + attempts
            + " attempt(s): "
            + lastProblem,
        lastStatus,
        lastFailure);
  }

  private HttpRequest request(String method, URI uri, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (body == null) {
      return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return builder
        .header("Content-Type", CONTENT_TYPE)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  Duration backoff(int attempt) {
    long base = config.retryBackoff().toMillis();
    long max = config.retryBackoffMax().toMillis();
    long delay = attempt >= 30 ? max : Math.min(max, base << attempt);
    return Duration.ofMillis(delay);
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "interrupted while waiting to retry the schema registry", -1, e);
    }
  }

  private static SchemaRegistryException clientError(
      int status, byte[] body, String method, URI uri, String what) {
    JsonNode error = errorJson(body);
    int code = error.path("error_code").asInt(status);
    String message = error.path("message").asString(new String(body, StandardCharsets.UTF_8));
    String context = method + " " + uri.getPath() + " answered " + status;
    if (status == 409) {
      return new IncompatibleSchemaException(
          "schema refused as incompatible for " + what + " (" + context + "): " + message, message);
    }
    if (status == 404) {
      String kind =
          switch (code) {
            case 40401 -> "subject not found";
            case 40402 -> "version not found";
            case 40403 -> "schema not found";
            default -> "not found";
          };
      return new SchemaNotFoundException(
          kind + ": " + what + " (" + context + "): " + message, code);
    }
    if (status == 401 || status == 403) {
      return new SchemaRegistryException(
          "schema registry refused the credentials for " + what + " (" + context + "): " + message,
          status,
          code);
    }
    return new SchemaRegistryException(
        "schema registry refused the request for "
            + what
            + " ("
            + context
            + ", error code "
            + code
            + "): "
            + message,
        status,
        code);
  }

  private static JsonNode errorJson(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      return node == null ? json.createObjectNode() : node;
    } catch (JacksonException e) {
      return json.createObjectNode();
    }
  }

  private static String errorText(byte[] body) {
    JsonNode error = errorJson(body);
    return error.has("message")
        ? error.get("message").asString()
        : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
  }

  private static SSLContext sslContext(RegistryClientConfig config) {
    try {
      TrustManagerFactory trust = null;
      if (config.truststoreLocation() != null) {
        KeyStore store =
            load(
                config.truststoreLocation(),
                config.truststorePassword(),
                config.truststoreType(),
                RegistryClientConfig.TRUSTSTORE_LOCATION);
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
      }
      KeyManagerFactory keys = null;
      if (config.keystoreLocation() != null) {
        KeyStore store =
            load(
                config.keystoreLocation(),
                config.keystorePassword(),
                config.keystoreType(),
                RegistryClientConfig.KEYSTORE_LOCATION);
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword =
            config.keyPassword() != null ? config.keyPassword() : config.keystorePassword();
        keys.init(store, keyPassword == null ? new char[0] : keyPassword.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("cannot set up TLS for the schema registry: " + e.getMessage());
    }
  }

  private static KeyStore load(String location, String password, String type, String property)
      throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password == null ? null : password.toCharArray());
      return store;
    } catch (IOException e) {
      throw new ConfigException(property, location, "cannot read the key store: " + e.getMessage());
    }
  }
}
