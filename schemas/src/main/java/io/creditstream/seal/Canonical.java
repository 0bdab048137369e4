package io.creditstream.seal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a record's canonical encoding, written as it goes (schemas/README.md, "The
 * decision seal"): int and long big-endian, bytes an int length then the bytes, a string the marker
 * 1 then its UTF-8 as bytes, a nullable value the marker 0 when null, else 1 then the value (for
 * strings, the string as above). For the records the scorer seals besides its decisions (dead
 * letters, drift reports); {@link DecisionHash} keeps its own tuned encoder for the hot path.
 */
final class Canonical {
  private final MessageDigest digest;
  private final ByteBuffer scratch = ByteBuffer.allocate(8);

  Canonical() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  Canonical intValue(int v) {
    digest.update(scratch.clear().putInt(v).array(), 0, 4);
    return this;
  }

  Canonical longValue(long v) {
    digest.update(scratch.clear().putLong(v).array(), 0, 8);
    return this;
  }

  Canonical bytes(byte[] b) {
    intValue(b.length);
    digest.update(b);
    return this;
  }

  Canonical string(CharSequence s) {
    digest.update((byte) 1);
    return bytes(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  Canonical nullableString(CharSequence s) {
    if (s == null) {
      digest.update((byte) 0);
      return this;
    }
    return string(s);
  }

  Canonical nullableBytes(ByteBuffer b) {
    if (b == null) {
      digest.update((byte) 0);
      return this;
    }
    digest.update((byte) 1);
    return bytes(DecisionHash.bytesOf(b));
  }

  byte[] digest() {
    return digest.digest();
  }

  /** What the scorer's key signs for a record: its domain, then the 32 bytes of its hash. */
  static byte[] signed(byte[] domain, byte[] hash) {
    byte[] m = new byte[domain.length + hash.length];
    System.arraycopy(domain, 0, m, 0, domain.length);
    System.arraycopy(hash, 0, m, domain.length, hash.length);
    return m;
  }

  /**
   * A sealed record's check, the seal given as its key id and signature (both null when there is no
   * seal) and its hash computed with the key id.
   */
  static DecisionSeals.Check check(
      String keyId, ByteBuffer signature, byte[] domain, byte[] hash, SealKeys.KeyRing keys) {
    if (keyId == null) {
      return DecisionSeals.Check.UNSEALED;
    }
    if (!keys.knows(keyId)) {
      return DecisionSeals.Check.UNKNOWN_KEY;
    }
    return keys.verify(keyId, signed(domain, hash), DecisionHash.bytesOf(signature))
        ? DecisionSeals.Check.VALID
        : DecisionSeals.Check.BAD_SIGNATURE;
  }
}
