package io.creditstream.datagen;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the real Home Credit files are: the {@code home-credit.dir} system property (Surefire). */
public final class RealData {

  private RealData() {}

  /** The directory of the real files; fails loudly (never skips) when it is absent. */
  public static Path dir() {
    String property = System.getProperty("home-credit.dir");
    if (property == null || property.isBlank()) {
      throw new IllegalStateException(
          "system property home-credit.dir is not set: run the tests through Maven (Surefire sets"
              + " it to ../shared/data/home-credit) or pass -Dhome-credit.dir=DIR");
    }
    Path dir = Path.of(property);
    if (!Files.isRegularFile(dir.resolve("application_train.sample.csv.gz"))) {
      throw new IllegalStateException(
          "the real Home Credit files are not in home-credit.dir="
              + dir.toAbsolutePath()
              + " (expected application_train.sample.csv.gz and child-tables/*.csv.gz there)");
    }
    return dir;
  }
}
