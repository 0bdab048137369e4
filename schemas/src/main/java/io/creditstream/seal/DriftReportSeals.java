package io.creditstream.seal;

import io.creditstream.avro.DriftReport;
import io.creditstream.avro.DriftReportSeal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    report
        .getSeal()
        .setSignature(ByteBuffer.wrap(signer.sign(Canonical.signed(DOMAIN, digest(report)))));
    return report;
  }

  /** {@code VALID}, {@code UNSEALED}, {@code UNKNOWN_KEY} or {@code BAD_SIGNATURE}. */
  public static DecisionSeals.Check check(DriftReport report, SealKeys.KeyRing keys) {
    DriftReportSeal seal = report.getSeal();
    return seal == null
        ? DecisionSeals.Check.UNSEALED
        : Canonical.check(seal.getKeyId(), seal.getSignature(), DOMAIN, digest(report), keys);
  }

  /**
   * SHA-256 of the report's canonical encoding ({@link Canonical}): modelVersion, scorerInstance
   * (strings), windowStart, windowEnd (epoch milliseconds), count (longs), the number of PSI
   * entries (int), then each entry sorted by the UTF-8 bytes of its feature name: the name (string)
   * and the value's 64 bits ({@code Double.doubleToRawLongBits}, a long); finally the seal's keyId
   * (nullable string).
   */
  static byte[] digest(DriftReport report) {
    Canonical c =
        new Canonical()
            .string(report.getModelVersion())
            .string(report.getScorerInstance())
            .longValue(report.getWindowStart().toEpochMilli())
            .longValue(report.getWindowEnd().toEpochMilli())
            .longValue(report.getCount());
    TreeMap<byte[], Double> sorted = new TreeMap<>(java.util.Arrays::compareUnsigned);
    for (Map.Entry<? extends CharSequence, Double> e : report.getPsi().entrySet()) {
      sorted.put(e.getKey().toString().getBytes(StandardCharsets.UTF_8), e.getValue());
    }
    c.intValue(sorted.size());
    for (Map.Entry<byte[], Double> e : sorted.entrySet()) {
      c.string(new String(e.getKey(), StandardCharsets.UTF_8))
          .longValue(Double.doubleToRawLongBits(e.getValue()));
    }
    return c.nullableString(report.getSeal() == null ? null : report.getSeal().getKeyId()).digest();
  }
}
