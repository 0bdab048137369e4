package io.creditstream.portal.audit;

import io.creditstream.features.evaluation.Fairness;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.LiveFairness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The auditors' fairness page: for live decisions of a chosen period (UTC, {@code yyyy-MM-dd} or
 * {@code yyyy-MM-ddTHH:mm}, {@code to} exclusive), per model version, the approval rate by sex and
 * age band, its ratio to the most-approved group's and the four-fifths flag ({@link LiveFairness}).
 * Outcomes are not known live, so label-based figures are left to {@code evaluate} and replay's
 * what-if with {@code --labels}; the page says so.
 */
@Controller
class FairnessController {

  /** Decisions read per model version: a bound on the page's work, shown when reached. */
  static final int LIMIT = 200_000;

  private final LiveFairness fairness;
  private final DecisionStore decisions;

  FairnessController(LiveFairness fairness, DecisionStore decisions) {
    this.fairness = fairness;
    this.decisions = decisions;
  }

  @GetMapping("/audit/fairness")
  String fairness(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String modelVersion,
      Model model) {
    List<String> errors = new ArrayList<>();
    Instant fromInstant = SearchCriteria.time(from, "from", errors);
    Instant toInstant = SearchCriteria.time(to, "to", errors);
    String version = modelVersion == null || modelVersion.isBlank() ? null : modelVersion.strip();
    model.addAttribute("errors", errors);
    model.addAttribute(
        "models",
        errors.isEmpty() ? fairness.byModel(fromInstant, toInstant, version, LIMIT) : List.of());
    model.addAttribute("modelVersions", decisions.modelVersions());
    model.addAttribute("limit", LIMIT);
    model.addAttribute("fourFifths", Fairness.FOUR_FIFTHS);
    model.addAttribute("minGroup", Fairness.MIN_GROUP);
    model.addAttribute("q_from", from);
    model.addAttribute("q_to", to);
    model.addAttribute("q_modelVersion", modelVersion);
    return "audit/fairness";
  }
}
