package io.creditstream.portal.frontoffice;

import io.creditstream.portal.config.PortalProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Resolves an API key to the front office it belongs to. Only SHA-256 hashes of the keys are
 * configured: the keys are long random strings, so a fast hash is enough (unlike passwords, there
 * is nothing to brute-force), and a leaked configuration does not leak working keys.
 */
@Component
public class ApiKeys {

  private final List<Entry> entries;

  public ApiKeys(PortalProperties properties) {
    this.entries =
        properties.frontOffices().stream()
            .map(f -> new Entry(f.name(), HexFormat.of().parseHex(f.apiKeySha256())))
            .toList();
  }

  /** The front office whose key this is; every entry is compared so timing says nothing. */
  public Optional<String> frontOffice(String apiKey) {
    if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 512) {
      return Optional.empty();
    }
    byte[] hash = sha256(apiKey);
    String found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.hash(), hash) && found == null) {
        found = e.name();
      }
    }
    return Optional.ofNullable(found);
  }

  /** SHA-256 of a key as hex, the form the configuration takes. */
  public static String sha256Hex(String apiKey) {
    return HexFormat.of().formatHex(sha256(apiKey));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private record Entry(String name, byte[] hash) {}
}
