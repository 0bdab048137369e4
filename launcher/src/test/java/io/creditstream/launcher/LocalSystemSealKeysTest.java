package io.creditstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.Outcome;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.seal.DecisionSeals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSystemSealKeysTest {

  @Test
  void makesItsKeyPairOnceAndTheScorersConfigSealsWhatTheVerifiersAccept(@TempDir Path state)
      throws Exception {
    // when the local system starts twice on one state directory
    LocalSystem.SealKeyFiles first = LocalSystem.sealKeys(state.resolve("seal"));
    LocalSystem.SealKeyFiles second = LocalSystem.sealKeys(state.resolve("seal"));

    // then the same key is kept, the private half readable by its owner only
    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(second.privateKey()))
        .isEqualTo(Files.readString(first.privateKey()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.privateKey())))
        .isEqualTo("rw-------");
    // and a scorer configured as the local system configures it seals decisions that a verifier
    // holding only the public key accepts
    ScorerSettings scorer =
        ScorerSettings.of(
            Map.of(
                ScorerSettings.SEAL_PRIVATE_KEY, first.privateKey().toString(),
                ScorerSettings.SEAL_KEY_ID, first.keyId()));
    ScorerSettings verifier =
        ScorerSettings.of(
            Map.of(
                ScorerSettings.SEAL_PUBLIC_KEY_PREFIX + first.keyId(),
                first.publicKey().toString()));
    Decision d =
        Decision.newBuilder()
            .setApplicationId("local-1")
            .setClientId(1)
            .setProbabilityOfDefault(0.2)
            .setThreshold(0.5)
            .setOutcome(Outcome.APPROVED)
            .setReasons(List.of())
            .setModelVersion("m")
            .setFeatureSetVersion("f")
            .setHistoryAvailable(false)
            .setApplicationTimestamp(Instant.EPOCH)
            .setDecidedAt(Instant.EPOCH)
            .setScorerInstance("local")
            .build();
    DecisionSeals.seal(d, scorer.sealSigner(), 0, 0, DecisionSeals.GENESIS);
    assertThat(DecisionSeals.check(d, verifier.sealKeyRing())).isEqualTo(DecisionSeals.Check.VALID);
  }
}
