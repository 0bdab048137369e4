package io.creditstream.portal.audit;

import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.security.SigninAudit;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.DecisionStore.DecisionQuery;
import io.creditstream.portal.store.DriftStore;
import io.creditstream.portal.store.ModelCardStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The auditors' pages. Search criteria come as query parameters (bookmarkable, and GET needs no
 * CSRF token); times are UTC, {@code yyyy-MM-dd} or {@code yyyy-MM-ddTHH:mm}, {@code to} exclusive.
 */
@Controller
class AuditController {

  private static final int PAGE_SIZE = 50;
  private static final Set<String> OUTCOMES = Set.of("APPROVED", "DECLINED", "REVIEW");

  private final DecisionStore decisions;
  private final DriftStore drift;
  private final ModelCardStore cards;
  private final ReplayReports reports;
  private final MessageSource messages;
  private final long minDriftRecords;

  AuditController(
      DecisionStore decisions,
      DriftStore drift,
      ModelCardStore cards,
      ReplayReports reports,
      MessageSource messages,
      PortalProperties properties) {
    this.minDriftRecords = properties.drift().minRecords();
    this.decisions = decisions;
    this.drift = drift;
    this.cards = cards;
    this.reports = reports;
    this.messages = messages;
  }

  @GetMapping("/login")
  String login(
      jakarta.servlet.http.HttpServletRequest request, java.util.Locale locale, Model model) {
    jakarta.servlet.http.HttpSession session = request.getSession(false);
    Object wait = session == null ? null : session.getAttribute(SigninAudit.WAIT_ATTRIBUTE);
    if (request.getParameter("locked") != null) {
      model.addAttribute(
          "lockedFor", wait instanceof Long seconds ? waitText(seconds, locale) : null);
    }
    return "login";
  }

  private String waitText(long seconds, java.util.Locale locale) {
    return seconds < 120
        ? messages.getMessage("unit.seconds", new Object[] {seconds}, locale)
        : messages.getMessage("unit.minutes", new Object[] {(seconds + 59) / 60}, locale);
  }

  @GetMapping("/")
  String home() {
    return "redirect:/audit";
  }

  @GetMapping("/audit")
  String search(
      @RequestParam(required = false) String clientId,
      @RequestParam(required = false) String applicationId,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String modelVersion,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    int pageNumber = Math.max(0, Math.min(page, 100_000));
    List<String> errors = new ArrayList<>();
    Long client = SearchCriteria.clientId(clientId, errors);
    Instant fromInstant = SearchCriteria.time(from, "from", errors);
    Instant toInstant = SearchCriteria.time(to, "to", errors);
    String outcomeFilter = outcome == null || outcome.isBlank() ? null : outcome.strip();
    if (outcomeFilter != null && !OUTCOMES.contains(outcomeFilter)) {
      errors.add("outcome");
    }
    model.addAttribute("errors", errors);
    // One row more than a page tells whether there is a next page.
    List<DecisionStore.DecisionSummary> rows =
        errors.isEmpty()
            ? decisions.search(
                new DecisionQuery(
                    client, applicationId, fromInstant, toInstant, outcomeFilter, modelVersion),
                PAGE_SIZE + 1,
                (long) pageNumber * PAGE_SIZE)
            : List.of();
    model.addAttribute("results", rows.subList(0, Math.min(rows.size(), PAGE_SIZE)));
    model.addAttribute("page", pageNumber);
    model.addAttribute("pageSize", PAGE_SIZE);
    model.addAttribute("firstRow", (long) pageNumber * PAGE_SIZE + 1);
    model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
    model.addAttribute("hasPrevious", pageNumber > 0);
    model.addAttribute("modelVersions", decisions.modelVersions());
    model.addAttribute("outcomes", List.of("APPROVED", "DECLINED", "REVIEW"));
    model.addAttribute("q_clientId", clientId);
    model.addAttribute("q_applicationId", applicationId);
    model.addAttribute("q_from", from);
    model.addAttribute("q_to", to);
    model.addAttribute("q_outcome", outcome);
    model.addAttribute("q_modelVersion", modelVersion);
    return "audit/search";
  }

  @GetMapping("/audit/decisions/{applicationId}")
  String record(@PathVariable String applicationId, Model model) {
    var decision =
        decisions
            .find(applicationId)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    model.addAttribute("d", decision);
    model.addAttribute("activeVersion", cards.activeVersion().orElse(null));
    model.addAttribute("cardKnown", cards.card(decision.modelVersion()).isPresent());
    RecordSections sections =
        new RecordSections(
            decision.namedFeatureValues(cards.featureNames(decision.modelVersion()).orElse(null)),
            decision.float32Features());
    model.addAttribute("applicationValues", sections.application());
    model.addAttribute("historyValues", sections.history());
    return "audit/record";
  }

  @GetMapping("/audit/distributions")
  String distributions(Model model) {
    model.addAttribute("releases", cards.releases());
    model.addAttribute("activeVersion", cards.activeVersion().orElse(null));
    return "audit/distributions";
  }

  @GetMapping(path = "/audit/api/distributions", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  DecisionStore.Distributions distributionsJson() {
    return decisions.distributions();
  }

  @GetMapping("/audit/drift")
  String drift(Model model) {
    model.addAttribute("reports", drift.recent(200));
    model.addAttribute("minRecords", minDriftRecords);
    return "audit/drift";
  }

  @GetMapping("/audit/replays")
  String replays(Model model) throws IOException {
    model.addAttribute("configured", reports.configured());
    model.addAttribute("reports", reports.list());
    return "audit/replays";
  }

  @GetMapping("/audit/replays/{name}")
  ResponseEntity<FileSystemResource> replay(@PathVariable String name) throws IOException {
    Path file =
        reports.resolve(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    boolean html = name.endsWith(".html");
    return ResponseEntity.ok()
        .contentType(html ? MediaType.TEXT_HTML : MediaType.APPLICATION_JSON)
        // A report is data, not part of the portal: sandboxed, it cannot run script in our origin.
        .header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'")
        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + "\"")
        .body(new FileSystemResource(file));
  }
}
