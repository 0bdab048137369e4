package io.creditstream.scorer.testing;

import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.seal.SealKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

/**
 * The tests' sealing key, made as an operator makes one: an Ed25519 pair in PEM files, configured
 * with {@link ScorerSettings#SEAL_PRIVATE_KEY} (scorer) and {@code scorer.seal.public-key.<id>}
 * (verifiers). One pair per test JVM.
 */
public final class SealFixtures {

  public static final String KEY_ID = "test-seal-1";

  private static final KeyPair PAIR = SealKeys.generate();
  private static Path dir;

  private SealFixtures() {}

  public static KeyPair pair() {
    return PAIR;
  }

  public static SealKeys.Signer signer() {
    return new SealKeys.Signer(KEY_ID, PAIR.getPrivate());
  }

  public static SealKeys.KeyRing ring() {
    return new SealKeys.KeyRing(Map.of(KEY_ID, PAIR.getPublic()));
  }

  /** The scorer's settings for the key: private key file, key id, and the public key file. */
  public static synchronized Map<String, String> config() {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("seal-keys-");
        Files.writeString(dir.resolve("seal.key"), SealKeys.pem(PAIR.getPrivate()));
        Files.writeString(dir.resolve("seal.pub"), SealKeys.pem(PAIR.getPublic()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        ScorerSettings.SEAL_PRIVATE_KEY,
        dir.resolve("seal.key").toString(),
        ScorerSettings.SEAL_KEY_ID,
        KEY_ID,
        ScorerSettings.SEAL_PUBLIC_KEY_PREFIX + KEY_ID,
        dir.resolve("seal.pub").toString());
  }

  /** Only the verifiers' part: the public key by its id (what an auditor is given). */
  public static Map<String, String> verifierConfig() {
    String pub = config().get(ScorerSettings.SEAL_PUBLIC_KEY_PREFIX + KEY_ID);
    return Map.of(ScorerSettings.SEAL_PUBLIC_KEY_PREFIX + KEY_ID, pub);
  }
}
