package io.creditstream.scorer.release;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.ModelRelease;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import java.util.Map;

/**
 * Which model releases, activations and published client histories a scorer believes: those signed
 * by one of the release keys it is configured with ({@link ReleaseSignatures}), and unsigned ones
 * only where {@code allowUnsigned} says so. A bad signature, or a key the scorer does not hold, is
 * refused whatever {@code allowUnsigned} says.
 *
 * @param releaseKeys the public release keys by key id (the trainer's, not the seal's)
 * @param allowUnsigned whether an unsigned release or activation is believed (development, or a
 *     migration from unsigned releases)
 */
public record ReleaseVerification(SealKeys.KeyRing releaseKeys, boolean allowUnsigned) {

  /**
   * Believes every release, signed or not: unit tests, and replay's archive (which only reports).
   */
  public static final ReleaseVerification NONE =
      new ReleaseVerification(new SealKeys.KeyRing(Map.of()), true);

  public ReleaseVerification {
    if (releaseKeys.isEmpty() && !allowUnsigned) {
      throw new IllegalArgumentException(
          "no release key to verify model releases with, and unsigned releases are not allowed:"
              + " nothing could ever be activated");
    }
  }

  /** True when signatures are checked at all. */
  public boolean verifies() {
    return !releaseKeys.isEmpty();
  }

  /** Why this release or activation must not be believed, or null. */
  public String problem(ModelRelease release) {
    return verifies()
        ? problem(ReleaseSignatures.check(release, releaseKeys), release.getSigningKeyId())
        : null;
  }

  /** Why this published client history must not be believed, or null. */
  public String problem(ClientFeatures history) {
    return verifies()
        ? problem(ReleaseSignatures.check(history, releaseKeys), history.getSigningKeyId())
        : null;
  }

  private String problem(ReleaseSignatures.Check check, String keyId) {
    return switch (check) {
      case VALID -> null;
      case UNSIGNED ->
          allowUnsigned
              ? null
              : "it is not signed, and this scorer believes only what its release keys "
                  + releaseKeys.keys().keySet()
                  + " signed";
      case UNKNOWN_KEY, BAD_SIGNATURE -> check.describe(keyId);
    };
  }
}
