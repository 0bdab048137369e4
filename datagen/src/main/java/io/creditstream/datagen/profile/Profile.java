package io.creditstream.datagen.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Marginal statistics of the real Home Credit tables, as built by {@link ProfileBuilder} and
 * committed as the resource {@code io/creditstream/datagen/profile.json}.
 *
 * @param source what the statistics were computed from (file names and row counts)
 * @param quantileLevels the probabilities (0 to 1) at which {@link ColumnProfile#quantiles()} are
 *     given
 * @param tables Kaggle table name (e.g. {@code bureau}) to its profile
 */
public record Profile(
    String source, List<Double> quantileLevels, LinkedHashMap<String, TableProfile> tables) {

  static final String RESOURCE = "/io/creditstream/datagen/profile.json";
  private static final ObjectMapper MAPPER =
      JsonMapper.builderWithJackson2Defaults().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** The committed profile of the real tables. */
  public static Profile load() {
    try (InputStream in = Profile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
      }
      return MAPPER.readValue(in, Profile.class);
    } catch (JacksonException e) {
      // Jackson 3's exceptions are unchecked; keep the UncheckedIOException callers saw before.
      throw new UncheckedIOException("cannot read " + RESOURCE, new IOException(e.getMessage(), e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Reads a profile written by {@link #write(Path)}. */
  public static Profile read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), Profile.class);
  }

  /** Writes this profile as indented JSON. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), this);
  }

  /** The profile of one table; fails with the table's name if the profile lacks it. */
  public TableProfile table(String kaggleName) {
    TableProfile table = tables.get(kaggleName);
    if (table == null) {
      throw new IllegalArgumentException("profile has no table " + kaggleName);
    }
    return table;
  }
}
