package io.creditstream.scorer.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a report as {@code replay-<UTC time>.json} and {@code .html} into the report directory,
 * the names and the flat layout the portal's auditor view lists ({@code ReplayReports}: a letter or
 * digit first, then letters, digits, {@code .}, {@code _} or {@code -}). Each file is written under
 * a hidden temporary name and moved into place, so the portal never lists a half-written report.
 */
final class ReportWriter {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON =
      JsonMapper.builderWithJackson2Defaults().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ReportWriter() {}

  record Written(Path json, Path html) {}

  static Written write(Path dir, ObjectNode report, Instant at) throws ReplayException {
    String base = "replay-" + STAMP.format(at);
    String name = base;
    for (int i = 2; Files.exists(dir.resolve(name + ".json")); i++) {
      name = base + "-" + i;
    }
    Path json = dir.resolve(name + ".json");
    Path html = dir.resolve(name + ".html");
    report.put("report", name);
    try {
      place(dir, json, JSON.writeValueAsString(report));
      place(dir, html, HtmlReport.render(report));
    } catch (IOException | JacksonException e) {
      throw ReplayException.badArgument("Cannot write the report into " + dir + ": " + e);
    }
    return new Written(json, html);
  }

  private static void place(Path dir, Path target, String content) throws IOException {
    Path tmp = Files.createTempFile(dir, ".replay-", ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
