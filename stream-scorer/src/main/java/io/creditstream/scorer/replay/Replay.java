package io.creditstream.scorer.replay;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.topics.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one validated replay ({@link ReplayJob}): reads the model releases, re-decides each selected
 * decision chunk by chunk ({@link Reproducer}, against the original application and the client's
 * history), optionally with a candidate model ({@link WhatIf}), verifies the log ({@link
 * ChainAudit}) when the replay covers time, and writes the reports. Returns the exit code; what
 * cannot be read throws a {@link ReplayException} with its own.
 */
final class Replay {

  // Logged under the command's name, as before the run was split from it: operators' log settings
  // select the replay's lines by that logger.
  private static final Logger log = LoggerFactory.getLogger(ReplayCommand.class);

  private final ReplayJob job;
  private final ReplayConsole console;
  private VerdictLines verdicts;
  private ReportWriter.Written written;

  Replay(ReplayJob job, PrintWriter out) {
    this.job = job;
    this.console = new ReplayConsole(out);
  }

  /** The report files, once written. */
  Optional<ReportWriter.Written> written() {
    return Optional.ofNullable(written);
  }

  /** Closes the verdicts file if a failure left it open. */
  void closeQuietly() {
    if (verdicts != null) {
      verdicts.closeQuietly();
    }
  }

  int run(Instant started) throws ReplayException {
    if (job.verifyOnly()) {
      return verifyOnly(started);
    }
    Topics topics = job.topics();
    Selection selection = job.selection();
    FeatureSet featureSet = FeatureSet.current();
    DecisionPolicy policy = DecisionPolicy.from(job.scorer());

    ModelArchive archive =
        ModelArchive.read(
            TopicReader.consumerConfig(job.client(), "models"),
            topics.modelReleases(),
            featureSet,
            job.scorer().releaseKeyRing(),
            job.timeout());
    ScoringModel candidate = null;
    String candidateVersion = job.candidateVersion();
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
    ReplaySummary summary = new ReplaySummary(job.maxExamples(), selection.applicationIds());
    WhatIf whatIf =
        candidate == null ? null : new WhatIf(candidate, job.labels(), job.maxExamples());
    Progress progress = new Progress(job.progress());
    verdicts = VerdictLines.open(job.verdictsFile());
    log.info("Replaying {} of {}", selection.describe(), topics.loanDecisions().name());
    try (DecisionSource source =
            new DecisionSource(
                TopicReader.consumerConfig(job.client(), "decisions"),
                topics.loanDecisions(),
                selection,
                job.timeout());
        ApplicationIndex applications =
            new ApplicationIndex(
                TopicReader.consumerConfig(job.client(), "applications"),
                topics.loanApplications(),
                job.applicationMargin(),
                job.timeout());
        HistoryIndex history =
            job.noHistoryCheck()
                ? null
                : new HistoryIndex(
                    TopicReader.consumerConfig(job.client(), "features"),
                    topics.clientFeatures(),
                    featureSet,
                    job.timeout())) {
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
          job.chunkSize(),
          chunk -> check(chunk, applications, history, reproducer, archive, summary, whatIf),
          progress);
    }
    progress.done();
    verdicts.close();
    // The log is verified as a whole (every partition from its start, the checkpoints) when the
    // replay covers time; a replay of some offsets or some application ids answers about those.
    ChainAudit audit =
        selection.byOffsets() || !selection.applicationIds().isEmpty() ? null : audit();

    int exit =
        summary.allClean() && (audit == null || audit.findings() == 0)
            ? ReplayCommand.EXIT_OK
            : ReplayCommand.EXIT_FINDINGS;
    Instant finished = Instant.now();
    written =
        ReportWriter.write(
            job.reportDir(),
            ReplayReport.full(
                job, started, finished, exit, summary, featureSet, policy, archive, audit, whatIf),
            finished);
    console.summary(summary, whatIf, written);
    if (audit != null) {
      console.log(audit);
    }
    return exit;
  }

  /** Reads the whole decisions log and its checkpoints and checks seals and chains. */
  private ChainAudit audit() throws ReplayException {
    Topics topics = job.topics();
    try (ChainAudit audit =
        new ChainAudit(
            TopicReader.consumerConfig(job.client(), "chain"),
            topics.loanDecisions(),
            topics.decisionCheckpoints(),
            topics.deadLetters(),
            job.keys(),
            job.timeout(),
            job.maxExamples())) {
      Progress progress = new Progress(job.progress());
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

  private int verifyOnly(Instant started) throws ReplayException {
    ChainAudit audit = audit();
    int exit = audit.findings() == 0 ? ReplayCommand.EXIT_OK : ReplayCommand.EXIT_FINDINGS;
    Instant finished = Instant.now();
    written =
        ReportWriter.write(
            job.reportDir(),
            ReplayReport.verifyOnly(job, started, finished, exit, audit),
            finished);
    console.log(audit);
    console.reports(written);
    return exit;
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
}
