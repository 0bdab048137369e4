package io.creditstream.trainer.publish;

import io.creditstream.seal.SealKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The release key that signs what the publishers write for the scorer (model releases, activations,
 * client histories): scorers given its public half believe nothing unsigned.
 */
public final class ReleaseKeyOptions {

  @Option(
      names = "--release-key",
      description =
          "PEM file of the Ed25519 release key (PKCS#8) that signs what is published; scorers"
              + " believe only what the keys they are given signed. Without it, unsigned.")
  Path releaseKey;

  @Option(
      names = "--release-key-id",
      description = "The id written with each signature (default: the key's fingerprint)")
  String releaseKeyId;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * The signer, or null (with a warning on standard error) when no key was given.
   *
   * @throws ParameterException naming the option when the file is not an Ed25519 private key (the
   *     command then exits 2, a bad argument)
   */
  SealKeys.Signer signer() {
    if (releaseKey == null) {
      System.err.println(
          "Publishing UNSIGNED (no --release-key): a scorer that verifies what it reads"
              + " (scorer.release.public-key.<id>) will refuse it");
      return null;
    }
    try {
      PrivateKey key = SealKeys.readPrivateKey(releaseKey);
      return new SealKeys.Signer(
          releaseKeyId != null ? releaseKeyId : SealKeys.keyIdOf(SealKeys.publicKeyOf(key)), key);
    } catch (IOException | IllegalArgumentException e) {
      throw new ParameterException(
          command.commandLine(), "--release-key " + releaseKey + ": " + e.getMessage(), e);
    }
  }
}
