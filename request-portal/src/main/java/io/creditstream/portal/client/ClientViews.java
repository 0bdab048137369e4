package io.creditstream.portal.client;

import io.creditstream.features.ReasonTexts;
import io.creditstream.portal.store.DecisionView;
import io.creditstream.portal.store.ModelCardStore;
import io.creditstream.portal.store.RefusalView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a stored decision (or its absence) into a {@link ClientView} in the client's language. The
 * population charts come from the reference statistics of the deciding model's card, read from
 * {@code model-releases}: {@code referenceStats.<feature>.{edges, goodCounts, badCounts}}.
 */
@Component
public class ClientViews {

  private static final Logger log = LoggerFactory.getLogger(ClientViews.class);
  private static final int MAX_POPULATION_CHARTS = 3;
  private static final String[] LABEL_KEYS = {
    "chart.score",
    "chart.threshold",
    "chart.contribution",
    "chart.clients",
    "chart.defaultRate",
    "chart.yourValue",
    "chart.raises",
    "chart.lowers",
    "chart.review"
  };

  private final MessageSource messages;
  private final ModelCardStore cards;
  private final JsonMapper json;

  public ClientViews(MessageSource messages, ModelCardStore cards, JsonMapper json) {
    this.messages = messages;
    this.cards = cards;
    this.json = json;
  }

  public ClientView pending(String applicationId, Locale locale) {
    return new ClientView(
        applicationId,
        "PENDING",
        msg("status.pending", locale),
        null,
        msg("headline.pending", locale),
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        labels(locale),
        null,
        null);
  }

  /**
   * An application that could not be processed: said plainly, with why (in words, no field codes)
   * and what to do.
   */
  public ClientView refused(RefusalView r, Locale locale) {
    StringBuilder notice = new StringBuilder(reasonFor(r.reasonCode(), locale));
    List<String> fields = new ArrayList<>();
    for (String field : RefusalFields.of(r.reason())) {
      String label = messages.getMessage("feature." + field, null, null, locale);
      if (label != null && !fields.contains(label)) {
        fields.add(label);
      }
    }
    if (!fields.isEmpty()) {
      notice
          .append(' ')
          .append(
              messages.getMessage(
                  "refused.fields", new Object[] {String.join(", ", fields)}, locale));
    }
    notice.append(' ').append(msg("refused.whatToDo", locale));
    return new ClientView(
        r.applicationId(),
        "REFUSED",
        msg("refused.status", locale),
        null,
        msg("refused.headline", locale),
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        labels(locale),
        r.failedAt(),
        notice.toString());
  }

  private String reasonFor(String code, Locale locale) {
    return messages.getMessage(
        "refused." + code, null, messages.getMessage("refused.other", null, locale), locale);
  }

  /** The policy rule's explanation in the client's language, or null when the model decided. */
  private String policyNotice(DecisionView.Policy policy, Locale locale) {
    if (policy == null) {
      return null;
    }
    String label =
        policy.feature() == null
            ? null
            : messages.getMessage("feature." + policy.feature(), null, null, locale);
    String key = "policy." + policy.rule() + (label == null ? "" : ".feature");
    return messages.getMessage(
        key, new Object[] {label}, messages.getMessage("policy.other", null, locale), locale);
  }

  public ClientView decided(DecisionView d, Locale locale) {
    List<ClientView.ClientReason> reasons = new ArrayList<>();
    for (DecisionView.ReasonView r : d.reasons()) {
      boolean raises = r.contribution() > 0;
      reasons.add(
          new ClientView.ClientReason(
              featureLabel(r.feature(), locale),
              reasonText(r, raises, locale),
              r.contribution(),
              raises));
    }
    return new ClientView(
        d.applicationId(),
        "DECIDED",
        msg("status.decided", locale),
        d.outcome(),
        msg("headline." + d.outcome(), locale),
        d.probabilityOfDefault(),
        d.threshold(),
        d.reviewBand() == null ? null : d.reviewBand().lower(),
        d.reviewBand() == null ? null : d.reviewBand().upper(),
        reasons,
        population(d, locale),
        labels(locale),
        d.decidedAt(),
        policyNotice(d.policy(), locale));
  }

  private String reasonText(DecisionView.ReasonView r, boolean raises, Locale locale) {
    try {
      return ReasonTexts.load().text(r.feature(), raises, locale);
    } catch (RuntimeException e) {
      // A source without a translation: the scorer's own text is still the right explanation.
      return r.text();
    }
  }

  private List<ClientView.Population> population(DecisionView d, Locale locale) {
    Optional<String> card = cards.card(d.modelVersion());
    if (card.isEmpty()) {
      return List.of();
    }
    JsonNode stats;
    JsonNode importance;
    try {
      JsonNode root = json.readTree(card.get());
      stats = root.path("referenceStats");
      importance = root.path("globalImportance");
    } catch (RuntimeException e) {
      log.warn("Model card of {} is not readable JSON: {}", d.modelVersion(), e.toString());
      return List.of();
    }
    // The decision's own reasons first, then what matters most to the model overall.
    Set<String> candidates = new LinkedHashSet<>();
    d.reasons().forEach(r -> candidates.add(r.feature()));
    List<Map.Entry<String, JsonNode>> byImportance = new ArrayList<>(importance.properties());
    byImportance.sort((a, b) -> Double.compare(b.getValue().asDouble(), a.getValue().asDouble()));
    byImportance.forEach(e -> candidates.add(e.getKey()));
    List<String> names = cards.featureNames(d.modelVersion()).orElse(null);
    List<ClientView.Population> out = new ArrayList<>();
    for (String feature : candidates) {
      if (out.size() == MAX_POPULATION_CHARTS) {
        break;
      }
      JsonNode ref = stats.path(feature);
      Double value = d.featureValue(feature, names);
      if (ref.isObject() && value != null && !value.isNaN()) {
        population(feature, ref, value, locale).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<ClientView.Population> population(
      String feature, JsonNode ref, double value, Locale locale) {
    double[] edges = doubles(ref.path("edges"));
    double[] good = doubles(ref.path("goodCounts"));
    double[] bad = doubles(ref.path("badCounts"));
    int bins = edges.length + 1;
    if (good.length != bins || bad.length != bins) {
      return Optional.empty();
    }
    int clientBin = 0;
    while (clientBin < edges.length && edges[clientBin] <= value) {
      clientBin++;
    }
    List<String> labels = new ArrayList<>();
    List<Long> clients = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    double total = 0;
    double below = 0;
    for (int i = 0; i < bins; i++) {
      double n = good[i] + bad[i];
      total += n;
      if (i < clientBin) {
        below += n;
      }
      labels.add(binLabel(edges, i));
      clients.add((long) n);
      rates.add(n == 0 ? 0 : bad[i] / n);
    }
    if (total == 0) {
      return Optional.empty();
    }
    double mid = below + (good[clientBin] + bad[clientBin]) / 2;
    return Optional.of(
        new ClientView.Population(
            feature,
            featureLabel(feature, locale),
            number(value),
            labels,
            clients,
            rates,
            clientBin,
            (int) Math.round(100 * mid / total)));
  }

  private static String binLabel(double[] edges, int i) {
    if (edges.length == 0) {
      return "all";
    }
    if (i == 0) {
      return "< " + number(edges[0]);
    }
    if (i == edges.length) {
      return "≥ " + number(edges[i - 1]);
    }
    return number(edges[i - 1]) + " – " + number(edges[i]);
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    if (Math.abs(v) >= 100) {
      return String.valueOf(Math.round(v));
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static double[] doubles(JsonNode array) {
    if (!array.isArray()) {
      return new double[0];
    }
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private String featureLabel(String feature, Locale locale) {
    return messages.getMessage("feature." + feature, null, feature, locale);
  }

  private Map<String, String> labels(Locale locale) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String key : LABEL_KEYS) {
      labels.put(key.substring("chart.".length()), msg(key, locale));
    }
    return labels;
  }

  private String msg(String key, Locale locale) {
    return messages.getMessage(key, null, locale);
  }
}
