package io.creditstream.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real Home Credit rows are for the tests: the folder the {@code home-credit.dir} system
 * property names (the root pom's Surefire configuration sets it to {@code
 * ../shared/data/home-credit}). The rows are never committed (see data/README.md); a test that
 * needs them fails, naming the path, when they are absent: it is never skipped.
 */
public final class HomeCreditData {

  /** The system property that names the folder. */
  public static final String PROPERTY = "home-credit.dir";

  /** The labelled sample every module's real-data tests start from. */
  public static final String TRAIN_SAMPLE = "application_train.sample.csv.gz";

  private HomeCreditData() {}

  /** The folder of the real rows, checked to hold {@link #TRAIN_SAMPLE}. */
  public static Path dir() {
    String property = System.getProperty(PROPERTY);
    if (property == null || property.isBlank()) {
      throw new IllegalStateException(
          "System property "
              + PROPERTY
              + " is not set: run the tests through Maven (Surefire sets it to"
              + " ../shared/data/home-credit) or pass -D"
              + PROPERTY
              + "=DIR (see data/README.md)");
    }
    Path dir = Path.of(property);
    if (!Files.isRegularFile(dir.resolve(TRAIN_SAMPLE))) {
      throw new IllegalStateException(
          "The real Home Credit rows are needed: no "
              + TRAIN_SAMPLE
              + " in "
              + dir.toAbsolutePath()
              + " ("
              + PROPERTY
              + "; see data/README.md)");
    }
    return dir;
  }

  /** A file or folder inside {@link #dir()}, checked to exist. */
  public static Path file(String relative) {
    Path path = dir().resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          "The real Home Credit rows are needed: no "
              + path.toAbsolutePath()
              + " ("
              + PROPERTY
              + ")");
    }
    return path;
  }

  /** The labelled sample, {@link #TRAIN_SAMPLE}. */
  public static Path trainSample() {
    return file(TRAIN_SAMPLE);
  }
}
