package io.creditstream.datagen;

import io.creditstream.datagen.profile.Profile;
import io.creditstream.datagen.profile.ProfileBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code profile --data DIR --out FILE}: computes the marginal statistics of the real tables (the
 * committed {@code profile.json} is this command's output). Exit codes: 0 written, 2 bad arguments,
 * 1 the files could not be read or written.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description =
        "Reads the real Home Credit files (application_train.sample.csv.gz and"
            + " child-tables/*.csv.gz) and writes their per-column statistics as JSON.")
public final class ProfileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Directory of the real files, e.g. ../shared/data/home-credit.")
  Path data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "JSON file to write.")
  Path out;

  @Override
  public Integer call() {
    if (!Files.isDirectory(data)) {
      throw new ParameterException(spec.commandLine(), "--data " + data + " is not a directory");
    }
    try {
      Profile profile = ProfileBuilder.build(data);
      profile.write(out);
      spec.commandLine().getOut().printf("wrote %s (%s)%n", out, profile.source());
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().printf("error: cannot build the profile: %s%n", e.getMessage());
      return 1;
    }
  }
}
