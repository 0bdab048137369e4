package io.creditstream.trainer.publish;

import io.creditstream.seal.SealKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The publishing subcommands of the trainer CLI. Exit codes: 0 done, 1 failed, 2 bad arguments. */
public final class PublishCommands {
  private PublishCommands() {}

  @Command(
      name = "publish-features",
      mixinStandardHelpOptions = true,
      description = "Aggregate the history tables per client and publish them to client-features.")
  public static final class Features implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--data", required = true, description = "Directory of the Kaggle tables")
    Path data;

    @Option(names = "--as-of", description = "As-of time of the aggregates (ISO-8601; default now)")
    Instant asOf;

    @Mixin ReleaseKeyOptions keys;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(data)) {
        System.err.println("--data " + data + " is not a directory");
        return 2;
      }
      SealKeys.Signer signer = keys.signer();
      FeaturePublisher.Result result =
          FeaturePublisher.publish(
              data, kafka.config(), asOf != null ? asOf : Instant.now(), signer);
      System.out.printf("clients=%d malformed_rows=%d%n", result.clients(), result.malformedRows());
      return 0;
    }
  }

  @Command(
      name = "publish-model",
      mixinStandardHelpOptions = true,
      description =
          "Release a trained model (model.ubj + model-card.json) to model-releases, or activate a"
              + " released version.")
  public static final class Model implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--model-dir", description = "Directory with model.ubj and model-card.json")
    Path modelDir;

    @Option(names = "--activate", description = "Make the released model the active one")
    boolean activate;

    @Option(
        names = "--activate-version",
        description = "Only activate this already released version (a rollback, for instance)")
    String activateVersion;

    @Mixin ReleaseKeyOptions keys;

    @Override
    public Integer call() throws Exception {
      SealKeys.Signer signer = keys.signer();
      if (activateVersion != null) {
        ModelPublisher.activate(activateVersion, kafka.config(), signer);
        System.out.println("activated=" + activateVersion);
        return 0;
      }
      if (modelDir == null) {
        System.err.println("Give --model-dir DIR or --activate-version VERSION");
        return 2;
      }
      Path model = modelDir.resolve("model.ubj");
      Path card = modelDir.resolve("model-card.json");
      if (!Files.isRegularFile(model) || !Files.isRegularFile(card)) {
        System.err.println(modelDir + " must hold model.ubj and model-card.json");
        return 2;
      }
      String version =
          ModelPublisher.publish(
              Files.readAllBytes(model), Files.readString(card), activate, kafka.config(), signer);
      System.out.println(
          "released="
              + version
              + " active="
              + activate
              + " signed_by="
              + (signer == null ? "none" : signer.keyId()));
      return 0;
    }
  }

  @Command(
      name = "publish-applications",
      mixinStandardHelpOptions = true,
      description = "Replay an application file as live traffic on loan-applications.")
  public static final class Applications implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--file", required = true, description = "application_test/train .csv(.gz)")
    Path file;

    @Option(
        names = "--rate",
        defaultValue = "10",
        description = "Applications a second (0: as fast as possible; default ${DEFAULT-VALUE})")
    double rate;

    @Option(
        names = "--limit",
        defaultValue = "0",
        description = "Stop after N applications (0: all)")
    long limit;

    @Option(
        names = "--channel",
        defaultValue = "REPLAY",
        description = "Channel recorded on each application")
    String channel;

    @Option(names = "--loop", description = "Start the file again at its end, until stopped")
    boolean loop;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(file)) {
        System.err.println("--file " + file + " does not exist");
        return 2;
      }
      AtomicBoolean stop = new AtomicBoolean();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true), "publish-stop"));
      ApplicationPublisher.Result result =
          ApplicationPublisher.publish(file, kafka.config(), rate, limit, channel, loop, stop);
      System.out.printf(
          "sent=%d rejected=%d failed=%d%n", result.sent(), result.rejected(), result.failed());
      return result.failed() > 0 ? 1 : 0;
    }
  }
}
