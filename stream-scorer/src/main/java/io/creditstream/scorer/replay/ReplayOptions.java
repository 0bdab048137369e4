package io.creditstream.scorer.replay;

import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The replay's command-line options (a picocli mixin of {@link ReplayCommand}) and what makes them
 * a valid {@link ReplayJob}: dates, ranges, the ids file, the configuration, the labels file, the
 * report directory, the topic, registry and seal key settings. Everything wrong here is a bad
 * argument (exit code 2), named on stderr, found before any topic is read.
 */
final class ReplayOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The scorer's properties file (broker, registry, security, topic.* names, scorer.*"
              + " policy); CREDITSTREAM_* environment variables override it.")
  Path config;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka.")
  String bootstrapServers;

  @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry.")
  String registryUrl;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any further setting, as in the config file (e.g. topic.loan-decisions=x).")
  Map<String, String> settings = new HashMap<>();

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Decisions decided at or after (ISO instant or date, UTC).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "Decisions decided before (ISO instant or date, UTC).")
  String to;

  @Option(names = "--partition", description = "With --from-offset: one partition of decisions.")
  Integer partition;

  @Option(names = "--from-offset", description = "First offset (inclusive).")
  Long fromOffset;

  @Option(names = "--to-offset", description = "Last offset (inclusive); default the end.")
  Long toOffset;

  @Option(
      names = "--application-ids",
      split = ",",
      paramLabel = "ID",
      description = "Only these applications' decisions.")
  List<String> applicationIds = List.of();

  @Option(
      names = "--ids-file",
      paramLabel = "FILE",
      description = "Application ids, one a line ('#' starts a comment).")
  Path idsFile;

  @Option(
      names = "--margin",
      paramLabel = "DURATION",
      defaultValue = "PT10M",
      description =
          "How far an application's record time may be from its decision's (the scorer's lag),"
              + " ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration margin;

  @Option(
      names = "--application-margin",
      paramLabel = "DURATION",
      defaultValue = "PT1M",
      description =
          "Window around the decisions' record times in which their applications are looked for"
              + " (a decision record carries its application's record time), ISO-8601 (default"
              + " ${DEFAULT-VALUE}).")
  Duration applicationMargin;

  @Option(
      names = "--candidate-version",
      paramLabel = "VERSION",
      description = "What-if: also decide the range with this released model version.")
  String candidateVersion;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description =
          "With --candidate-version: CSV with SK_ID_CURR and TARGET (or an application_train"
              + " file, .gz too) for each model's business cost and ROC AUC.")
  Path labelsFile;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      defaultValue = "replay-reports",
      description = "Where the JSON and HTML reports go (default ${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(
      names = "--verdicts",
      paramLabel = "FILE",
      description =
          "Also write every decision's verdict to FILE, one JSON object a line (streamed).")
  Path verdictsFile;

  @Option(
      names = "--no-history-check",
      negatable = false,
      description = "Do not read client-features to check the history features.")
  boolean noHistoryCheck;

  @Option(
      names = "--max-examples",
      defaultValue = "100",
      description = "Examples kept per kind of finding (default ${DEFAULT-VALUE}).")
  int maxExamples;

  @Option(
      names = "--chunk-size",
      defaultValue = "2000",
      description =
          "Decisions held and checked together: the memory bound, about 50 kB a decision"
              + " (default ${DEFAULT-VALUE}).")
  int chunkSize;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT60S",
      description = "How long to wait for Kafka without progress (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--no-progress",
      description =
          "No progress display (a redrawn line on a terminal, a log line every 5 s elsewhere).")
  boolean noProgress;

  @Option(
      names = "--verify-only",
      description =
          "Only verify the log (every decision's seal and chain, the checkpoints), without"
              + " re-scoring: fast.")
  boolean verifyOnly;

  /**
   * The validated job. The checks run in a fixed order (selection, configuration, option
   * combinations, labels, report directory, topics, keys), so that one command line always gets the
   * same message.
   */
  ReplayJob job() throws ReplayException {
    Selection selection = selection();
    ScorerSettings scorer = settings();
    if (labelsFile != null && candidateVersion == null) {
      throw ReplayException.badArgument("--labels needs --candidate-version");
    }
    if (maxExamples < 0 || chunkSize < 1) {
      throw ReplayException.badArgument("--max-examples must be >= 0 and --chunk-size >= 1");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw ReplayException.badArgument("--timeout must be positive");
    }
    Labels labels = labelsFile == null ? null : Labels.read(labelsFile);
    try {
      Files.createDirectories(reportDir);
    } catch (IOException e) {
      throw ReplayException.badArgument(
          "Cannot create the report directory " + reportDir + ": " + e);
    }

    Topics topics;
    try {
      topics = Topics.create(scorer.all());
    } catch (RuntimeException e) {
      throw ReplayException.badArgument("Bad topic or registry setting: " + e.getMessage());
    }
    SealKeys.KeyRing keys;
    try {
      keys = scorer.sealKeyRing();
    } catch (IllegalArgumentException e) {
      throw ReplayException.badArgument("Bad seal key setting: " + e.getMessage());
    }
    Map<String, Object> client = scorer.clientConfig();
    return new ReplayJob(
        selection,
        scorer,
        topics,
        keys,
        client,
        candidateVersion,
        labels,
        applicationMargin,
        reportDir,
        verdictsFile,
        noHistoryCheck,
        maxExamples,
        chunkSize,
        timeout,
        !noProgress,
        verifyOnly);
  }

  private ScorerSettings settings() throws ReplayException {
    Map<String, Object> overrides = new HashMap<>(settings);
    if (bootstrapServers != null) {
      overrides.put(ScorerSettings.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    if (registryUrl != null) {
      overrides.put(ScorerSettings.REGISTRY_URL, registryUrl);
    }
    if (config != null && !Files.isRegularFile(config)) {
      throw ReplayException.badArgument("Configuration file " + config + " does not exist");
    }
    try {
      return ScorerSettings.load(config, System.getenv()).with(overrides);
    } catch (IllegalArgumentException e) {
      throw ReplayException.badArgument("Bad configuration: " + e.getMessage());
    }
  }

  private Selection selection() throws ReplayException {
    Instant f = time("--from", from);
    Instant t = time("--to", to);
    if (f != null && t != null && !f.isBefore(t)) {
      throw ReplayException.badArgument("--from (" + f + ") must be before --to (" + t + ")");
    }
    boolean offsets = partition != null || fromOffset != null || toOffset != null;
    if (offsets) {
      if (partition == null || fromOffset == null) {
        throw ReplayException.badArgument(
            "An offset range needs --partition and --from-offset (and optionally --to-offset)");
      }
      if (f != null || t != null) {
        throw ReplayException.badArgument("Give either --from/--to or an offset range, not both");
      }
      if (partition < 0 || fromOffset < 0) {
        throw ReplayException.badArgument("--partition and --from-offset must be >= 0");
      }
      if (toOffset != null && toOffset < fromOffset) {
        throw ReplayException.badArgument(
            "--to-offset (" + toOffset + ") is before --from-offset (" + fromOffset + ")");
      }
    }
    if (margin.isNegative() || applicationMargin.isNegative()) {
      throw ReplayException.badArgument("--margin and --application-margin must not be negative");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : applicationIds) {
      if (!id.isBlank()) {
        ids.add(id.trim());
      }
    }
    if (idsFile != null) {
      try {
        for (String line : Files.readAllLines(idsFile)) {
          String id = line.replaceFirst("#.*", "").trim();
          if (!id.isEmpty()) {
            ids.add(id);
          }
        }
      } catch (IOException e) {
        throw ReplayException.badArgument("Cannot read the ids file " + idsFile + ": " + e);
      }
      if (ids.isEmpty()) {
        throw ReplayException.badArgument("The ids file " + idsFile + " holds no id");
      }
    }
    return new Selection(
        offsets ? null : f, offsets ? null : t, partition, fromOffset, toOffset, ids, margin);
  }

  private static Instant time(String option, String text) throws ReplayException {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.trim();
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw ReplayException.badArgument(
          option
              + " '"
              + text
              + "' is neither an ISO instant (2026-11-25T09:00:00Z) nor a date"
              + " (2026-11-25)");
    }
  }
}
