package io.creditstream.portal.audit;

import io.creditstream.portal.config.PortalProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The replay reports ({@code .json} and {@code .html}) that the scorer's {@code replay} command
 * wrote into {@code creditstream.portal.replay-reports-dir}. Only plain files directly in that
 * directory are listed or served: names are checked against a strict pattern, and the resolved real
 * path must still be inside the directory, so neither {@code ../} nor a symbolic link leads out.
 */
@Component
public class ReplayReports {

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.(json|html)");

  private final Path dir;

  public ReplayReports(PortalProperties properties) {
    this.dir = properties.replayReportsDir();
  }

  /** A report as listed. */
  public record Report(String name, long size, Instant modified) {}

  public boolean configured() {
    return dir != null && Files.isDirectory(dir);
  }

  public List<Report> list() throws IOException {
    if (!configured()) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(ReplayReports::describe)
          .sorted((a, b) -> b.modified().compareTo(a.modified()))
          .toList();
    }
  }

  /** The file of a report, if the name is a report's name and the file is inside the directory. */
  public Optional<Path> resolve(String name) throws IOException {
    if (!configured() || name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Path base = dir.toRealPath();
    Path file = base.resolve(name).normalize();
    if (!file.startsWith(base) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Path real = file.toRealPath();
    return real.getParent().equals(base) ? Optional.of(real) : Optional.empty();
  }

  private static Report describe(Path p) {
    try {
      return new Report(
          p.getFileName().toString(), Files.size(p), Files.getLastModifiedTime(p).toInstant());
    } catch (IOException e) {
      return new Report(p.getFileName().toString(), -1, Instant.EPOCH);
    }
  }
}
