package io.creditstream.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.seal.SealKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The publishers' --release-key option, as the command line reads it. */
class ReleaseKeyOptionsTest {

  @TempDir Path dir;

  @Test
  void aFileThatIsNotAReleaseKeyIsABadArgumentNamingTheOption() throws Exception {
    Path junk = Files.writeString(dir.resolve("release.key"), "not a key");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PublishCommands.Model());
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute("--activate-version", "0123456789abcdef", "--release-key", junk.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--release-key " + junk);
  }

  @Test
  void aReleaseKeySignsUnderItsFingerprintOrTheIdGiven() throws Exception {
    KeyPair pair = SealKeys.generate();
    Path key = Files.writeString(dir.resolve("release.key"), SealKeys.pem(pair.getPrivate()));
    PublishCommands.Model byFingerprint = new PublishCommands.Model();
    new CommandLine(byFingerprint).parseArgs("--release-key", key.toString());
    PublishCommands.Model byId = new PublishCommands.Model();
    new CommandLine(byId).parseArgs("--release-key", key.toString(), "--release-key-id", "t-1");

    assertThat(byFingerprint.keys.signer().keyId()).isEqualTo(SealKeys.keyIdOf(pair.getPublic()));
    assertThat(byId.keys.signer().keyId()).isEqualTo("t-1");
    assertThat(byId.keys.signer().publicKey()).isEqualTo(pair.getPublic());
  }
}
