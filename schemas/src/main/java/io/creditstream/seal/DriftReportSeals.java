package io.creditstream.seal;

import io.creditstream.avro.DriftReport;
import io.creditstream.avro.DriftReportSeal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seals drift reports, and checks them.
 *
 * <p>The auditors' view of drift is built from {@code model-drift}, where a report of the same
 * model, scorer instance and window replaces the one before. A report anyone could write could hide
 * drift from auditors, or invent it. The scorer therefore signs each report with its decision key:
 * Ed25519 over {@link #DOMAIN} followed by the SHA-256 of a canonical encoding of every field but
 * the signature ({@link #digest}); the domain keeps it from passing as any other signature of the
 * scorer's.
 */
public final class DriftReportSeals {

  static final byte[] DOMAIN = "creditstream.drift.v1\0".getBytes(StandardCharsets.US_ASCII);

  private DriftReportSeals() {}

  /** Signs the report in place with the scorer's key and returns it. */
  public static DriftReport seal(DriftReport report, SealKeys.Signer signer) {
    report.setSeal(
        DriftReportSeal.newBuilder()
            .setKeyId(signer.keyId())
            .setSignature(ByteBuffer.allocate(0))
            .build());
    report.getSeal().setSignature(ByteBuffer.wrap(signer.sign(signedMessage(digest(report)))));
    return report;
  }

  /** {@code VALID}, {@code UNSEALED}, {@code UNKNOWN_KEY} or {@code BAD_SIGNATURE}. */
  public static DecisionSeals.Check check(DriftReport report, SealKeys.KeyRing keys) {
    DriftReportSeal seal = report.getSeal();
    if (seal == null) {
      return DecisionSeals.Check.UNSEALED;
    }
    if (!keys.knows(seal.getKeyId())) {
      return DecisionSeals.Check.UNKNOWN_KEY;
    }
    return keys.verify(
            seal.getKeyId(),
            signedMessage(digest(report)),
            DecisionHash.bytesOf(seal.getSignature()))
        ? DecisionSeals.Check.VALID
        : DecisionSeals.Check.BAD_SIGNATURE;
  }

  /**
   * SHA-256 of, in order: modelVersion, scorerInstance (strings: the marker 1, a big-endian int
   * length, the UTF-8), windowStart, windowEnd (epoch milliseconds), count (longs, big-endian), the
   * number of PSI entries (int), then each entry sorted by the UTF-8 bytes of its feature name: the
   * name (string) and the value's 64 bits ({@code Double.doubleToRawLongBits}); finally the seal's
   * keyId (the marker 0 when there is no seal, else the string).
   */
  static byte[] digest(DriftReport report) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    ByteBuffer b = ByteBuffer.allocate(8);
    string(d, b, report.getModelVersion());
    string(d, b, report.getScorerInstance());
    d.update(b.clear().putLong(report.getWindowStart().toEpochMilli()).array(), 0, 8);
    d.update(b.clear().putLong(report.getWindowEnd().toEpochMilli()).array(), 0, 8);
    d.update(b.clear().putLong(report.getCount()).array(), 0, 8);
    TreeMap<byte[], Double> sorted = new TreeMap<>(java.util.Arrays::compareUnsigned);
    for (Map.Entry<? extends CharSequence, Double> e : report.getPsi().entrySet()) {
      sorted.put(e.getKey().toString().getBytes(StandardCharsets.UTF_8), e.getValue());
    }
    d.update(b.clear().putInt(sorted.size()).array(), 0, 4);
    for (Map.Entry<byte[], Double> e : sorted.entrySet()) {
      d.update((byte) 1);
      d.update(b.clear().putInt(e.getKey().length).array(), 0, 4);
      d.update(e.getKey());
      d.update(b.clear().putLong(Double.doubleToRawLongBits(e.getValue())).array(), 0, 8);
    }
    if (report.getSeal() == null) {
      d.update((byte) 0);
    } else {
      string(d, b, report.getSeal().getKeyId());
    }
    return d.digest();
  }

  private static void string(MessageDigest d, ByteBuffer b, CharSequence s) {
    byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
    d.update((byte) 1);
    d.update(b.clear().putInt(utf8.length).array(), 0, 4);
    d.update(utf8);
  }

  private static byte[] signedMessage(byte[] hash) {
    byte[] m = new byte[DOMAIN.length + hash.length];
    System.arraycopy(DOMAIN, 0, m, 0, DOMAIN.length);
    System.arraycopy(hash, 0, m, DOMAIN.length, hash.length);
    return m;
  }
}
