package io.creditstream.portal.client;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelCard.FeatureReference;
import io.creditstream.portal.store.DecisionView;
import io.creditstream.portal.store.ModelCardStore;
import io.creditstream.portal.store.RefusalView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Turns a stored decision (or its absence) into a {@link ClientView} in the client's language and
 * units. The population tables come from the reference statistics of the deciding model's card,
 * read from {@code model-releases} by the model's own reader ({@link ModelCard}): {@code
 * referenceStats.<feature>.{edges, goodCounts, badCounts}}; one table per group of inputs (the
 * groups the reasons are given for), each named by what it is about and shown in the client's
 * units, never by the model's feature name.
 */
@Component
public class ClientViews {

  private static final int MAX_POPULATION_TABLES = 3;
  private static final double[] NICE_SCALES = {
    0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0
  };

  /** For a group of derived inputs, the one that speaks for the group on the client's page. */
  private static final Map<String, String> GROUP_REPRESENTATIVE =
      Map.of("EXT_SOURCE", "EXT_SOURCES_MEAN");

  private final MessageSource messages;
  private final ModelCardStore cards;
  private final ClientFormats formats;

  public ClientViews(MessageSource messages, ModelCardStore cards, ClientFormats formats) {
    this.messages = messages;
    this.cards = cards;
    this.formats = formats;
  }

  public ClientView pending(String applicationId, Locale locale) {
    return undecided(
        applicationId,
        "PENDING",
        msg("status.pending", locale),
        msg("headline.pending", locale),
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
      String label = subjectOrNull(field, locale);
      // Within a sentence: "the size of your regular repayments", not "The size ...".
      label = label == null ? null : label.substring(0, 1).toLowerCase(locale) + label.substring(1);
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
    return undecided(
        r.applicationId(),
        "REFUSED",
        msg("refused.status", locale),
        msg("refused.headline", locale),
        r.failedAt(),
        notice.toString());
  }

  /** An application without a decision: no outcome, figures, reasons or counter-offer. */
  private static ClientView undecided(
      String applicationId,
      String status,
      String statusText,
      String headline,
      Instant at,
      String notice) {
    return new ClientView(
        applicationId,
        status,
        statusText,
        null,
        headline,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        at,
        notice,
        null);
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
    String label = policy.feature() == null ? null : subjectOrNull(policy.feature(), locale);
    String key = "policy." + policy.rule() + (label == null ? "" : ".feature");
    return messages.getMessage(
        key, new Object[] {label}, messages.getMessage("policy.other", null, locale), locale);
  }

  public ClientView decided(DecisionView d, Locale locale) {
    double strongest =
        d.reasons().stream().mapToDouble(r -> Math.abs(r.contribution())).max().orElse(0);
    List<ClientView.ClientReason> reasons = new ArrayList<>();
    for (DecisionView.ReasonView r : d.reasons()) {
      boolean raises = r.contribution() > 0;
      reasons.add(
          new ClientView.ClientReason(
              subject(r.feature(), locale),
              reasonText(r, raises, locale),
              formats.value(r.feature(), r.value(), locale).orElse(null),
              strongest == 0
                  ? 0
                  : (int) Math.max(4, Math.round(100 * Math.abs(r.contribution()) / strongest)),
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
        gauge(d, locale),
        reasons,
        population(d, locale),
        d.decidedAt(),
        policyNotice(d.policy(), locale),
        counterOffer(d, locale));
  }

  /**
   * The counter-offer of a declined or reviewed application in the client's words and currency;
   * null when the scorer found none (or did not look: an approval, an older decision).
   */
  ClientView.CounterOffer counterOffer(DecisionView d, Locale locale) {
    DecisionView.CounterOfferView o = d.counterOffer();
    if (o == null
        || !o.found()
        || !("DECLINED".equals(d.outcome()) || "REVIEW".equals(d.outcome()))) {
      return null;
    }
    String amount = formats.money(o.amount(), locale);
    String repayment = formats.money(o.annuity(), locale);
    String text =
        o.goodsPrice() != null && o.goodsPrice() > 0
            ? msg(
                "counterOffer.text.goods",
                locale,
                amount,
                repayment,
                formats.money(o.goodsPrice(), locale))
            : msg("counterOffer.text", locale, amount, repayment);
    return new ClientView.CounterOffer(
        msg("counterOffer.title", locale),
        text,
        msg("counterOffer.how." + d.outcome(), locale),
        amount,
        repayment);
  }

  /**
   * The scale of the gauge ends where both the risk and the threshold sit well inside it, so that
   * 9.2 % against 8.1 % looks different from 20.7 % against 8.1 %.
   */
  ClientView.Gauge gauge(DecisionView d, Locale locale) {
    double p = d.probabilityOfDefault();
    double t = d.threshold();
    Double lower = d.reviewBand() == null ? null : d.reviewBand().lower();
    Double upper = d.reviewBand() == null ? null : d.reviewBand().upper();
    double needed = Math.max(p * 1.15, Math.max(t * 1.6, upper == null ? 0 : upper * 1.15));
    double scale = 1.0;
    for (double s : NICE_SCALES) {
      if (s >= needed) {
        scale = s;
        break;
      }
    }
    String you = ClientFormats.percent(p, locale);
    String limit = ClientFormats.percent(t, locale);
    String comparison;
    if (lower != null && p >= lower && p < upper) {
      comparison =
          msg(
              "gauge.inReview",
              locale,
              ClientFormats.percent(lower, locale),
              ClientFormats.percent(upper, locale));
    } else {
      String points = ClientFormats.decimal(100 * Math.abs(p - t), 1, locale);
      comparison = msg(p >= t ? "gauge.above" : "gauge.below", locale, points);
    }
    double limitAt = position(t, scale);
    double youAt = position(p, scale);
    return new ClientView.Gauge(
        msg("gauge.sentence", locale, you, limit),
        comparison,
        msg("gauge.you", locale, you),
        youAt,
        labelPosition(youAt),
        msg("gauge.limit", locale, limit),
        limitAt,
        labelPosition(limitAt),
        lower == null ? null : position(lower, scale),
        upper == null ? null : position(upper, scale),
        ClientFormats.percent(0, locale),
        ClientFormats.percent(scale, locale),
        // the scale's end labels only where they cannot run into the limit's label
        labelPosition(limitAt) > 40,
        labelPosition(limitAt) < 60);
  }

  private static double labelPosition(double at) {
    return Math.max(18, Math.min(82, at));
  }

  private static double position(double value, double scale) {
    return Math.round(1000 * Math.min(1, Math.max(0, value / scale))) / 10.0;
  }

  /** What a column or feature is about, in words; null when there is no text for it. */
  private static String subjectOrNull(String column, Locale locale) {
    try {
      return ReasonTexts.load().subject(column, locale);
    } catch (RuntimeException e) {
      return null; // better no word than the model's name for it
    }
  }

  private String subject(String source, Locale locale) {
    try {
      return ReasonTexts.load().subject(source, locale);
    } catch (RuntimeException e) {
      // A source without a text (a newer feature set): say so in words, not with its name.
      return msg("reason.other", locale);
    }
  }

  private String reasonText(DecisionView.ReasonView r, boolean raises, Locale locale) {
    try {
      return ReasonTexts.load().text(r.feature(), raises, locale);
    } catch (RuntimeException e) {
      return msg(raises ? "reason.other.raises" : "reason.other.lowers", locale);
    }
  }

  private List<ClientView.Population> population(DecisionView d, Locale locale) {
    Optional<ModelCard> card = cards.modelCard(d.modelVersion());
    if (card.isEmpty()) {
      return List.of();
    }
    Map<String, FeatureReference> stats = card.get().referenceStats();
    List<String> names = card.get().featureNames().isEmpty() ? null : card.get().featureNames();
    // Features by importance to the model overall, then their groups in that order, after the
    // decision's own reasons.
    List<Map.Entry<String, Double>> byImportance =
        new ArrayList<>(card.get().globalImportance().entrySet());
    byImportance.sort((a, b) -> Double.compare(orZero(b.getValue()), orZero(a.getValue())));
    List<String> rankedFeatures = new ArrayList<>();
    byImportance.forEach(e -> rankedFeatures.add(e.getKey()));
    Set<String> groups = new LinkedHashSet<>();
    d.reasons().forEach(r -> groups.add(r.feature()));
    rankedFeatures.forEach(f -> sourceOf(f).ifPresent(groups::add));
    List<ClientView.Population> out = new ArrayList<>();
    Set<String> families = new java.util.HashSet<>();
    for (String group : groups) {
      if (out.size() == MAX_POPULATION_TABLES) {
        break;
      }
      if (families.contains(family(group))) {
        continue;
      }
      for (String feature : representatives(group, rankedFeatures)) {
        FeatureReference ref = stats.get(feature);
        Double value = d.featureValue(feature, names);
        if (ref != null && value != null && !value.isNaN()) {
          Optional<ClientView.Population> table = population(group, feature, ref, value, locale);
          if (table.isPresent()) {
            out.add(table.get());
            families.add(family(group));
            break;
          }
        }
      }
    }
    return out;
  }

  /**
   * The external scores (each one, and the group of their combinations) are one thing to a client:
   * one table for all of them, not near copies.
   */
  private static String family(String group) {
    return group.startsWith("EXT_SOURCE") ? "EXT_SOURCE" : group;
  }

  /** The features that may speak for a group, best first: those a client can read. */
  private List<String> representatives(String group, List<String> rankedFeatures) {
    List<String> out = new ArrayList<>();
    if (GROUP_REPRESENTATIVE.containsKey(group)) {
      out.add(GROUP_REPRESENTATIVE.get(group));
    }
    if (formats.kind(group).isPresent()) {
      out.add(group);
    }
    for (String f : rankedFeatures) {
      if (!out.contains(f)
          && formats.kind(f).isPresent()
          && sourceOf(f).filter(group::equals).isPresent()) {
        out.add(f);
      }
    }
    return out;
  }

  private static Optional<String> sourceOf(String feature) {
    try {
      return Optional.of(FeatureSet.current().sourceOf(feature));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Optional<ClientView.Population> population(
      String group, String feature, FeatureReference ref, double value, Locale locale) {
    Optional<ClientFormats.Kind> kind = formats.kind(feature);
    double[] edges = ref.edges() == null ? new double[0] : ref.edges();
    double[] good = doubles(ref.goodCounts());
    double[] bad = doubles(ref.badCounts());
    int bins = edges.length + 1;
    if (kind.isEmpty() || edges.length == 0 || good.length != bins || bad.length != bins) {
      return Optional.empty();
    }
    boolean reversed = kind.get().reversed();
    int clientBin = 0;
    while (clientBin < edges.length && edges[clientBin] <= value) {
      clientBin++;
    }
    double total = 0;
    double below = 0;
    for (int i = 0; i < bins; i++) {
      total += good[i] + bad[i];
      if (i < clientBin) {
        below += good[i] + bad[i];
      }
    }
    if (total == 0) {
      return Optional.empty();
    }
    double maxShare = 0;
    for (int i = 0; i < bins; i++) {
      maxShare = Math.max(maxShare, (good[i] + bad[i]) / total);
    }
    List<ClientView.Bin> rows = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      double n = good[i] + bad[i];
      double share = n / total;
      rows.add(
          new ClientView.Bin(
              range(kind.get(), edges, i, locale),
              ClientFormats.percent(share, locale),
              (int) Math.round(100 * share / maxShare),
              n == 0 ? "–" : ClientFormats.percent(bad[i] / n, locale),
              i == clientBin));
    }
    double mid = below + (good[clientBin] + bad[clientBin]) / 2;
    int percentile = (int) Math.round(100 * mid / total);
    if (reversed) {
      // Ranges read from the smallest age or duration up; "higher than" speaks of those too.
      Collections.reverse(rows);
      percentile = 100 - percentile;
    }
    String clientValue = formats.format(kind.get(), value, locale);
    return Optional.of(
        new ClientView.Population(
            subject(group, locale),
            clientValue,
            msg(
                "population.percentile",
                locale,
                clientValue,
                ClientFormats.percent(percentile / 100.0, locale)),
            rows,
            percentile));
  }

  /** A range of the reference histogram in the client's units. */
  private String range(ClientFormats.Kind kind, double[] edges, int i, Locale locale) {
    int last = edges.length;
    // Days before the application: the lowest day count is the longest time, so "below" and
    // "above" trade places and so do the bounds of a range.
    boolean reversed = kind.reversed();
    if (i == 0) {
      return msg(
          reversed ? "range.above" : "range.below", locale, formats.format(kind, edges[0], locale));
    }
    if (i == last) {
      return msg(
          reversed ? "range.below" : "range.above",
          locale,
          formats.format(kind, edges[last - 1], locale));
    }
    String lower = formats.format(kind, edges[i - 1], locale);
    String upper = formats.format(kind, edges[i], locale);
    return reversed
        ? msg("range.between", locale, upper, lower)
        : msg("range.between", locale, lower, upper);
  }

  private static double[] doubles(long[] counts) {
    if (counts == null) {
      return new double[0];
    }
    double[] out = new double[counts.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts[i];
    }
    return out;
  }

  /** An importance written as JSON null counts as none, as a missing one does. */
  private static double orZero(Double value) {
    return value == null ? 0.0 : value;
  }

  private String msg(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args.length == 0 ? null : args, locale);
  }
}
