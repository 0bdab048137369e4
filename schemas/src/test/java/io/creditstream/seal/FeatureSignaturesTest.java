package io.creditstream.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ClientFeatures;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A published client history's signature (ReleaseSignatures' features half). */
class FeatureSignaturesTest {

  private static final SealKeys.Signer KEY =
      new SealKeys.Signer("release-1", SealKeys.generate().getPrivate());
  private static final SealKeys.KeyRing RING = SealKeys.KeyRing.of(KEY);

  private static ClientFeatures history(Map<String, Double> values) {
    return ClientFeatures.newBuilder()
        .setClientId(100002)
        .setAsOf(Instant.parse("2026-12-01T00:00:00Z"))
        .setFeatureSetVersion("0123456789abcdef")
        .setSources(List.of("bureau", "previous_application"))
        .setValues(values)
        .build();
  }

  private static Map<String, Double> values() {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("BUREAU_CREDIT_COUNT", 3.0);
    v.put("PREV_APPROVED_SHARE", null);
    v.put("INSTAL_LATE_SHARE", -0.0);
    return v;
  }

  @Test
  void aSignedHistoryVerifiesWhateverTheOrderOfItsValues() {
    ClientFeatures signed = ReleaseSignatures.sign(history(values()), KEY);
    Map<String, Double> reversed = new LinkedHashMap<>();
    List<Map.Entry<String, Double>> entries = List.copyOf(values().entrySet());
    for (int i = entries.size() - 1; i >= 0; i--) {
      reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    ClientFeatures sameInAnotherOrder =
        ClientFeatures.newBuilder(signed).setValues(reversed).build();

    assertThat(ReleaseSignatures.check(signed, RING)).isEqualTo(ReleaseSignatures.Check.VALID);
    assertThat(ReleaseSignatures.check(sameInAnotherOrder, RING))
        .isEqualTo(ReleaseSignatures.Check.VALID);
    assertThat(ReleaseSignatures.check(history(values()), RING))
        .isEqualTo(ReleaseSignatures.Check.UNSIGNED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "a value",
        "a null value given one",
        "a value removed",
        "a value added",
        "zero's sign",
        "clientId",
        "asOf",
        "featureSetVersion",
        "sources"
      })
  void changingAnythingAfterSigningBreaksTheSignature(String what) {
    Map<String, Consumer<ClientFeatures>> edits = new HashMap<>();
    edits.put("a value", f -> f.getValues().put("BUREAU_CREDIT_COUNT", 4.0));
    edits.put("a null value given one", f -> f.getValues().put("PREV_APPROVED_SHARE", 0.5));
    edits.put("a value removed", f -> f.getValues().remove("BUREAU_CREDIT_COUNT"));
    edits.put("a value added", f -> f.getValues().put("CARD_MAX_BALANCE", 1.0));
    edits.put("zero's sign", f -> f.getValues().put("INSTAL_LATE_SHARE", 0.0));
    edits.put("clientId", f -> f.setClientId(100003));
    edits.put("asOf", f -> f.setAsOf(f.getAsOf().plusMillis(1)));
    edits.put("featureSetVersion", f -> f.setFeatureSetVersion("fedcba9876543210"));
    edits.put("sources", f -> f.setSources(List.of("bureau")));
    ClientFeatures signed = ReleaseSignatures.sign(history(values()), KEY);
    signed.setValues(new HashMap<>(signed.getValues()));

    edits.get(what).accept(signed);

    assertThat(ReleaseSignatures.check(signed, RING))
        .isEqualTo(ReleaseSignatures.Check.BAD_SIGNATURE);
  }

  @Test
  void aModelReleaseSignatureCannotPassAsAHistorysAndTheReverse() {
    byte[] history = ReleaseSignatures.message(history(values()));
    assertThat(new String(history, 0, 24, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("creditstream.features.v1");
    assertThat(ReleaseSignatures.FEATURES_DOMAIN).isNotEqualTo(ReleaseSignatures.DOMAIN);
  }
}
