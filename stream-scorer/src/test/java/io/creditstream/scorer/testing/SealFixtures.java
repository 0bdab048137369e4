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

  /** The id of the tests' release key (the training pipeline's key, which signs model releases). */
  public static final String RELEASE_KEY_ID = "test-release-1";

  private static final KeyPair PAIR = SealKeys.generate();
  private static final KeyPair RELEASE_PAIR = SealKeys.generate();
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

  /**
   * The release key's signer: what signs the tests' model releases where a test wants them signed.
   */
  public static SealKeys.Signer releaseSigner() {
    return new SealKeys.Signer(RELEASE_KEY_ID, RELEASE_PAIR.getPrivate());
  }

  /**
   * The scorer's settings for the keys: the seal's private key file, key id and public key file;
   * the release key's public file, with unsigned releases still believed (most tests publish
   * unsigned fixtures; {@link #signedReleasesOnly()} does not believe them).
   */
  public static synchronized Map<String, String> config() {
    Map<String, String> c = new java.util.HashMap<>(signedReleasesOnly());
    c.put(ScorerSettings.RELEASE_ALLOW_UNSIGNED, "true");
    return Map.copyOf(c);
  }

  /**
   * As {@link #config()}, but the scorer believes only model releases signed by the release key.
   */
  public static synchronized Map<String, String> signedReleasesOnly() {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("seal-keys-");
        Files.writeString(dir.resolve("seal.key"), SealKeys.pem(PAIR.getPrivate()));
        Files.writeString(dir.resolve("seal.pub"), SealKeys.pem(PAIR.getPublic()));
        Files.writeString(dir.resolve("release.pub"), SealKeys.pem(RELEASE_PAIR.getPublic()));
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
        dir.resolve("seal.pub").toString(),
        ScorerSettings.RELEASE_PUBLIC_KEY_PREFIX + RELEASE_KEY_ID,
        dir.resolve("release.pub").toString());
  }

  /** Only the verifiers' part: the public key by its id (what an auditor is given). */
  public static Map<String, String> verifierConfig() {
    String pub = config().get(ScorerSettings.SEAL_PUBLIC_KEY_PREFIX + KEY_ID);
    return Map.of(ScorerSettings.SEAL_PUBLIC_KEY_PREFIX + KEY_ID, pub);
  }
}
