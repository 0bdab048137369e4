package io.creditstream.seal;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.DeadLetterSeal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Seals dead letters, and checks them.
 *
 * <p>A dead letter ends a client's application on the portal ("could not be processed"), so a
 * letter that anyone with write access to the dead-letter topic could write would let them end any
 * application still being decided. The scorer therefore signs each letter with its decision key:
 * Ed25519 over {@link #DOMAIN} followed by the SHA-256 of a canonical encoding of every field but
 * the seal ({@link #digest}). The domain keeps a letter's signature from ever passing as a
 * decision's or a checkpoint's, and the reverse.
 *
 * <p>Unlike decisions, letters are not chained: a letter only ever says "this record was refused,
 * and why". A copy of a real letter repeats a true statement; a removed letter leaves its
 * application pending, which the auditors' view of pending applications shows.
 */
public final class DeadLetterSeals {

  static final byte[] DOMAIN = "creditstream.deadletter.v1\0".getBytes(StandardCharsets.US_ASCII);

  private DeadLetterSeals() {}

  /** Signs the letter in place with the scorer's key and returns it. */
  public static DeadLetter seal(DeadLetter letter, SealKeys.Signer signer) {
    letter.setSeal(
        DeadLetterSeal.newBuilder()
            .setKeyId(signer.keyId())
            .setSignature(ByteBuffer.allocate(0))
            .build());
    letter
        .getSeal()
        .setSignature(ByteBuffer.wrap(signer.sign(Canonical.signed(DOMAIN, digest(letter)))));
    return letter;
  }

  /**
   * Checks the letter's seal: {@code VALID}, {@code UNSEALED} (no seal: written before letters were
   * sealed, or by someone without the key), {@code UNKNOWN_KEY} or {@code BAD_SIGNATURE} (forged or
   * altered). Never {@code HASH_MISMATCH}: a letter carries no hash of its own.
   */
  public static DecisionSeals.Check check(DeadLetter letter, SealKeys.KeyRing keys) {
    DeadLetterSeal seal = letter.getSeal();
    return seal == null
        ? DecisionSeals.Check.UNSEALED
        : Canonical.check(seal.getKeyId(), seal.getSignature(), DOMAIN, digest(letter), keys);
  }

  /**
   * SHA-256 of the letter's canonical encoding ({@link Canonical}), the seal's key id included and
   * its signature left out: in order, sourceTopic (string), sourcePartition (int), sourceOffset
   * (long), key (nullable bytes), value (nullable bytes), reasonCode, reason (strings),
   * applicationId (nullable string), failedAt (long, epoch milliseconds), processor (string), the
   * seal's keyId (nullable string).
   */
  static byte[] digest(DeadLetter letter) {
    return new Canonical()
        .string(letter.getSourceTopic())
        .intValue(letter.getSourcePartition())
        .longValue(letter.getSourceOffset())
        .nullableBytes(letter.getKey())
        .nullableBytes(letter.getValue())
        .string(letter.getReasonCode())
        .string(letter.getReason())
        .nullableString(letter.getApplicationId())
        .longValue(letter.getFailedAt().toEpochMilli())
        .string(letter.getProcessor())
        .nullableString(letter.getSeal() == null ? null : letter.getSeal().getKeyId())
        .digest();
  }
}
