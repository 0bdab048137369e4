package io.creditstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScorerAppTest {

  @TempDir Path dir;

  @Test
  void exitsWithTheConfigurationCodeOnABadSetting() throws Exception {
    // given a configuration file with an impossible review margin
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "scorer.review.below=-0.2\n");

    // when
    int code = new CommandLine(new ScorerApp()).execute("--config", file.toString());

    // then
    assertThat(code).isEqualTo(ScorerApp.EXIT_CONFIG);
  }
}
