package io.creditstream.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.Outcome;
import io.creditstream.serde.SampleRecords;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionSealsTest {

  private static final KeyPair PAIR = SealKeys.generate();
  private static final SealKeys.Signer SIGNER = new SealKeys.Signer("k1", PAIR.getPrivate());
  private static final SealKeys.KeyRing RING = new SealKeys.KeyRing(Map.of("k1", PAIR.getPublic()));

  private static Decision sealed(long sequence) {
    Decision d = SampleRecords.decision(100002);
    DecisionSeals.seal(d, SIGNER, 3, sequence, DecisionSeals.GENESIS);
    return d;
  }

  @Test
  void aSealedDecisionVerifiesWithThePublicKey() {
    Decision d = sealed(0);

    assertThat(DecisionSeals.check(d, RING)).isEqualTo(DecisionSeals.Check.VALID);
    assertThat(d.getSeal().getChain()).isEqualTo(3);
    assertThat(d.getContentHash()).isEqualTo(DecisionHash.compute(d)).matches("[0-9a-f]{64}");
  }

  @Test
  void anEditedDecisionNoLongerMatchesItsHash() {
    Decision d = sealed(0);
    d.setOutcome(Outcome.DECLINED);

    assertThat(DecisionSeals.check(d, RING)).isEqualTo(DecisionSeals.Check.HASH_MISMATCH);
  }

  @Test
  void aForgerWhoRecomputesTheSha256IsCaughtByTheSignature() {
    // given an insider who edits the outcome and writes the correct SHA-256 back
    Decision d = sealed(0);
    d.setProbabilityOfDefault(0.01);
    d.setContentHash(DecisionHash.compute(d));

    assertThat(DecisionHash.verify(d)).isTrue();
    assertThat(DecisionSeals.check(d, RING)).isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
  }

  @Test
  void aSealByAnotherKeyUnderTheSameIdIsForged() {
    // given an insider's own key pair, claiming the scorer's key id
    Decision d = SampleRecords.decision(100002);
    DecisionSeals.seal(
        d,
        new SealKeys.Signer("k1", SealKeys.generate().getPrivate()),
        0,
        0,
        DecisionSeals.GENESIS);

    assertThat(DecisionSeals.check(d, RING)).isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
  }

  @Test
  void aKeyIdTheVerifierDoesNotHoldIsReported() {
    Decision d = SampleRecords.decision(100002);
    DecisionSeals.seal(
        d,
        new SealKeys.Signer("k9", SealKeys.generate().getPrivate()),
        0,
        0,
        DecisionSeals.GENESIS);

    assertThat(DecisionSeals.check(d, RING)).isEqualTo(DecisionSeals.Check.UNKNOWN_KEY);
  }

  @Test
  void theChainPositionIsPartOfTheSignedContent() {
    // a sealed decision moved to another place in the chain (its sequence edited) fails
    Decision d = sealed(5);
    d.getSeal().setSequence(6);

    assertThat(DecisionSeals.check(d, RING)).isEqualTo(DecisionSeals.Check.HASH_MISMATCH);
  }

  @Test
  void anUnsealedRecordIsReportedAsSuchWhenItsHashHolds() {
    Decision d = SampleRecords.decision(100002);
    d.setContentHash(DecisionHash.compute(d));

    assertThat(DecisionSeals.check(d, RING)).isEqualTo(DecisionSeals.Check.UNSEALED);
  }

  @Test
  void sealingLeavesTheUnsealedHashOfTheSameContentUnchanged() {
    // v1/v2 hashing stays bit-identical: the seal only changes the hash when present
    Decision plain = SampleRecords.decision(100002);
    String before = DecisionHash.compute(plain);
    Decision d = sealed(0);
    d.setSeal(null);

    assertThat(DecisionHash.compute(d)).isEqualTo(before);
  }

  @Test
  void checkpointsVerifyAndAnEditedOneDoesNot() {
    DecisionCheckpoint c =
        DecisionCheckpoint.newBuilder()
            .setDecisionsTopic("loan-decisions")
            .setChain(2)
            .setSequence(99)
            .setHeadHash(ByteBuffer.wrap(new byte[32]))
            .setApplicationId("app-1")
            .setCreatedAt(Instant.parse("2026-12-01T00:00:00Z"))
            .setScorerInstance("scorer-1")
            .setKeyId("")
            .setSignature(ByteBuffer.allocate(0))
            .build();
    DecisionSeals.sign(c, SIGNER);

    assertThat(DecisionSeals.verify(c, RING)).isTrue();
    c.setSequence(98);
    assertThat(DecisionSeals.verify(c, RING)).isFalse();
  }

  @Test
  void keysRoundTripThroughPemAndThePublicHalfIsDerivedFromThePrivate(@TempDir Path dir)
      throws Exception {
    Path priv = Files.writeString(dir.resolve("seal.key"), SealKeys.pem(PAIR.getPrivate()));
    Path pub = Files.writeString(dir.resolve("seal.pub"), SealKeys.pem(PAIR.getPublic()));

    SealKeys.Signer signer = new SealKeys.Signer("k1", SealKeys.readPrivateKey(priv));
    Decision d = SampleRecords.decision(1);
    DecisionSeals.seal(d, signer, 0, 0, DecisionSeals.GENESIS);

    assertThat(SealKeys.readPublicKey(pub).getEncoded()).isEqualTo(PAIR.getPublic().getEncoded());
    assertThat(signer.publicKey().getEncoded()).isEqualTo(PAIR.getPublic().getEncoded());
    assertThat(DecisionSeals.check(d, SealKeys.readKeyRing(Map.of("k1", pub))))
        .isEqualTo(DecisionSeals.Check.VALID);
    assertThat(SealKeys.keyIdOf(PAIR.getPublic())).matches("ed25519-[0-9a-f]{16}");
  }
}
