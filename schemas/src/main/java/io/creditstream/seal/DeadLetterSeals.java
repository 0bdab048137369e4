package io.creditstream.seal;

import io.creditstream.avro.DeadLetter;
import io.creditstream.avro.DeadLetterSeal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
    letter.getSeal().setSignature(ByteBuffer.wrap(signer.sign(signedMessage(digest(letter)))));
    return letter;
  }

  /**
   * Checks the letter's seal: {@code VALID}, {@code UNSEALED} (no seal: written before letters were
   * sealed, or by someone without the key), {@code UNKNOWN_KEY} or {@code BAD_SIGNATURE} (forged or
   * altered). Never {@code HASH_MISMATCH}: a letter carries no hash of its own.
   */
  public static DecisionSeals.Check check(DeadLetter letter, SealKeys.KeyRing keys) {
    DeadLetterSeal seal = letter.getSeal();
    if (seal == null) {
      return DecisionSeals.Check.UNSEALED;
    }
    if (!keys.knows(seal.getKeyId())) {
      return DecisionSeals.Check.UNKNOWN_KEY;
    }
    return keys.verify(
            seal.getKeyId(),
            signedMessage(digest(letter)),
            DecisionHash.bytesOf(seal.getSignature()))
        ? DecisionSeals.Check.VALID
        : DecisionSeals.Check.BAD_SIGNATURE;
  }

  /**
   * SHA-256 of the letter's canonical encoding, the seal's key id included and its signature left
   * out: in order, sourceTopic (string), sourcePartition (int), sourceOffset (long), key (nullable
   * bytes), value (nullable bytes), reasonCode, reason (strings), applicationId (nullable string),
   * failedAt (long, epoch milliseconds), processor (string), the seal's keyId (nullable string).
   * Encodings as in a decision's content hash (schemas/README.md): int and long big-endian, bytes
   * an int length then the bytes, a string the marker 1 then its UTF-8 as bytes, a nullable value
   * the marker 0 when null, else 1 then the value (for strings, the string as above).
   */
  static byte[] digest(DeadLetter letter) {
    Canonical c = new Canonical();
    c.string(letter.getSourceTopic());
    c.intValue(letter.getSourcePartition());
    c.longValue(letter.getSourceOffset());
    c.nullableBytes(letter.getKey());
    c.nullableBytes(letter.getValue());
    c.string(letter.getReasonCode());
    c.string(letter.getReason());
    c.nullableString(letter.getApplicationId());
    c.longValue(letter.getFailedAt().toEpochMilli());
    c.string(letter.getProcessor());
    c.nullableString(letter.getSeal() == null ? null : letter.getSeal().getKeyId());
    return c.digest.digest();
  }

  private static byte[] signedMessage(byte[] hash) {
    byte[] m = new byte[DOMAIN.length + hash.length];
    System.arraycopy(DOMAIN, 0, m, 0, DOMAIN.length);
    System.arraycopy(hash, 0, m, DOMAIN.length, hash.length);
    return m;
  }

  private static final class Canonical {
    private final MessageDigest digest;
    private final ByteBuffer scratch = ByteBuffer.allocate(8);

    Canonical() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
      }
    }

    void intValue(int v) {
      digest.update(scratch.clear().putInt(v).array(), 0, 4);
    }

    void longValue(long v) {
      digest.update(scratch.clear().putLong(v).array(), 0, 8);
    }

    void bytes(byte[] b) {
      intValue(b.length);
      digest.update(b);
    }

    void string(CharSequence s) {
      digest.update((byte) 1);
      bytes(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    void nullableString(CharSequence s) {
      if (s == null) {
        digest.update((byte) 0);
      } else {
        string(s);
      }
    }

    void nullableBytes(ByteBuffer b) {
      if (b == null) {
        digest.update((byte) 0);
      } else {
        digest.update((byte) 1);
        bytes(DecisionHash.bytesOf(b));
      }
    }
  }
}
