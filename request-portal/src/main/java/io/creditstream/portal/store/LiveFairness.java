package io.creditstream.portal.store;

import io.creditstream.features.evaluation.Fairness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fairness of live decisions, per model version, over a period: the shared {@link Fairness} figures
 * that need no label (approval rate by sex and age band, its ratio to the most-approved group's,
 * the four-fifths flag, the mean probability of default). Sex and age are read from each decision's
 * recorded features ({@code CODE_GENDER}'s vocabulary code, {@code DAYS_BIRTH}), named by the model
 * card's {@code featureNames}: the protected attribute is not a model input, but it stays on the
 * record so that this can be measured. REVIEW is not an approval.
 */
@Component
public class LiveFairness {

  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final ModelCardStore cards;
  private static final Fairness.Groups GROUPS =
      Fairness.Groups.of(List.of("CODE_GENDER", "DAYS_BIRTH"));

  public LiveFairness(JdbcTemplate jdbc, JsonMapper json, ModelCardStore cards) {
    this.jdbc = jdbc;
    this.json = json;
    this.cards = cards;
  }

  /**
   * One model version's figures.
   *
   * @param withoutGroups decisions whose sex or age could not be read (no card, old vector)
   * @param truncated true when the period held more decisions than were read
   */
  public record ModelFairness(
      String modelVersion,
      long decisions,
      long withoutGroups,
      boolean truncated,
      Fairness.Report report) {}

  /**
   * The figures of decisions with {@code from <= decidedAt < to} (null: open), of one model version
   * or of each (null), reading at most {@code limit} decisions per version, oldest first.
   */
  public List<ModelFairness> byModel(Instant from, Instant to, String modelVersion, int limit) {
    List<String> versions = new ArrayList<>();
    if (modelVersion != null) {
      versions.add(modelVersion);
    } else {
      versions.addAll(
          jdbc.queryForList(
              "SELECT DISTINCT model_version FROM decisions ORDER BY model_version", String.class));
    }
    List<ModelFairness> out = new ArrayList<>();
    for (String version : versions) {
      List<String> names = cards.featureNames(version).orElse(null);
      Fairness.Tally tally = new Fairness.Tally();
      long[] counts = new long[2]; // decisions, without groups
      jdbc.query(
          "SELECT body FROM decisions WHERE model_version = ? AND decided_at >= ?"
              + " AND decided_at < ? ORDER BY decided_at LIMIT ?",
          rs -> {
            if (++counts[0] > limit) {
              return; // the one row past the limit only says that the period holds more
            }
            DecisionView d = json.readValue(rs.getString(1), DecisionView.class);
            Double sex = d.featureValue("CODE_GENDER", names);
            Double birth = d.featureValue("DAYS_BIRTH", names);
            if (sex == null || birth == null) {
              counts[1]++;
              return;
            }
            tally.add(
                GROUPS,
                new double[] {sex, birth},
                d.probabilityOfDefault(),
                "APPROVED".equals(d.outcome()),
                -1);
          },
          version,
          from == null ? Long.MIN_VALUE : from.toEpochMilli(),
          to == null ? Long.MAX_VALUE : to.toEpochMilli(),
          limit + 1);
      boolean truncated = counts[0] > limit;
      out.add(
          new ModelFairness(
              version, Math.min(counts[0], limit), counts[1], truncated, tally.report()));
    }
    return out;
  }
}
