package io.creditstream.portal.frontoffice;

import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.DecisionView;
import io.creditstream.portal.store.RefusalStore;
import io.creditstream.portal.store.RefusalView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The front-office API. {@code POST /api/v1/applications} takes an application (JSON, Kaggle column
 * names) and answers 202 with the application id, the status URL and the client's link once the
 * broker has acknowledged it; {@code GET /api/v1/applications/{id}/decision} answers 200 with the
 * decision, 202 while pending, 404 when unknown. Authenticated by {@code X-API-Key} (see {@link
 * ApiKeyAuthenticationFilter}).
 */
@RestController
@RequestMapping("/api/v1/applications")
class ApplicationsController {

  private static final Logger log = LoggerFactory.getLogger(ApplicationsController.class);
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final ApplicationValidator validator;
  private final SubmissionService submissions;
  private final SubmissionRateLimiter rateLimiter;
  private final DecisionStore store;
  private final RefusalStore refusals;
  private final JsonMapper json;

  ApplicationsController(
      ApplicationValidator validator,
      SubmissionService submissions,
      SubmissionRateLimiter rateLimiter,
      DecisionStore store,
      RefusalStore refusals,
      JsonMapper json) {
    this.validator = validator;
    this.submissions = submissions;
    this.rateLimiter = rateLimiter;
    this.store = store;
    this.refusals = refusals;
    this.json = json;
  }

  @Operation(
      summary = "Submit a loan application",
      description =
          "Validates the application, publishes it to loan-applications and answers once the broker"
              + " acknowledged it. With an Idempotency-Key, a retry returns the first answer.")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema =
                  @Schema(
                      type = "object",
                      description =
                          "The Kaggle application_* columns under their Kaggle names (see"
                              + " LoanApplication.avsc; non-nullable ones are required), plus"
                              + " optional applicationId and channel.")))
  @ApiResponse(responseCode = "202", description = "accepted: application id, status URL, link")
  @ApiResponse(responseCode = "400", description = "field errors: missing, wrong_type, ...")
  @ApiResponse(responseCode = "401", description = "no or unknown API key")
  @ApiResponse(
      responseCode = "409",
      description =
          "application_id_conflict: the applicationId already names another application (another"
              + " client, or other content); in_progress: the first request with this"
              + " Idempotency-Key is still running")
  @ApiResponse(responseCode = "413", description = "body too large")
  @ApiResponse(responseCode = "422", description = "Idempotency-Key reused for another body")
  @ApiResponse(responseCode = "429", description = "rate limited; see Retry-After")
  @ApiResponse(responseCode = "503", description = "not acknowledged by the broker; retry")
  @PostMapping(
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> submit(
      @RequestBody byte[] body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Parameter(hidden = true) Authentication frontOffice) {
    String name = frontOffice.getName();
    long wait = rateLimiter.acquire(name);
    if (wait > 0) {
      log.info("Rate limit reached for front office {}", name);
      return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
          .header(HttpHeaders.RETRY_AFTER, Long.toString(wait))
          .body(error("rate_limited", "too many submissions; retry after " + wait + " s"));
    }
    if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
      return invalid(
          List.of(
              new FieldProblem(
                  "Idempotency-Key", "invalid_value", "must be 1-255 visible ASCII characters")));
    }
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (JacksonException e) {
      return invalid(
          List.of(
              new FieldProblem("$", "invalid_json", "not valid JSON: " + e.getOriginalMessage())));
    }
    ApplicationValidator.Result result = validator.validate(tree);
    if (!result.valid()) {
      return invalid(result.problems());
    }
    SubmissionService.Outcome outcome =
        submissions.submit(name, Optional.ofNullable(idempotencyKey), result.application(), body);
    if (outcome instanceof SubmissionService.Accepted a) {
      return ResponseEntity.status(HttpStatus.ACCEPTED)
          .location(java.net.URI.create(a.submission().statusUrl()))
          .header("Idempotent-Replayed", Boolean.toString(a.replayed()))
          .body(a.submission());
    }
    if (outcome instanceof SubmissionService.IdConflict c) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(
              error(
                  "application_id_conflict",
                  "application id "
                      + c.applicationId()
                      + " already names another application (another client, or other content);"
                      + " an application id names one application only: send a new id, or omit"
                      + " applicationId to have one assigned"));
    }
    if (outcome instanceof SubmissionService.KeyReused) {
      return ResponseEntity.unprocessableContent()
          .body(
              error(
                  "idempotency_key_reused",
                  "this Idempotency-Key was used for a different request"));
    }
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(error("in_progress", "the first request with this Idempotency-Key is running"));
  }

  @Operation(
      summary = "The decision of an application",
      description =
          "Every application ends DECIDED (200, the decision record) or REFUSED (200, status"
              + " REFUSED with the reason code and the reason naming each field and rule); until"
              + " then 202 PENDING.")
  @ApiResponse(
      responseCode = "200",
      description = "decided: the full decision record; or refused: status REFUSED and why")
  @ApiResponse(responseCode = "202", description = "pending")
  @ApiResponse(responseCode = "404", description = "unknown application")
  @GetMapping(path = "/{applicationId}/decision", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> decision(
      @PathVariable String applicationId, @Parameter(hidden = true) Authentication frontOffice) {
    Optional<DecisionStore.Application> application = store.application(applicationId);
    // Another front office's application is answered as unknown: its existence is not theirs to
    // learn. Applications from producers other than a portal carry no submitter and stay readable.
    boolean someoneElses =
        application
            .map(DecisionStore.Application::frontOffice)
            .filter(owner -> !owner.equals(frontOffice.getName()))
            .isPresent();
    if (someoneElses) {
      return notFound();
    }
    // The application's own client's decision or refusal only: under an id another front office
    // reused for another client, that client's record is not this application's answer.
    Long clientId = application.map(DecisionStore.Application::clientId).orElse(null);
    Optional<DecisionView> decision =
        clientId == null ? store.find(applicationId) : store.find(applicationId, clientId);
    if (decision.isPresent()) {
      return ResponseEntity.ok(decision.get());
    }
    Optional<RefusalView> refusal = refusals.ending(applicationId, clientId);
    if (refusal.isPresent()) {
      RefusalView r = refusal.get();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("applicationId", applicationId);
      body.put("status", "REFUSED");
      body.put("reasonCode", r.reasonCode());
      body.put("reason", r.reason());
      body.put("refusedAt", r.failedAt());
      return ResponseEntity.ok(body);
    }
    return application.isPresent()
        ? ResponseEntity.status(HttpStatus.ACCEPTED)
            .header(HttpHeaders.RETRY_AFTER, "1")
            .body(Map.of("applicationId", applicationId, "status", "PENDING"))
        : notFound();
  }

  @Operation(
      summary = "A link to the client's page of an application",
      description =
          "For front offices that publish straight to loan-applications (any Kafka client): once"
              + " the portal has read the application, a link for its client, as a submission"
              + " through this API would have answered.")
  @ApiResponse(responseCode = "200", description = "the status URL and the client's link")
  @ApiResponse(responseCode = "404", description = "not (yet) seen, or another front office's")
  @GetMapping(path = "/{applicationId}/link", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> link(
      @PathVariable String applicationId, @Parameter(hidden = true) Authentication frontOffice) {
    Optional<DecisionStore.Application> application = store.application(applicationId);
    if (application.isEmpty()
        || (application.get().frontOffice() != null
            && !application.get().frontOffice().equals(frontOffice.getName()))) {
      return notFound();
    }
    return ResponseEntity.ok(submissions.linkFor(applicationId, application.get().clientId()));
  }

  private static ResponseEntity<Object> notFound() {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(error("not_found", "no application with this id"));
  }

  @org.springframework.web.bind.annotation.ExceptionHandler(
      ApplicationPublisher.PublishFailedException.class)
  ResponseEntity<Object> publishFailed(ApplicationPublisher.PublishFailedException e) {
    log.warn("Submission not acknowledged: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .body(
            error(
                "not_published",
                "the application could not be stored; retry with the same Idempotency-Key"));
  }

  private static ResponseEntity<Object> invalid(List<FieldProblem> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "validation_failed");
    body.put("message", problems.size() + " problem(s) in the application");
    body.put("fieldErrors", problems);
    return ResponseEntity.badRequest().body(body);
  }

  static Map<String, Object> error(String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    body.put("fieldErrors", List.of());
    return body;
  }
}
