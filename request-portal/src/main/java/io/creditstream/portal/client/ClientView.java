package io.creditstream.portal.client;

import java.time.Instant;
import java.util.List;

/**
 * What the client's page shows, already in the client's language and units: the page renders it as
 * it is (server side, and again when the live stream says the status changed). No model-internal
 * name appears in it: inputs are named by what they are about ("Your age"), grouped as the reasons
 * are.
 *
 * <p>{@code status} is {@code PENDING}, {@code DECIDED}, or any other terminal status (an
 * application that could not be processed): the page shows {@code statusText} and the next steps
 * for those; {@code REFUSED} (the scorer refused the application) carries in {@code notice} why, in
 * words, and what to do. On a decision an operating-policy rule made, {@code notice} says which. A
 * DECLINED or REVIEW decision for which the scorer found a smaller amount it would have approved on
 * the same terms carries it in {@code counterOffer} (null otherwise).
 */
public record ClientView(
    String applicationId,
    String status,
    String statusText,
    String outcome,
    String headline,
    Double probability,
    Double threshold,
    Double reviewLower,
    Double reviewUpper,
    Gauge gauge,
    List<ClientReason> reasons,
    List<Population> population,
    Instant decidedAt,
    String notice,
    CounterOffer counterOffer) {

  /** True for a decision the client may want a person to look at again. */
  public boolean nextSteps() {
    return "DECLINED".equals(outcome) || "REVIEW".equals(outcome) || unprocessed();
  }

  /** True for a terminal status other than a decision. */
  public boolean unprocessed() {
    return !"PENDING".equals(status) && !"DECIDED".equals(status);
  }

  /**
   * The counter-offer in the client's words: a heading, what we could lend (amount, monthly
   * repayment, and the purchase it covers when the application named one, in the client's currency)
   * and how to take it up; {@code amount} and {@code repayment} are the same money amounts alone,
   * for a reader that wants them.
   */
  public record CounterOffer(
      String title, String text, String how, String amount, String repayment) {}

  /**
   * The client's estimated risk on a scale that shows the threshold: the scale ends at {@code
   * scaleMax} (chosen so that both the client's risk and the threshold sit well inside it), the
   * positions are percentages of the scale's width; the labels' positions are kept far enough from
   * the edges for the label to fit on a phone.
   */
  public record Gauge(
      String sentence,
      String comparison,
      String yourLabel,
      double yourPosition,
      double yourLabelPosition,
      String limitLabel,
      double limitPosition,
      double limitLabelPosition,
      Double reviewFrom,
      Double reviewTo,
      String scaleStart,
      String scaleEnd,
      boolean showScaleStart,
      boolean showScaleEnd) {}

  /**
   * One reason: what it is about, its sentence, the client's value in words (null when it has no
   * such form), its weight relative to the strongest reason (0..100, for the bar) and its SHAP
   * contribution (log-odds; positive raises the risk).
   */
  public record ClientReason(
      String label,
      String text,
      String value,
      int weight,
      double contribution,
      boolean raisesRisk) {}

  /**
   * Where the client stands among the model's reference population for one group of inputs: the
   * ranges (in the client's units), the share of clients in each, the share of them who did not
   * repay, and the client's own range.
   */
  public record Population(
      String label, String clientValue, String sentence, List<Bin> bins, int percentile) {}

  /** One range of a population table. */
  public record Bin(
      String range, String share, int sharePosition, String defaultRate, boolean yours) {}
}
