package io.creditstream.portal.audit;

import io.creditstream.portal.store.RefusalStore;
import io.creditstream.portal.store.RefusalView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The auditors' view of applications that ended without a decision: the scorer's dead letters
 * (invalid, unreadable, failed, conflicting ids) and the decisions the portal refused to show (an
 * application id that already held another client's decision, no seal, a seal that does not
 * verify). Searched by time, reason, client and application, a page at a time; each with its raw
 * record.
 */
@Controller
class RefusalsController {

  static final int PAGE_SIZE = 50;

  private final RefusalStore refusals;

  RefusalsController(RefusalStore refusals) {
    this.refusals = refusals;
  }

  @GetMapping("/audit/refusals")
  String search(
      @RequestParam(required = false) String clientId,
      @RequestParam(required = false) String applicationId,
      @RequestParam(required = false) String reasonCode,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    List<String> errors = new ArrayList<>();
    Long client = SearchCriteria.clientId(clientId, errors);
    Instant fromInstant = SearchCriteria.time(from, "from", errors);
    Instant toInstant = SearchCriteria.time(to, "to", errors);
    int current = Math.max(0, page);
    // One row more than a page tells whether a next page exists.
    List<RefusalView> rows =
        errors.isEmpty()
            ? refusals.search(
                new RefusalStore.Query(client, applicationId, reasonCode, fromInstant, toInstant),
                current,
                PAGE_SIZE + 1)
            : List.of();
    boolean more = rows.size() > PAGE_SIZE;
    model.addAttribute("errors", errors);
    model.addAttribute("results", more ? rows.subList(0, PAGE_SIZE) : rows);
    model.addAttribute("page", current);
    model.addAttribute("more", more);
    model.addAttribute("reasonCodes", refusals.reasonCodes());
    model.addAttribute("q_clientId", clientId);
    model.addAttribute("q_applicationId", applicationId);
    model.addAttribute("q_reasonCode", reasonCode);
    model.addAttribute("q_from", from);
    model.addAttribute("q_to", to);
    return "audit/refusals";
  }

  @GetMapping("/audit/refusals/{topic}/{partition}/{offset}")
  String record(
      @PathVariable String topic,
      @PathVariable int partition,
      @PathVariable long offset,
      Model model) {
    model.addAttribute(
        "r",
        refusals
            .find(topic, partition, offset)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
    return "audit/refusal";
  }
}
