package io.creditstream.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.DeadLetterSeal;
import io.creditstream.serde.AvroSerde;
import io.creditstream.serde.SampleRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class DeadLetterSealsTest {

  private static final KeyPair PAIR = SealKeys.generate();
  private static final SealKeys.Signer SIGNER = new SealKeys.Signer("k1", PAIR.getPrivate());
  private static final SealKeys.KeyRing RING = new SealKeys.KeyRing(Map.of("k1", PAIR.getPublic()));

  private static DeadLetter sealed() {
    DeadLetter letter = SampleRecords.deadLetter();
    letter.setApplicationId("app-1");
    return DeadLetterSeals.seal(letter, SIGNER);
  }

  @Test
  void aSealedLetterVerifiesWithThePublicKeyAlsoAfterTheWire() {
    DeadLetter letter = sealed();
    Serde<DeadLetter> serde =
        AvroSerde.of(DeadLetter.class, Map.of("schema.registry.url", "mock://dl-seal"), false);
    DeadLetter read =
        serde.deserializer().deserialize("dlq", serde.serializer().serialize("dlq", letter));

    assertThat(DeadLetterSeals.check(letter, RING)).isEqualTo(DecisionSeals.Check.VALID);
    assertThat(DeadLetterSeals.check(read, RING)).isEqualTo(DecisionSeals.Check.VALID);
    assertThat(read.getSeal().getKeyId()).isEqualTo("k1");
  }

  @Test
  void aLetterWithoutASealIsUnsealed() {
    assertThat(DeadLetterSeals.check(SampleRecords.deadLetter(), RING))
        .isEqualTo(DecisionSeals.Check.UNSEALED);
  }

  @Test
  void everyFieldIsCoveredByTheSignature() {
    List<Consumer<DeadLetter>> edits =
        List.of(
            l -> l.setSourceTopic("other"),
            l -> l.setSourcePartition(4),
            l -> l.setSourceOffset(43L),
            l -> l.setKey(ByteBuffer.wrap("100003".getBytes(StandardCharsets.UTF_8))),
            l -> l.setKey(null),
            l -> l.setValue(ByteBuffer.wrap(new byte[] {0x7b, 0x22, 0x7e})),
            l -> l.setValue(null),
            l -> l.setReasonCode("VALIDATION"),
            l -> l.setReason("something else"),
            l -> l.setApplicationId("app-2"),
            l -> l.setApplicationId(null),
            l -> l.setFailedAt(Instant.parse("2026-11-25T01:02:05Z")),
            l -> l.setProcessor("scorer-2"));
    for (Consumer<DeadLetter> edit : edits) {
      DeadLetter letter = sealed();
      edit.accept(letter);
      assertThat(DeadLetterSeals.check(letter, RING))
          .as("an edited letter: %s", letter)
          .isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
    }
  }

  @Test
  void aSealByAnotherKeyUnderTheScorersIdIsForgedAndAnUnknownIdIsNamed() {
    // given an insider's own key pair, once claiming the scorer's key id, once its own
    KeyPair insider = SealKeys.generate();
    DeadLetter claimed =
        DeadLetterSeals.seal(sealed(), new SealKeys.Signer("k1", insider.getPrivate()));
    DeadLetter own =
        DeadLetterSeals.seal(sealed(), new SealKeys.Signer("insider", insider.getPrivate()));

    assertThat(DeadLetterSeals.check(claimed, RING)).isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
    assertThat(DeadLetterSeals.check(own, RING)).isEqualTo(DecisionSeals.Check.UNKNOWN_KEY);
  }

  @Test
  void aSealMovedToAnotherKeyIdDoesNotVerify() {
    // given a second scorer key in the ring, the signature of k1 claimed under k2
    KeyPair second = SealKeys.generate();
    SealKeys.KeyRing ring =
        new SealKeys.KeyRing(Map.of("k1", PAIR.getPublic(), "k2", second.getPublic()));
    DeadLetter letter = sealed();
    letter.setSeal(DeadLetterSeal.newBuilder(letter.getSeal()).setKeyId("k2").build());

    assertThat(DeadLetterSeals.check(letter, ring)).isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
  }

  @Test
  void aDecisionsSignatureOverTheSameBytesIsNotALettersSignature() {
    // the domain prefix differs: a signature the scorer made for anything else never passes here
    DeadLetter letter = sealed();
    byte[] hash = DeadLetterSeals.digest(letter);
    byte[] decisionDomain = new byte[DecisionSeals.SEAL_DOMAIN.length + hash.length];
    System.arraycopy(
        DecisionSeals.SEAL_DOMAIN, 0, decisionDomain, 0, DecisionSeals.SEAL_DOMAIN.length);
    System.arraycopy(hash, 0, decisionDomain, DecisionSeals.SEAL_DOMAIN.length, hash.length);
    letter.getSeal().setSignature(ByteBuffer.wrap(SIGNER.sign(decisionDomain)));

    assertThat(DeadLetterSeals.check(letter, RING)).isEqualTo(DecisionSeals.Check.BAD_SIGNATURE);
  }

  @Test
  void sealingIsDeterministic() {
    assertThat(sealed().getSeal().getSignature()).isEqualTo(sealed().getSeal().getSignature());
  }
}
