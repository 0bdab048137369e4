package io.creditstream.scorer.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The optional per-decision evidence ({@code --verdicts FILE}): one JSON object a line, written as
 * the replay goes, so it holds every decision however many there are without growing memory.
 */
final class VerdictLines {

  private static final ObjectMapper JSON = JsonMapper.builderWithJackson2Defaults().build();

  private final BufferedWriter out;
  private final Path file;

  private VerdictLines(BufferedWriter out, Path file) {
    this.out = out;
    this.file = file;
  }

  static VerdictLines open(Path file) throws ReplayException {
    if (file == null) {
      return new VerdictLines(null, null);
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      return new VerdictLines(Files.newBufferedWriter(file, StandardCharsets.UTF_8), file);
    } catch (IOException e) {
      throw ReplayException.badArgument("Cannot write the verdicts file " + file + ": " + e);
    }
  }

  void write(Verdict v) throws ReplayException {
    if (out == null) {
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("applicationId", v.applicationId());
    o.put("clientId", v.clientId());
    o.put("partition", v.partition());
    o.put("offset", v.offset());
    o.put("modelVersion", v.modelVersion());
    o.put("status", v.status().name());
    o.put("tampered", v.tampered());
    o.put("applicationFeatures", v.applicationFeatures().name());
    o.put("historyFeatures", v.history().name());
    o.put("recordedOutcome", v.recordedOutcome().name());
    o.put("recordedProbability", v.recordedProbability());
    if (v.replayedOutcome() != null) {
      o.put("replayedOutcome", v.replayedOutcome().name());
      o.put("replayedProbability", v.replayedProbability());
    }
    if (!v.differences().isEmpty() || !v.featureDifferences().isEmpty()) {
      ArrayNode d = o.putArray("details");
      v.differences().forEach(d::add);
      v.featureDifferences().forEach(d::add);
    }
    line(o);
  }

  void unreadable(DecisionSource.Item item) throws ReplayException {
    if (out == null) {
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("partition", item.partition());
    o.put("offset", item.offset());
    o.put("key", item.key());
    o.put("status", Verdict.Status.NOT_REPRODUCIBLE.name());
    o.putArray("details").add(item.error());
    line(o);
  }

  private void line(ObjectNode o) throws ReplayException {
    try {
      out.write(JSON.writeValueAsString(o));
      out.newLine();
    } catch (IOException | JacksonException e) {
      throw ReplayException.badArgument("Cannot write the verdicts file " + file + ": " + e);
    }
  }

  /** After a failure: the file keeps what was written; nothing more to report. */
  void closeQuietly() {
    try {
      close();
    } catch (ReplayException e) {
      // the replay already failed and says why; a close error would only hide that
    }
  }

  void close() throws ReplayException {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      throw ReplayException.badArgument("Cannot write the verdicts file " + file + ": " + e);
    }
  }
}
