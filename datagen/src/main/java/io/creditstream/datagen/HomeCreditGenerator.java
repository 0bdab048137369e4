package io.creditstream.datagen;

import io.creditstream.datagen.profile.Profile;
import io.creditstream.datagen.synth.Synthesizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Generates Home-Credit-shaped tables: the eight Kaggle tables as {@code <kaggle name>.csv.gz} with
 * the exact Kaggle headers, consistent ids across tables, marginals from the committed profile of
 * the real rows, and a default mechanism a model can learn.
 *
 * <p>Same seed, size and test fraction give byte-identical files. Memory does not grow with the
 * number of applications: rows are streamed to disk one client at a time.
 */
public final class HomeCreditGenerator {

  /** The largest run the generator is meant for. */
  public static final long MAX_APPLICATIONS = 10_000_000L;

  private HomeCreditGenerator() {}

  /**
   * Writes all eight tables into {@code outDir} (created if absent; existing files are replaced).
   *
   * @param applications number of applications (train plus test), 1 to {@link #MAX_APPLICATIONS}
   * @param seed random seed
   * @param testFraction share of applications written to application_test (no TARGET), in [0, 1)
   */
  public static GeneratedTables generate(
      Path outDir, long applications, long seed, double testFraction) throws IOException {
    return generate(Profile.load(), outDir, applications, seed, testFraction);
  }

  /** As {@link #generate(Path, long, long, double)}, with another profile. */
  public static GeneratedTables generate(
      Profile profile, Path outDir, long applications, long seed, double testFraction)
      throws IOException {
    if (applications < 1 || applications > MAX_APPLICATIONS) {
      throw new IllegalArgumentException(
          "applications must be between 1 and " + MAX_APPLICATIONS + ", got " + applications);
    }
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
    }
    return new Synthesizer(profile).generate(outDir, applications, seed, testFraction);
  }
}
