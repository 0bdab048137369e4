package io.creditstream.systemtests;

import io.creditstream.datagen.HomeCreditGenerator;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.trainer.train.TrainCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Generated Home-Credit-shaped tables and a small model trained on them, made once per JVM (every
 * test class and the soak share them). Inputs: none; outputs: the data directory, the application
 * file replayed as traffic, the model bytes and its card.
 */
public record TrainedModel(Path dataDir, Path trafficFile, byte[] modelBytes, String modelCard) {

  private static TrainedModel instance;

  /** Generates 1,500 applications and trains on them the first time; later calls reuse them. */
  public static synchronized TrainedModel get() {
    if (instance == null) {
      try {
        instance = make(Files.createTempDirectory("creditstream-system-model"), 1_500);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  static TrainedModel make(Path dir, int applications) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    HomeCreditGenerator.generate(data, applications, 42, 0.3);
    Path out = dir.resolve("model");
    int exit =
        new CommandLine(new TrainCommand())
            .execute(
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--folds",
                "3",
                "--trials",
                "1",
                "--max-rounds",
                "200",
                "--early-stopping",
                "20");
    if (exit != 0) {
      throw new IllegalStateException("Training the system-test model failed (exit " + exit + ")");
    }
    Path traffic =
        HomeCreditTable.APPLICATION_TEST
            .locate(data)
            .orElseThrow(() -> new IOException("datagen wrote no application_test in " + data));
    return new TrainedModel(
        data,
        traffic,
        Files.readAllBytes(out.resolve("model.ubj")),
        Files.readString(out.resolve("model-card.json")));
  }
}
