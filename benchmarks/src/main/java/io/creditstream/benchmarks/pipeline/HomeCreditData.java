package io.creditstream.benchmarks.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the real Home Credit directory: given, or {@code ../shared/data/home-credit} of the
 * repository.
 */
public final class HomeCreditData {
  private static final Logger log = LoggerFactory.getLogger(HomeCreditData.class);

  private HomeCreditData() {}

  /**
   * @param given a directory the user named (must exist), or null to look beside the repository
   * @return the directory, or null when none was given and none is beside the repository (the
   *     benchmark then says so and uses generated applications)
   */
  public static Path locate(Path given) {
    if (given != null) {
      if (!Files.isDirectory(given)) {
        throw new IllegalArgumentException("--data " + given + " is not a directory");
      }
      return given;
    }
    String property = System.getProperty("home-credit.dir");
    for (String candidate :
        new String[] {property, "../shared/data/home-credit", "../../shared/data/home-credit"}) {
      if (candidate != null && Files.isDirectory(Path.of(candidate))) {
        return Path.of(candidate).toAbsolutePath().normalize();
      }
    }
    log.warn(
        "No Home Credit directory (../shared/data/home-credit): generated applications are used");
    return null;
  }
}
