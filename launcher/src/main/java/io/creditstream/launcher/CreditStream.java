package io.creditstream.launcher;

import io.creditstream.datagen.GenerateCommand;
import io.creditstream.scorer.ScorerApp;
import io.creditstream.scorer.replay.ReplayCommand;
import io.creditstream.trainer.evaluate.EvaluateCommand;
import io.creditstream.trainer.publish.PublishCommands;
import io.creditstream.trainer.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code creditstream} command ({@code ./creditstream} at the repository's root). */
@Command(
    name = "creditstream",
    mixinStandardHelpOptions = true,
    version = "creditstream 0.1.0",
    description = "An event-driven, auditable credit-decision engine.",
    subcommands = {
      LocalCommand.class,
      GenerateCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      PublishCommands.Features.class,
      PublishCommands.Model.class,
      PublishCommands.Applications.class,
      ScorerApp.class,
      ReplayCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CreditStream implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new CreditStream()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
