package io.creditstream.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The registry client's settings, read from a Kafka-style config map with Confluent's property
 * names (so a config written for Confluent's {@code KafkaAvroSerializer} works unchanged), plus
 * this client's retry settings. Bad values stop construction with a {@link ConfigException} naming
 * the property.
 */
public record RegistryClientConfig(
    List<URI> urls,
    String userInfo,
    String truststoreLocation,
    String truststorePassword,
    String truststoreType,
    String keystoreLocation,
    String keystorePassword,
    String keystoreType,
    String keyPassword,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBackoff,
    Duration retryBackoffMax) {

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String USER_INFO = "basic.auth.user.info";
  public static final String PREFIXED_USER_INFO = "schema.registry.basic.auth.user.info";
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
  public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";

  /** Not a Confluent property: how many times a connection failure or 5xx answer is retried. */
  public static final String MAX_RETRIES = "schema.registry.retries";

  /** Not a Confluent property: the first retry's delay; each further retry doubles it. */
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

  /** Not a Confluent property: the longest delay between two retries. */
  public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

  /** Upper bound on retries, so that a misconfiguration cannot make a caller wait for ever. */
  public static final int RETRIES_LIMIT = 20;

  public RegistryClientConfig {
    urls = List.copyOf(urls);
  }

  public static RegistryClientConfig from(Map<String, ?> config) {
    List<URI> urls = parseUrls(config.get(URL));
    String userInfo = userInfo(config, urls);
    int maxRetries = intValue(config, MAX_RETRIES, 3);
    if (maxRetries < 0 || maxRetries > RETRIES_LIMIT) {
      throw new ConfigException(MAX_RETRIES, maxRetries, "must be between 0 and " + RETRIES_LIMIT);
    }
    long backoff = longValue(config, RETRY_BACKOFF_MS, 100);
    long backoffMax = longValue(config, RETRY_BACKOFF_MAX_MS, 2_000);
    if (backoff < 0 || backoffMax < backoff) {
      throw new ConfigException(
          RETRY_BACKOFF_MS,
          backoff,
          "must be >= 0 and <= " + RETRY_BACKOFF_MAX_MS + " (" + backoffMax + ")");
    }
    return new RegistryClientConfig(
        urls.stream().map(RegistryClientConfig::withoutUserInfo).toList(),
        userInfo,
        string(config, TRUSTSTORE_LOCATION),
        string(config, TRUSTSTORE_PASSWORD),
        stringOr(config, TRUSTSTORE_TYPE, "JKS"),
        string(config, KEYSTORE_LOCATION),
        string(config, KEYSTORE_PASSWORD),
        stringOr(config, KEYSTORE_TYPE, "JKS"),
        string(config, KEY_PASSWORD),
        Duration.ofMillis(intValue(config, CONNECT_TIMEOUT_MS, 10_000)),
        Duration.ofMillis(intValue(config, READ_TIMEOUT_MS, 30_000)),
        maxRetries,
        Duration.ofMillis(backoff),
        Duration.ofMillis(backoffMax));
  }

  /** The mock scope when the (single) URL is {@code mock://scope}, otherwise null. */
  public static String mockScope(Map<String, ?> config) {
    Object raw = config.get(URL);
    if (raw == null) {
      return null;
    }
    String first = rawUrls(raw).get(0).trim();
    return first.startsWith("mock://") ? first.substring("mock://".length()) : null;
  }

  private static List<URI> parseUrls(Object raw) {
    if (raw == null || rawUrls(raw).stream().allMatch(String::isBlank)) {
      throw new ConfigException(URL + " is required (e.g. http://localhost:8081 or mock://scope)");
    }
    List<URI> urls = new ArrayList<>();
    for (String each : rawUrls(raw)) {
      String trimmed = each.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri =
            URI.create(
                trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(URL, trimmed, "not a URL: " + e.getMessage());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new ConfigException(
            URL, trimmed, "must be http://, https:// or a single mock://scope");
      }
      urls.add(uri);
    }
    return urls;
  }

  private static List<String> rawUrls(Object raw) {
    if (raw instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(raw).split(","));
  }

  private static String userInfo(Map<String, ?> config, List<URI> urls) {
    String source = stringOr(config, BASIC_AUTH_CREDENTIALS_SOURCE, "URL").toUpperCase(Locale.ROOT);
    switch (source) {
      case "USER_INFO":
        String userInfo = string(config, USER_INFO);
        if (userInfo == null) {
          userInfo = string(config, PREFIXED_USER_INFO);
        }
        if (userInfo == null || !userInfo.contains(":")) {
          throw new ConfigException(
              USER_INFO,
              userInfo == null ? null : "(hidden)",
              "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
        }
        return userInfo;
      case "URL":
        return urls.stream().map(URI::getUserInfo).filter(u -> u != null).findFirst().orElse(null);
      default:
        throw new ConfigException(
            BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported values are USER_INFO and URL");
    }
  }

  private static URI withoutUserInfo(URI uri) {
    if (uri.getUserInfo() == null) {
      return uri;
    }
    return URI.create(uri.toString().replace(uri.getRawUserInfo() + "@", ""));
  }

  private static String string(Map<String, ?> config, String key) {
    Object value = config.get(key);
    if (value == null) {
      return null;
    }
    // Kafka's Password type hides its value from toString().
    if (value instanceof org.apache.kafka.common.config.types.Password password) {
      return password.value();
    }
    String text = String.valueOf(value).trim();
    return text.isEmpty() ? null : text;
  }

  private static String stringOr(Map<String, ?> config, String key, String fallback) {
    String value = string(config, key);
    return value == null ? fallback : value;
  }

  private static int intValue(Map<String, ?> config, String key, int fallback) {
    return (int) longValue(config, key, fallback);
  }

  private static long longValue(Map<String, ?> config, String key, long fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "must be a whole number");
    }
  }
}
