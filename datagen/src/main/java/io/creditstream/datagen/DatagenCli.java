package io.creditstream.datagen;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code datagen generate ...} (the synthetic tables) and {@code datagen profile ...} (the
 * statistics of the real tables they are drawn from). Exit codes: 0 done, 2 bad arguments, 1 I/O
 * failure.
 */
@Command(
    name = "datagen",
    mixinStandardHelpOptions = true,
    subcommands = {GenerateCommand.class, ProfileCommand.class},
    description = "Home-Credit-shaped synthetic tables.")
public final class DatagenCli implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a subcommand is required: generate or profile");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DatagenCli()).execute(args));
  }
}
