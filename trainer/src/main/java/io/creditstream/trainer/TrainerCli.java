package io.creditstream.trainer;

import io.creditstream.trainer.evaluate.EvaluateCommand;
import io.creditstream.trainer.publish.PublishCommands;
import io.creditstream.trainer.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The trainer command line; every subcommand is listed once, here. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    description = "Train, generate and publish for creditstream.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      PublishCommands.Features.class,
      PublishCommands.Model.class,
      PublishCommands.Applications.class
    })
public final class TrainerCli {
  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainerCli()).execute(args));
  }
}
