package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ModelRelease;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What replay's report says of each model version's release signature. */
class ModelArchiveSignatureTest {

  private final ModelRelease release = TestModels.extSource2Model(20).release();
  private final SealKeys.KeyRing keys = SealKeys.KeyRing.of(SealFixtures.releaseSigner());

  @Test
  void namesTheKeyOfASignedRelease() {
    ModelRelease signed = ReleaseSignatures.sign(release, SealFixtures.releaseSigner());

    assertThat(ModelArchive.signature(signed, keys))
        .isEqualTo("release signed by release key " + SealFixtures.RELEASE_KEY_ID);
  }

  @Test
  void saysWhenAReleaseIsUnsignedForgedOrSignedByAnUnknownKey() {
    ModelRelease forged =
        ReleaseSignatures.sign(
            release,
            new SealKeys.Signer(SealFixtures.RELEASE_KEY_ID, SealKeys.generate().getPrivate()));
    ModelRelease unknown =
        ReleaseSignatures.sign(
            release, new SealKeys.Signer("someone", SealKeys.generate().getPrivate()));

    assertThat(ModelArchive.signature(release, keys)).isEqualTo("release NOT SIGNED");
    assertThat(ModelArchive.signature(forged, keys)).contains("FORGED OR ALTERED");
    assertThat(ModelArchive.signature(unknown, keys)).contains("UNKNOWN KEY 'someone'");
  }

  @Test
  void withoutReleaseKeysSaysTheSignatureWasNotChecked() {
    ModelRelease signed = ReleaseSignatures.sign(release, SealFixtures.releaseSigner());
    SealKeys.KeyRing none = new SealKeys.KeyRing(Map.of());

    assertThat(ModelArchive.signature(signed, none)).contains("not checked");
    assertThat(ModelArchive.signature(release, none)).isEqualTo("release NOT SIGNED");
  }
}
