package io.creditstream.datagen;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code datagen generate ...} and {@code datagen profile ...}. */
@Command(
    name = "datagen",
    mixinStandardHelpOptions = true,
    subcommands = {GenerateCommand.class, ProfileCommand.class},
    description = "Home-Credit-shaped synthetic tables.")
public final class DatagenCli implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: generate or profile");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DatagenCli()).execute(args));
  }
}
