package io.creditstream.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seal's Ed25519 runs on BouncyCastle's arithmetic for speed; what it signs and accepts must be
 * exactly what the JDK's own {@code Signature("Ed25519")}, an independent implementation, signs and
 * accepts.
 */
class SealKeysTest {

  private static final KeyPair PAIR = SealKeys.generate();

  private static byte[] jdkSign(byte[] message) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(PAIR.getPrivate());
    s.update(message);
    return s.sign();
  }

  private static boolean jdkVerify(byte[] message, byte[] signature) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(PAIR.getPublic());
    s.update(message);
    return s.verify(signature);
  }

  @Test
  void signsTheSameBytesAsTheJdkAndEachAcceptsTheOthersSignatures() throws Exception {
    SealKeys.Signer signer = new SealKeys.Signer("k1", PAIR.getPrivate());
    SealKeys.KeyRing ring = new SealKeys.KeyRing(Map.of("k1", PAIR.getPublic()));
    for (int n : new int[] {0, 1, 33, 53, 1000}) {
      byte[] message = new byte[n];
      for (int i = 0; i < n; i++) {
        message[i] = (byte) (i * 31 + n);
      }

      byte[] ours = signer.sign(message);

      assertThat(ours).as("message of %d bytes", n).isEqualTo(jdkSign(message));
      assertThat(jdkVerify(message, ours)).isTrue();
      assertThat(ring.verify("k1", message, jdkSign(message))).isTrue();
    }
  }

  @Test
  void refusesAnAlteredMessageAMalformedSignatureAndAnUnknownKey() throws Exception {
    SealKeys.Signer signer = new SealKeys.Signer("k1", PAIR.getPrivate());
    SealKeys.KeyRing ring = SealKeys.KeyRing.of(signer);
    byte[] message = "creditstream".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = signer.sign(message);
    byte[] altered = message.clone();
    altered[0] ^= 1;
    byte[] flipped = signature.clone();
    flipped[10] ^= 1;

    assertThat(ring.verify("k1", message, signature)).isTrue();
    assertThat(ring.verify("k1", altered, signature)).isFalse();
    assertThat(ring.verify("k1", message, flipped)).isFalse();
    assertThat(ring.verify("k1", message, new byte[63])).isFalse();
    assertThat(ring.verify("k2", message, signature)).isFalse();
    assertThat(jdkVerify(altered, signature)).isFalse();
  }

  @Test
  void aSignerNeverPrintsItsKey() {
    SealKeys.Signer signer = new SealKeys.Signer("k1", PAIR.getPrivate());

    assertThat(signer.toString()).isEqualTo("Signer[keyId=k1]");
  }
}
