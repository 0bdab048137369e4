package io.creditstream.seal;

import io.creditstream.avro.Decision;
import io.creditstream.avro.DecisionCheckpoint;
import io.creditstream.avro.Seal;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Seals decisions and checkpoints, and checks them.
 *
 * <p>A sealed decision (schema v3) carries a {@link Seal}: key id, chain, sequence and the previous
 * decision's contentHash; its {@code contentHash} ({@link DecisionHash} v3) covers all of that and
 * every other field, and the seal's {@code signature} is Ed25519 over {@link #SEAL_DOMAIN} followed
 * by the 32 bytes of that hash. Only the holder of the private key can make a signature that
 * verifies; anyone with the public key can check one. A checkpoint is signed over {@link
 * #CHECKPOINT_DOMAIN} and a canonical encoding of its fields. The domain prefixes keep a decision's
 * signature from ever passing as a checkpoint's, and the reverse.
 */
public final class DecisionSeals {

  static final byte[] SEAL_DOMAIN = "creditstream.seal.v1\0".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CHECKPOINT_DOMAIN =
      "creditstream.checkpoint.v1\0".getBytes(StandardCharsets.US_ASCII);

  /** The previous hash of a chain's first decision. */
  public static final byte[] GENESIS = new byte[32];

  private DecisionSeals() {}

  /** What checking a decision's seal found. */
  public enum Check {
    /** Sealed, its hash matches its content and the signature is the named key's. */
    VALID,
    /** No seal (a v1/v2 record): only its contentHash can be checked, and anyone can compute it. */
    UNSEALED,
    /** The contentHash does not match the record's content. */
    HASH_MISMATCH,
    /** Signed with a key id the verifier does not hold. */
    UNKNOWN_KEY,
    /** The signature is not the key's signature of this content: forged or altered. */
    BAD_SIGNATURE
  }

  /**
   * Seals the decision in place as the given chain position and returns its new contentHash (raw),
   * the chain's next previous hash.
   */
  public static byte[] seal(
      Decision d, SealKeys.Signer signer, int chain, long sequence, byte[] previousHash) {
    if (previousHash.length != 32) {
      throw new IllegalArgumentException("a previous hash has 32 bytes");
    }
    d.setSeal(
        Seal.newBuilder()
            .setKeyId(signer.keyId())
            .setChain(chain)
            .setSequence(sequence)
            .setPreviousHash(ByteBuffer.wrap(previousHash.clone()))
            .setSignature(ByteBuffer.allocate(0))
            .build());
    byte[] hash = DecisionHash.digest(d);
    d.setContentHash(HexFormat.of().formatHex(hash));
    d.getSeal().setSignature(ByteBuffer.wrap(signer.sign(signedMessage(hash))));
    return hash;
  }

  /** Checks the decision's content hash and, when sealed, its signature. */
  public static Check check(Decision d, SealKeys.KeyRing keys) {
    String carried = d.getContentHash();
    byte[] hash = DecisionHash.digest(d);
    if (carried == null
        || !MessageDigest.isEqual(
            carried.getBytes(StandardCharsets.US_ASCII),
            HexFormat.of().formatHex(hash).getBytes(StandardCharsets.US_ASCII))) {
      return Check.HASH_MISMATCH;
    }
    Seal seal = d.getSeal();
    if (seal == null) {
      return Check.UNSEALED;
    }
    if (!keys.knows(seal.getKeyId())) {
      return Check.UNKNOWN_KEY;
    }
    return keys.verify(
            seal.getKeyId(), signedMessage(hash), DecisionHash.bytesOf(seal.getSignature()))
        ? Check.VALID
        : Check.BAD_SIGNATURE;
  }

  /** The raw bytes of a decision's carried contentHash, or null when it is not 64 hex digits. */
  public static byte[] carriedHash(Decision d) {
    String h = d.getContentHash();
    if (h == null || h.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(h);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Signs a checkpoint in place (its key id is set to the signer's). */
  public static void sign(DecisionCheckpoint c, SealKeys.Signer signer) {
    c.setKeyId(signer.keyId());
    c.setSignature(ByteBuffer.wrap(signer.sign(checkpointPayload(c))));
  }

  /** True if the checkpoint is signed by a key of the ring over its current fields. */
  public static boolean verify(DecisionCheckpoint c, SealKeys.KeyRing keys) {
    return keys.verify(c.getKeyId(), checkpointPayload(c), DecisionHash.bytesOf(c.getSignature()));
  }

  /** The bytes a checkpoint's signature covers: its domain, then every field but the signature. */
  static byte[] checkpointPayload(DecisionCheckpoint c) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(CHECKPOINT_DOMAIN);
      out.writeUTF(c.getDecisionsTopic());
      out.writeInt(c.getChain());
      out.writeLong(c.getSequence());
      byte[] head = DecisionHash.bytesOf(c.getHeadHash());
      out.writeInt(head.length);
      out.write(head);
      out.writeUTF(c.getApplicationId());
      out.writeLong(c.getCreatedAt().toEpochMilli());
      out.writeUTF(c.getScorerInstance());
      out.writeUTF(c.getKeyId());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] signedMessage(byte[] hash) {
    return Canonical.signed(SEAL_DOMAIN, hash);
  }
}
