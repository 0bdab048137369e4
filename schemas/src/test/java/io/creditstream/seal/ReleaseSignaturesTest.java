package io.creditstream.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.serde.SampleRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseSignaturesTest {

  private static final KeyPair RELEASE = SealKeys.generate();
  private static final SealKeys.Signer SIGNER =
      new SealKeys.Signer("release-1", RELEASE.getPrivate());
  private static final SealKeys.KeyRing RING = SealKeys.KeyRing.of(SIGNER);

  private static ModelRelease signed() {
    return ReleaseSignatures.sign(SampleRecords.modelRelease(), SIGNER);
  }

  @Test
  void aSignedReleaseVerifiesWithTheJdksOwnEd25519OverTheDocumentedMessage() throws Exception {
    ModelRelease release = signed();

    // The message as schemas/README.md writes it, built here without ReleaseSignatures' code.
    ByteBuffer expected = ByteBuffer.allocate(1024);
    expected.put("creditstream.release.v1\0".getBytes(StandardCharsets.US_ASCII));
    putField(expected, "MODEL".getBytes(StandardCharsets.UTF_8));
    putField(expected, "fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    putField(expected, "xgboost-ubj".getBytes(StandardCharsets.UTF_8));
    byte[] model = new byte[300];
    java.util.Arrays.fill(model, (byte) 0x5a);
    putField(expected, MessageDigest.getInstance("SHA-256").digest(model));
    putField(
        expected,
        MessageDigest.getInstance("SHA-256")
            .digest("{\"threshold\":0.5}".getBytes(StandardCharsets.UTF_8)));
    putField(expected, "0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    expected.putLong(Instant.parse("2026-11-20T12:00:00Z").toEpochMilli());
    putField(expected, "trainer".getBytes(StandardCharsets.UTF_8));
    putField(expected, "release-1".getBytes(StandardCharsets.UTF_8));
    byte[] message = java.util.Arrays.copyOf(expected.array(), expected.position());

    assertThat(ReleaseSignatures.message(release)).isEqualTo(message);
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(RELEASE.getPublic());
    jdk.update(message);
    assertThat(jdk.verify(bytes(release.getSignature()))).isTrue();
    assertThat(ReleaseSignatures.check(release, RING)).isEqualTo(ReleaseSignatures.Check.VALID);
  }

  private static void putField(ByteBuffer b, byte[] value) {
    b.putInt(value.length);
    b.put(value);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void anUnsignedReleaseIsUnsigned() {
    assertThat(ReleaseSignatures.check(SampleRecords.modelRelease(), RING))
        .isEqualTo(ReleaseSignatures.Check.UNSIGNED);
  }

  @Test
  void aReleaseSignedByAnotherKeyUnderAnotherIdIsAnUnknownKey() {
    ModelRelease release =
        ReleaseSignatures.sign(
            SampleRecords.modelRelease(),
            new SealKeys.Signer("insider", SealKeys.generate().getPrivate()));
    assertThat(ReleaseSignatures.check(release, RING))
        .isEqualTo(ReleaseSignatures.Check.UNKNOWN_KEY);
  }

  @Test
  void aReleaseSignedByAnotherKeyUnderTheRealKeyIdIsABadSignature() {
    ModelRelease release =
        ReleaseSignatures.sign(
            SampleRecords.modelRelease(),
            new SealKeys.Signer("release-1", SealKeys.generate().getPrivate()));
    assertThat(ReleaseSignatures.check(release, RING))
        .isEqualTo(ReleaseSignatures.Check.BAD_SIGNATURE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "modelBytes",
        "modelCard",
        "version",
        "kind",
        "format",
        "featureSetVersion",
        "releasedAt",
        "releasedBy",
        "signingKeyId"
      })
  void changingAnySignedFieldAfterSigningBreaksTheSignature(String field) {
    Map<String, Consumer<ModelRelease>> edits =
        Map.of(
            "modelBytes", r -> r.setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3})),
            "modelCard", r -> r.setModelCard("{\"threshold\":0.99}"),
            "version", r -> r.setVersion("0000000000000000"),
            "kind", r -> r.setKind(ReleaseKind.ACTIVATION),
            "format", r -> r.setFormat("xgboost-json"),
            "featureSetVersion", r -> r.setFeatureSetVersion("ffffffffffffffff"),
            "releasedAt", r -> r.setReleasedAt(r.getReleasedAt().plusMillis(1)),
            "releasedBy", r -> r.setReleasedBy("someone else"),
            "signingKeyId", r -> r.setSigningKeyId("release-2"));
    SealKeys.KeyRing both =
        new SealKeys.KeyRing(
            Map.of("release-1", RELEASE.getPublic(), "release-2", RELEASE.getPublic()));
    ModelRelease release = signed();
    assertThat(ReleaseSignatures.check(release, both)).isEqualTo(ReleaseSignatures.Check.VALID);

    edits.get(field).accept(release);

    assertThat(ReleaseSignatures.check(release, both))
        .isEqualTo(ReleaseSignatures.Check.BAD_SIGNATURE);
  }
}
