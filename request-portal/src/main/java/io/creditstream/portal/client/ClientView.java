package io.creditstream.portal.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the client's page shows, already in the client's language: the page script renders it as it
 * is (from the JSON endpoint or the SSE event). {@code status} is PENDING, DECIDED or REFUSED (the
 * application could not be processed: {@code notice} says why and what to do); on a decision an
 * operating-policy rule made, {@code notice} says which, in words.
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
    List<ClientReason> reasons,
    List<Population> population,
    Map<String, String> labels,
    Instant decidedAt,
    String notice) {

  /** One reason: its plain-language text and its contribution (log-odds; positive raises risk). */
  public record ClientReason(String label, String text, double contribution, boolean raisesRisk) {}

  /**
   * Where the client's value of one feature stands among the model's reference population: clients
   * per bin, the share of them who defaulted, the client's bin and percentile.
   */
  public record Population(
      String feature,
      String label,
      String clientValue,
      List<String> bins,
      List<Long> clients,
      List<Double> defaultRates,
      int clientBin,
      int percentile) {}
}
