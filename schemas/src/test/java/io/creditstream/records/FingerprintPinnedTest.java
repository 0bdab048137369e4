package io.creditstream.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.LoanApplication;
import io.creditstream.serde.SampleRecords;
import org.junit.jupiter.api.Test;

/**
 * The application fingerprint is stored (the scorer's application-id store, the portal's database)
 * and compared with fingerprints computed later, by other builds: its bytes may never change. The
 * values below were computed before the fingerprint's ASCII fast path was written.
 */
class FingerprintPinnedTest {

  @Test
  void anApplicationOfAsciiTextHasTheSameFingerprintAsEver() {
    LoanApplication app = SampleRecords.loanApplication(100002);

    assertThat(LoanApplications.fingerprint(app)).isEqualTo(PINNED_ASCII);
  }

  @Test
  void textBeyondAsciiHasTheSameFingerprintAsEver() {
    LoanApplication app = SampleRecords.loanApplication(100002);
    app.setApplicationId("app-é-ø-€-😀");
    app.setORGANIZATIONTYPE("Société générale – ß");

    assertThat(LoanApplications.fingerprint(app)).isEqualTo(PINNED_UNICODE);
  }

  private static final String PINNED_ASCII =
      "6dc659fca2a979982cd53427bdb3a97aad7129ecc3b949c0e4ad585dad25c193";
  private static final String PINNED_UNICODE =
      "d298ffe51df5b9b062db14dededfaff42e3a58aa2f2e3adc00596ca1069d4612";
}
