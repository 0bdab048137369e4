package io.creditstream.portal.client;

import io.creditstream.portal.link.InvalidCredentialException;
import io.creditstream.portal.link.VerifiedLink;
import io.creditstream.portal.ops.PortalMetrics;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The JSON and SSE endpoints behind the client's page. The credential comes in the {@code
 * X-Client-Credential} header or, for {@code EventSource} which cannot set headers, the {@code
 * credential} query parameter; it must be valid, unexpired and for this very application.
 */
@RestController
@RequestMapping("/client/api/applications/{applicationId}")
class ClientApiController {

  private static final Logger log = LoggerFactory.getLogger(ClientApiController.class);

  private final ClientAccess access;
  private final ClientStatus status;
  private final LiveDecisions live;
  private final PortalMetrics metrics;

  ClientApiController(
      ClientAccess access, ClientStatus status, LiveDecisions live, PortalMetrics metrics) {
    this.access = access;
    this.status = status;
    this.live = live;
    this.metrics = metrics;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  ClientView view(
      @PathVariable String applicationId,
      @RequestHeader(name = "X-Client-Credential", required = false) String header,
      @RequestParam(name = "credential", required = false) String param,
      Locale locale) {
    VerifiedLink link = access.check(header != null ? header : param, applicationId);
    ClientView view = status.view(applicationId, link.clientId(), locale);
    if (view.outcome() != null) {
      metrics.decisionShown(view.outcome(), "json");
    }
    return view;
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(
      @PathVariable String applicationId,
      @RequestHeader(name = "X-Client-Credential", required = false) String header,
      @RequestParam(name = "credential", required = false) String param,
      Locale locale) {
    String credential = header != null ? header : param;
    VerifiedLink link = access.check(credential, applicationId);
    return live.open(applicationId, link.clientId(), credential, locale);
  }

  @ExceptionHandler(LiveDecisions.TooManyStreamsException.class)
  ResponseEntity<Map<String, String>> tooManyStreams(LiveDecisions.TooManyStreamsException e) {
    log.info(
        "Live stream refused for application {}: {} open on its link", e.applicationId(), e.open());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, "30")
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Map.of(
                "error",
                "too_many_streams",
                "message",
                "this link already has as many live streams open as it may; close one"));
  }

  @ExceptionHandler(InvalidCredentialException.class)
  ResponseEntity<Map<String, String>> refused(InvalidCredentialException e) {
    // The kind goes to the log for operators; the caller learns nothing about why.
    log.info("Client credential refused: {}", e.kind());
    metrics.clientRefusal(e.kind().name().toLowerCase(Locale.ROOT));
    HttpStatus status =
        e.kind() == InvalidCredentialException.Kind.WRONG_APPLICATION
            ? HttpStatus.FORBIDDEN
            : HttpStatus.UNAUTHORIZED;
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", status == HttpStatus.FORBIDDEN ? "forbidden" : "unauthorized"));
  }
}
