/** The trainer command line ({@link io.creditstream.trainer.TrainerCli}) and its subcommands. */
package io.creditstream.trainer;
