package io.creditstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a released model is and how it must be used: published beside the model bytes on {@code
 * model-releases} as JSON, and read back by the scorer and the auditors.
 *
 * <p>Costs: {@code costFalseNegative} is the cost of accepting a client who defaults (default 10),
 * {@code costFalsePositive} the cost of refusing a good client (default 1). {@code referenceStats}
 * holds, per feature, the training distribution the scorer compares live traffic with (PSI).
 * Unknown JSON fields are ignored so that older readers accept newer cards.
 *
 * @param version model version ({@link ModelVersion#of(byte[])} of the model bytes); may be null
 *     before release
 * @param createdAt ISO-8601 instant
 * @param featureSetVersion the feature definitions the model was trained on
 * @param featureNames model input order
 * @param threshold decline when the probability of default is at or above it; in (0,1)
 * @param reviewBand optional probability band sent to manual review, or null
 * @param metrics named evaluation figures (cv_auc, cv_auc_std, pr_auc, brier, tp, fp, tn, fn, ...)
 * @param dataFingerprint hash of the training data
 * @param params training parameters
 * @param bestIteration best boosting iteration found by early stopping
 * @param globalImportance mean |SHAP| (or another global importance) per feature
 * @param referenceStats per feature, the reference histogram for drift monitoring
 * @param protectedAttributes application columns the model must never use (e.g. CODE_GENDER); null
 *     on cards written before they were recorded (issue 17): such models still load, so that their
 *     decisions replay bit for bit, but the scorer does not activate them
 * @param protectedFeatures the features that are, or derive from, a protected attribute: missing
 *     (NaN) for the model whatever the application says ({@link ScoringModel#score}); null or empty
 *     = none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelCard(
    String version,
    String createdAt,
    String featureSetVersion,
    List<String> featureNames,
    double threshold,
    ReviewBand reviewBand,
    Double costFalseNegative,
    Double costFalsePositive,
    Map<String, Double> metrics,
    String dataFingerprint,
    Map<String, String> params,
    int bestIteration,
    Map<String, Double> globalImportance,
    Map<String, FeatureReference> referenceStats,
    List<String> protectedAttributes,
    List<String> protectedFeatures) {

  /** Default cost of accepting a client who then defaults. */
  public static final double DEFAULT_COST_FALSE_NEGATIVE = 10.0;

  /** Default cost of refusing a client who would have repaid. */
  public static final double DEFAULT_COST_FALSE_POSITIVE = 1.0;

  private static final ObjectMapper MAPPER =
      JsonMapper.builderWithJackson2Defaults()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /** Copies collections (immutable) and fills the documented defaults for absent costs and maps. */
  @JsonCreator
  public ModelCard {
    featureNames = featureNames == null ? List.of() : List.copyOf(featureNames);
    protectedAttributes = protectedAttributes == null ? null : List.copyOf(protectedAttributes);
    protectedFeatures = protectedFeatures == null ? List.of() : List.copyOf(protectedFeatures);
    costFalseNegative = costFalseNegative == null ? DEFAULT_COST_FALSE_NEGATIVE : costFalseNegative;
    costFalsePositive = costFalsePositive == null ? DEFAULT_COST_FALSE_POSITIVE : costFalsePositive;
    metrics = frozen(metrics);
    params = frozen(params);
    globalImportance = frozen(globalImportance);
    referenceStats = frozen(referenceStats);
  }

  /** An unmodifiable copy that keeps the order of the entries; empty for null. */
  private static <V> Map<String, V> frozen(Map<String, V> map) {
    return map == null
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }

  /** True when the card says which attributes are protected (cards of issue 17 and later). */
  public boolean declaresProtectedAttributes() {
    return protectedAttributes != null;
  }

  /** A copy that declares these protected attributes and masks these features. */
  public ModelCard withProtected(List<String> attributes, List<String> features) {
    return copy(version, attributes, features);
  }

  /** Probability band for manual review: {@code lower <= p < upper} goes to a person. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReviewBand(double lower, double upper) {}

  /**
   * The reference histogram of one feature, split by label.
   *
   * <p>{@code edges} are ascending cut points; a value {@code v} falls in bin {@code i} = the
   * number of edges {@code <= v} (see {@link #binOf(double)}), so there are {@code edges.length +
   * 1} bins and both count arrays have that length. Missing values are counted apart. {@code min}
   * and {@code max} are the training range, enforced by the operating policy (null when unknown).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FeatureReference(
      double[] edges,
      long[] goodCounts,
      long[] badCounts,
      long missingGood,
      long missingBad,
      Double min,
      Double max) {

    /** A reference without the training range (as cards written before ranges were recorded). */
    public FeatureReference(
        double[] edges, long[] goodCounts, long[] badCounts, long missingGood, long missingBad) {
      this(edges, goodCounts, badCounts, missingGood, missingBad, null, null);
    }

    /**
     * The training data's {min, max} of this feature, or null when unknown (no value present, or a
     * card from before ranges were recorded).
     */
    public double[] range() {
      return min == null || max == null ? null : new double[] {min, max};
    }

    /**
     * The bin of a value (NaN has none: count it as missing); same rule as {@link
     * ReferenceStats#binOf}.
     */
    public int binOf(double value) {
      return ReferenceStats.binOf(edges, value);
    }

    /** Number of bins, missing excluded. */
    public int bins() {
      return edges.length + 1;
    }
  }

  /** This card as JSON. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JacksonException e) {
      throw new IllegalStateException("a model card must always serialise", e);
    }
  }

  /**
   * Reads a card; unknown fields are ignored.
   *
   * @throws InvalidModelException when the text is not a model card
   */
  public static ModelCard fromJson(String json) throws InvalidModelException {
    if (json == null || json.isBlank()) {
      throw new InvalidModelException("model card is empty");
    }
    try {
      ModelCard card = MAPPER.readValue(json, ModelCard.class);
      if (card == null) {
        throw new InvalidModelException("model card is JSON null");
      }
      return card;
    } catch (JacksonException e) {
      throw new InvalidModelException("malformed model card: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A card read by {@link #fromJsonLeniently}, and what of its text was left out because it did not
   * have the type the card gives it ({@code "metrics"}, or {@code "referenceStats.AMT_CREDIT"} for
   * one entry of a map).
   */
  public record Lenient(ModelCard card, List<String> leftOut) {
    public Lenient {
      leftOut = List.copyOf(leftOut);
    }
  }

  /**
   * Reads a card for display, where one malformed field must not cost the others: a field whose
   * value does not fit its type is read as absent (for a map field, only the entry at fault), and
   * named in {@link Lenient#leftOut()}. Unknown fields are ignored, absent ones take the defaults
   * of {@link #fromJson}, which stays the strict reader for everything that scores.
   *
   * @throws InvalidModelException when the text is not a JSON object, or is wrong in a way no
   *     single field explains
   */
  public static Lenient fromJsonLeniently(String json) throws InvalidModelException {
    if (json == null || json.isBlank()) {
      throw new InvalidModelException("model card is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidModelException("malformed model card: " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof ObjectNode object)) {
      throw new InvalidModelException("model card is not a JSON object");
    }
    List<String> leftOut = new ArrayList<>();
    // Each failed attempt removes one node, so this ends.
    while (true) {
      try {
        return new Lenient(MAPPER.treeToValue(object, ModelCard.class), leftOut);
      } catch (DatabindException e) {
        String removed = removeAtFault(object, e.getPath());
        if (removed == null) {
          throw new InvalidModelException("malformed model card: " + e.getOriginalMessage(), e);
        }
        leftOut.add(removed);
      }
    }
  }

  /**
   * Removes the field (or, in a map field, the entry) a binding error points at; returns its name,
   * or null when the error points at no field of the card.
   */
  private static String removeAtFault(ObjectNode card, List<JacksonException.Reference> path) {
    String field = path.isEmpty() ? null : path.get(0).getPropertyName();
    if (field == null || !card.has(field)) {
      return null;
    }
    String entry = path.size() > 1 ? path.get(1).getPropertyName() : null;
    if (entry != null && isMapField(field) && card.get(field) instanceof ObjectNode map) {
      map.remove(entry);
      return field + "." + entry;
    }
    card.remove(field);
    return field;
  }

  private static boolean isMapField(String name) {
    for (RecordComponent c : ModelCard.class.getRecordComponents()) {
      if (c.getName().equals(name)) {
        return Map.class.isAssignableFrom(c.getType());
      }
    }
    return false;
  }

  /** A copy with another version (set once the model bytes, hence the version, are final). */
  public ModelCard withVersion(String newVersion) {
    return copy(newVersion, protectedAttributes, protectedFeatures);
  }

  /** This card with another version and protected lists, everything else as it is. */
  private ModelCard copy(String newVersion, List<String> attributes, List<String> features) {
    return new ModelCard(
        newVersion,
        createdAt,
        featureSetVersion,
        featureNames,
        threshold,
        reviewBand,
        costFalseNegative,
        costFalsePositive,
        metrics,
        dataFingerprint,
        params,
        bestIteration,
        globalImportance,
        referenceStats,
        attributes,
        features);
  }
}
