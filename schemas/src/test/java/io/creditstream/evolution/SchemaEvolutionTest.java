package io.creditstream.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.registry.AvroCompatibility;
import io.creditstream.registry.CompatibilityResult;
import io.creditstream.registry.IncompatibleSchemaException;
import io.creditstream.registry.RegistryClientConfig;
import io.creditstream.registry.RestSchemaRegistryClient;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evolution rule: every schema in {@code src/main/avro} must be BACKWARD compatible with each
 * released version of it under {@code src/test/resources/released/vN/} (consumers on the new schema
 * read everything already on the topics). Checked with Avro's own resolution rules and by the real
 * registry, which is what refuses a bad release in production.
 */
@ExtendWith(LocalPlatformExtension.class)
class SchemaEvolutionTest {
  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
  private static final Path CURRENT = MODULE.resolve("src/main/avro");
  private static final Path RELEASED = MODULE.resolve("src/test/resources/released");

  static List<String> currentSchemaFiles() {
    return avscIn(CURRENT);
  }

  static List<Path> releasedVersions() {
    try (Stream<Path> dirs = Files.list(RELEASED)) {
      return dirs.filter(d -> d.getFileName().toString().matches("v\\d+"))
          .sorted(
              Comparator.comparingInt(
                  d -> Integer.parseInt(d.getFileName().toString().substring(1))))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the released schemas in " + RELEASED, e);
    }
  }

  @Test
  void everyCurrentSchemaHasBeenReleasedAtLeastOnce() {
    // given the latest release, then each current schema has a released counterpart (a brand-new
    // schema must be
    // released, i.e. copied under a new released/vN, in the same change that adds it)
    List<String> released = new ArrayList<>();
    releasedVersions().forEach(v -> released.addAll(avscIn(v)));

    assertThat(currentSchemaFiles()).isNotEmpty();
    assertThat(released).containsAll(currentSchemaFiles());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemaFiles")
  void currentSchemaCanReadDataWrittenWithEveryReleasedVersion(String file) {
    Schema current = parse(CURRENT.resolve(file));

    for (Path version : releasedVersions()) {
      if (Files.exists(version.resolve(file))) {
        SchemaPairCompatibility result =
            SchemaCompatibility.checkReaderWriterCompatibility(
                current, parse(version.resolve(file)));
        assertThat(result.getType())
            .as(
                "%s against released %s: %s",
                file,
                version.getFileName(),
                AvroCompatibility.problems(current, parse(version.resolve(file))))
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemaFiles")
  void realRegistryAcceptsEveryCurrentSchemaAfterItsReleasedVersions(
      String file, LocalPlatform platform) {
    // given the released versions registered in order under a fresh subject
    RestSchemaRegistryClient registry = registry(platform);
    String subject = "evolution-" + UUID.randomUUID() + "-value";
    for (Path version : releasedVersions()) {
      if (Files.exists(version.resolve(file))) {
        registry.register(subject, parse(version.resolve(file)));
      }
    }

    // when the current schema is checked, then the registry's BACKWARD rule accepts it
    Schema current = parse(CURRENT.resolve(file));
    CompatibilityResult result = registry.testCompatibility(subject, current);
    assertThat(result.compatible()).as("registry says: %s", result.messages()).isTrue();
    assertThat(registry.register(subject, current)).isPositive();
  }

  @Test
  void avroRejectsANewRequiredFieldWithoutDefaultNamingIt() {
    Schema released = parse(RELEASED.resolve("v1/ClientFeatures.avsc"));
    Schema broken = withRequiredField(parse(CURRENT.resolve("ClientFeatures.avsc")), "riskBand");

    SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(broken, released);

    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(AvroCompatibility.problems(broken, released))
        .containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/7: riskBand");
  }

  @Test
  void realRegistryRejectsANewRequiredFieldWithoutDefaultWith409(LocalPlatform platform) {
    // given the released ClientFeatures registered
    RestSchemaRegistryClient registry = registry(platform);
    String subject = "evolution-broken-" + UUID.randomUUID() + "-value";
    int releasedId = registry.register(subject, parse(RELEASED.resolve("v1/ClientFeatures.avsc")));
    Schema broken = withRequiredField(parse(CURRENT.resolve("ClientFeatures.avsc")), "riskBand");

    // when the broken schema is checked and then registered
    CompatibilityResult check = registry.testCompatibility(subject, broken);

    // then the check says no, and registration is refused with the registry's 409 and its
    // explanation
    assertThat(check.compatible()).isFalse();
    assertThatThrownBy(() -> registry.register(subject, broken))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.registryMessage()).isNotBlank();
            })
        .hasMessageContaining("incompatible for " + subject);
    assertThat(registry.latest(subject).id()).isEqualTo(releasedId);
  }

  private static RestSchemaRegistryClient registry(LocalPlatform platform) {
    return new RestSchemaRegistryClient(
        RegistryClientConfig.from(Map.of("schema.registry.url", platform.registryUrl())));
  }

  private static List<String> avscIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".avsc"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schemas in " + dir, e);
    }
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Schema withRequiredField(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(
        new Schema.Field(name, Schema.create(Schema.Type.STRING), "added without a default"));
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }
}
