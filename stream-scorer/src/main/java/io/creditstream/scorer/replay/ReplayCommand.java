package io.creditstream.scorer.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.seal.SealKeys;
import io.creditstream.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The auditors' replay. Reads {@code loan-decisions} (a time range, an offset range of one
 * partition, or a list of application ids), {@code model-releases} (every version), {@code
 * loan-applications} and {@code client-features}, all with read-only consumers (no group, {@code
 * read_committed}); writes nothing to Kafka, only a JSON and an HTML report into {@code
 * --report-dir}.
 *
 * <p>Each decision is re-decided from its recorded features with its recorded model version by the
 * scorer's own code and reported IDENTICAL, DIFFERENT or NOT_REPRODUCIBLE, its content hash is
 * verified (TAMPERED), and its application features are recomputed from the original application.
 * With {@code --candidate-version} the same range is also decided by a candidate model (what-if).
 * The whole log is verified too ({@link ChainAudit}: seals, chains, checkpoints of {@code
 * decision-checkpoints}); {@code --verify-only} does only that.
 *
 * <p>Exit codes: 0 everything reproduced (and the what-if done), 1 differences, tampering,
 * unreproducible decisions or requested ids not found, 2 bad arguments, 3 Kafka or the registry
 * cannot be read, 4 an unexpected failure (a bug: see the log).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays recorded credit decisions: re-scores each with its recorded model version and"
          + " features, checks it is identical to the last bit, verifies its content hash, and"
          + " optionally shows what a candidate model would have decided.",
      "Exit codes: 0 all identical, 1 differences/tampering found, 2 bad arguments,"
          + " 3 Kafka or the registry unreachable, 4 unexpected failure."
    })
public final class ReplayCommand implements Callable<Integer> {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FINDINGS = 1;
  public static final int EXIT_BAD_ARGUMENTS = 2;
  public static final int EXIT_UNREACHABLE = 3;
  public static final int EXIT_INTERNAL = 4;

  private static final Logger log = LoggerFactory.getLogger(ReplayCommand.class);

  @Spec CommandSpec spec;

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

  @Option(names = "--no-progress", description = "No progress line on stderr.")
  boolean noProgress;

  @Option(
      names = "--verify-only",
      description =
          "Only verify the log (every decision's seal and chain, the checkpoints), without"
              + " re-scoring: fast.")
  boolean verifyOnly;

  private VerdictLines verdicts;

  /** The report files of the last run (tests, callers). */
  private Path jsonReport;

  private Path htmlReport;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its exit-code mapping (tests run it in-process through this). */
  public static CommandLine commandLine() {
    return commandLine(new ReplayCommand());
  }

  static CommandLine commandLine(ReplayCommand command) {
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          log.error("Replay failed unexpectedly: {}", e.toString(), e);
          line.getErr().println("replay: unexpected failure: " + e);
          return EXIT_INTERNAL;
        });
    return cl;
  }

  public Optional<Path> jsonReport() {
    return Optional.ofNullable(jsonReport);
  }

  public Optional<Path> htmlReport() {
    return Optional.ofNullable(htmlReport);
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run();
    } catch (ReplayException e) {
      log.error("Replay stopped: {}", e.getMessage());
      err.println("replay: " + e.getMessage());
      err.flush();
      return e.exitCode();
    } catch (RuntimeException e) {
      // Caught here rather than left to picocli, whose default code (1) would read as "findings"
      // also when the command runs as a subcommand of the launcher.
      log.error("Replay failed unexpectedly: {}", e.toString(), e);
      err.println("replay: unexpected failure: " + e);
      err.flush();
      return EXIT_INTERNAL;
    } finally {
      if (verdicts != null) {
        verdicts.closeQuietly();
      }
    }
  }

  private int run() throws ReplayException {
    Instant started = Instant.now();
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
    if (verifyOnly) {
      return verifyOnly(started, topics, keys, client);
    }
    FeatureSet featureSet = FeatureSet.current();
    DecisionPolicy policy = DecisionPolicy.from(scorer);

    ModelArchive archive =
        ModelArchive.read(
            TopicReader.consumerConfig(client, "models"),
            topics.modelReleases(),
            featureSet,
            timeout);
    ScoringModel candidate = null;
    if (candidateVersion != null) {
      candidate =
          archive
              .byVersion(candidateVersion)
              .orElseThrow(
                  () ->
                      ReplayException.badArgument(
                          "Candidate " + archive.whyMissing(candidateVersion)));
    }

    Reproducer reproducer = new Reproducer(featureSet, ReasonTexts.load(), policy, archive);
    ReplaySummary summary = new ReplaySummary(maxExamples, selection.applicationIds());
    WhatIf whatIf = candidate == null ? null : new WhatIf(candidate, labels, maxExamples);
    Progress progress = new Progress(System.err, !noProgress);
    verdicts = VerdictLines.open(verdictsFile);
    log.info("Replaying {} of {}", selection.describe(), topics.loanDecisions().name());
    try (DecisionSource source =
            new DecisionSource(
                TopicReader.consumerConfig(client, "decisions"),
                topics.loanDecisions(),
                selection,
                timeout);
        ApplicationIndex applications =
            new ApplicationIndex(
                TopicReader.consumerConfig(client, "applications"),
                topics.loanApplications(),
                applicationMargin,
                timeout);
        HistoryIndex history =
            noHistoryCheck
                ? null
                : new HistoryIndex(
                    TopicReader.consumerConfig(client, "features"),
                    topics.clientFeatures(),
                    featureSet,
                    timeout)) {
      source.plan();
      applications.plan();
      if (history != null) {
        history.load();
        log.info(
            "Indexed {} client(s) with history from {} record(s) of {}",
            history.clients(),
            history.records(),
            topics.clientFeatures().name());
      }
      progress.planned(source.plannedRecords());
      source.read(
          chunkSize,
          chunk -> {
            check(chunk, applications, history, reproducer, archive, summary, whatIf);
            progress.checked(chunk.size(), findings(summary));
          },
          progress);
    }
    progress.done();
    verdicts.close();
    // The log is verified as a whole (every partition from its start, the checkpoints) when the
    // replay covers time; a replay of some offsets or some application ids answers about those.
    ChainAudit audit =
        selection.byOffsets() || !selection.applicationIds().isEmpty()
            ? null
            : audit(topics, keys, client);

    int exit =
        summary.allClean() && (audit == null || audit.findings() == 0) ? EXIT_OK : EXIT_FINDINGS;
    Instant finished = Instant.now();
    ObjectNode report = summary.toJson();
    ObjectNode head = report.objectNode();
    head.put("kind", "creditstream-replay");
    head.put("formatVersion", 1);
    head.put("startedAt", started.toString());
    head.put("finishedAt", finished.toString());
    double seconds = Math.max(1e-3, Duration.between(started, finished).toMillis() / 1000.0);
    head.put("durationSeconds", seconds);
    head.put("decisionsPerSecond", summary.records / seconds);
    head.put("selection", selection.describe());
    head.put("decisionsTopic", topics.loanDecisions().name());
    head.put("applicationsTopic", topics.loanApplications().name());
    head.put("clientFeaturesTopic", noHistoryCheck ? null : topics.clientFeatures().name());
    head.put("modelReleasesTopic", topics.modelReleases().name());
    head.put("featureSetVersion", featureSet.version());
    head.put(
        "policy",
        "reasons "
            + policy.reasonsCount()
            + ", review margins "
            + policy.reviewBelow()
            + "/"
            + policy.reviewAbove()
            + ", threshold "
            + (Double.isNaN(policy.thresholdOverride())
                ? "from each model card"
                : String.valueOf(policy.thresholdOverride())));
    head.put("exitCode", exit);
    ObjectNode versions = head.putObject("modelVersionsOnTopic");
    new java.util.TreeMap<>(archive.versions()).forEach(versions::put);
    head.setAll(report);
    if (audit != null) {
      head.set("log", audit.toJson());
    }
    if (whatIf != null) {
      head.set("whatIf", whatIf.toJson());
    }
    ReportWriter.Written written = ReportWriter.write(reportDir, head, finished);
    jsonReport = written.json();
    htmlReport = written.html();
    printSummary(summary, whatIf, written);
    if (audit != null) {
      printLog(audit);
    }
    return exit;
  }

  /** Reads the whole decisions log and its checkpoints and checks seals and chains. */
  private ChainAudit audit(Topics topics, SealKeys.KeyRing keys, Map<String, Object> client)
      throws ReplayException {
    try (ChainAudit audit =
        new ChainAudit(
            TopicReader.consumerConfig(client, "chain"),
            topics.loanDecisions(),
            topics.decisionCheckpoints(),
            keys,
            timeout,
            maxExamples)) {
      Progress progress = new Progress(System.err, !noProgress);
      audit.run(progress);
      progress.done();
      log.info(
          "Verified {} record(s) of {}: {} finding(s)",
          audit.records(),
          topics.loanDecisions().name(),
          audit.findings());
      return audit;
    }
  }

  private int verifyOnly(
      Instant started, Topics topics, SealKeys.KeyRing keys, Map<String, Object> client)
      throws ReplayException {
    ChainAudit audit = audit(topics, keys, client);
    int exit = audit.findings() == 0 ? EXIT_OK : EXIT_FINDINGS;
    Instant finished = Instant.now();
    ObjectNode head = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    head.put("kind", "creditstream-replay");
    head.put("formatVersion", 1);
    head.put("mode", "verify-only");
    head.put("startedAt", started.toString());
    head.put("finishedAt", finished.toString());
    double seconds = Math.max(1e-3, Duration.between(started, finished).toMillis() / 1000.0);
    head.put("durationSeconds", seconds);
    head.put("decisionsPerSecond", audit.records() / seconds);
    head.put("selection", "the whole log (--verify-only)");
    head.put("decisionsTopic", topics.loanDecisions().name());
    head.put("exitCode", exit);
    head.set("log", audit.toJson());
    ReportWriter.Written written = ReportWriter.write(reportDir, head, finished);
    jsonReport = written.json();
    htmlReport = written.html();
    printLog(audit);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("report: %s%nreport: %s%n", written.json(), written.html());
    out.flush();
    return exit;
  }

  private void printLog(ChainAudit audit) {
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder kinds = new StringBuilder();
    for (ChainAudit.Kind k : ChainAudit.Kind.values()) {
      if (audit.count(k) > 0) {
        kinds.append(kinds.isEmpty() ? "" : ", ").append(audit.count(k)).append(' ').append(k);
      }
    }
    out.printf(
        "log: %d record(s) verified, %s%n",
        audit.records(), kinds.isEmpty() ? "no findings" : kinds.toString());
    out.flush();
  }

  private void check(
      List<DecisionSource.Item> chunk,
      ApplicationIndex applications,
      HistoryIndex history,
      Reproducer reproducer,
      ModelArchive archive,
      ReplaySummary summary,
      WhatIf whatIf)
      throws ReplayException {
    // By application id and client: a front office may have reused an id for another client.
    Map<String, Set<String>> wanted = new HashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (DecisionSource.Item item : chunk) {
      Decision d = item.decision();
      if (d == null) {
        continue;
      }
      wanted
          .computeIfAbsent(d.getApplicationId(), id -> new HashSet<>())
          .add(Long.toString(d.getClientId()));
      first =
          Math.min(first, Math.min(item.timestamp(), d.getApplicationTimestamp().toEpochMilli()));
      last = Math.max(last, item.timestamp());
    }
    Map<String, LoanApplication> found =
        wanted.isEmpty() ? Map.of() : applications.find(wanted, first, last);
    for (DecisionSource.Item item : chunk) {
      Decision d = item.decision();
      if (d == null) {
        summary.unreadable(item);
        verdicts.unreadable(item);
        if (whatIf != null) {
          whatIf.skip();
        }
        continue;
      }
      String key = item.key() != null ? item.key() : Long.toString(d.getClientId());
      LoanApplication app =
          found.get(ApplicationIndex.key(d.getApplicationId(), Long.toString(d.getClientId())));
      long[] versions = history == null ? null : history.versionsOf(key);
      Verdict v = reproducer.check(d, item.partition(), item.offset(), app, versions);
      summary.add(v, app != null);
      verdicts.write(v);
      if (whatIf != null) {
        Optional<Decision> alternative = reproducer.decideWith(d, whatIf.candidate(), app);
        if (alternative.isPresent()) {
          whatIf.add(d, alternative.get(), archive.byVersion(d.getModelVersion()).orElse(null));
        } else {
          whatIf.skip();
        }
      }
    }
  }

  private static long findings(ReplaySummary s) {
    return s.count(Verdict.Status.DIFFERENT)
        + s.count(Verdict.Status.NOT_REPRODUCIBLE)
        + s.tampered;
  }

  private void printSummary(ReplaySummary s, WhatIf whatIf, ReportWriter.Written written) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%d decision(s): %d identical, %d different, %d not reproducible, %d tampered%n",
        s.records,
        s.count(Verdict.Status.IDENTICAL),
        s.count(Verdict.Status.DIFFERENT),
        s.count(Verdict.Status.NOT_REPRODUCIBLE),
        s.tampered);
    out.printf(
        "application features: %d identical, %d different, %d not checked;"
            + " history features: %d identical, %d different, %d not checked, %d not used%n",
        s.applicationChecks[Verdict.Check.IDENTICAL.ordinal()],
        s.applicationChecks[Verdict.Check.DIFFERENT.ordinal()],
        s.applicationChecks[Verdict.Check.NOT_CHECKED.ordinal()],
        s.historyChecks[Verdict.Check.IDENTICAL.ordinal()],
        s.historyChecks[Verdict.Check.DIFFERENT.ordinal()],
        s.historyChecks[Verdict.Check.NOT_CHECKED.ordinal()],
        s.historyChecks[Verdict.Check.NOT_USED.ordinal()]);
    if (!s.missingIds().isEmpty()) {
      out.printf(
          "%d requested application id(s) have no decision in the range%n", s.missingIds().size());
    }
    if (whatIf != null) {
      out.printf(
          "what-if %s: %d decision(s) flip%n", whatIf.candidate().version(), whatIf.flipCount());
      out.printf("what-if fairness (candidate - recorded): %s%n", whatIf.fairnessLine());
    }
    out.printf("report: %s%nreport: %s%n", written.json(), written.html());
    out.flush();
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
