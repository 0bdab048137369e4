package io.creditstream.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** The version of a model is its content hash: input the saved model bytes, output 16 hex chars. */
public final class ModelVersion {
  private ModelVersion() {}

  /** SHA-256 of the bytes, lower-case hex, first 16 characters. */
  public static String of(byte[] modelBytes) {
    Objects.requireNonNull(modelBytes, "modelBytes");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(modelBytes);
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256, so this cannot happen on a conforming JVM.
      throw new IllegalStateException("SHA-256 not available", e);
    }
  }
}
