package io.creditstream.model;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An immutable loaded release: the model bytes' version, its card and the evaluator. Input: the
 * bytes and card JSON of a {@code ModelRelease}; output: {@link Score}s. Thread-safe.
 */
public final class ScoringModel {
  private final String version;
  private final ModelCard card;
  private final TreeEnsemble ensemble;
  // Positions of the card's protected features: NaN for the model whatever the row says.
  private final int[] masked;

  private ScoringModel(String version, ModelCard card, TreeEnsemble ensemble, int[] masked) {
    this.version = version;
    this.card = card;
    this.ensemble = ensemble;
    this.masked = masked;
  }

  /**
   * Parses and cross-checks a release.
   *
   * @throws InvalidModelException when the model cannot be parsed, the card is malformed, the card
   *     names another version, the feature counts differ, the threshold/review band/reference
   *     statistics are not usable, a protected feature is not one of the card's features, or a tree
   *     splits on a protected feature (the card would then lie about what the model reads)
   */
  public static ScoringModel load(byte[] modelBytes, String modelCardJson)
      throws InvalidModelException {
    TreeEnsemble ensemble = TreeEnsemble.fromXgboost(modelBytes);
    ModelCard card = ModelCard.fromJson(modelCardJson);
    String version = ModelVersion.of(modelBytes);
    if (card.version() != null && !card.version().equals(version)) {
      throw new InvalidModelException(
          "model card is for version " + card.version() + " but the model bytes are " + version);
    }
    if (card.featureNames().size() != ensemble.numFeatures()) {
      throw new InvalidModelException(
          "model card names "
              + card.featureNames().size()
              + " features but the model expects "
              + ensemble.numFeatures());
    }
    Set<String> names = new HashSet<>();
    for (String name : card.featureNames()) {
      if (name == null || !names.add(name)) {
        throw new InvalidModelException(
            "model card feature name '" + name + "' is null or repeated");
      }
    }
    if (!(card.threshold() > 0 && card.threshold() < 1)) {
      throw new InvalidModelException(
          "model card threshold " + card.threshold() + " is not in (0,1)");
    }
    ModelCard.ReviewBand band = card.reviewBand();
    if (band != null && !(0 <= band.lower() && band.lower() < band.upper() && band.upper() <= 1)) {
      throw new InvalidModelException(
          "model card review band ["
              + band.lower()
              + ", "
              + band.upper()
              + ") is not within [0,1]");
    }
    if (!(card.costFalseNegative() > 0) || !(card.costFalsePositive() > 0)) {
      throw new InvalidModelException("model card costs must be positive");
    }
    for (Map.Entry<String, ModelCard.FeatureReference> e : card.referenceStats().entrySet()) {
      if (!names.contains(e.getKey())) {
        throw new InvalidModelException(
            "reference statistics for unknown feature '" + e.getKey() + "'");
      }
      String problem = ReferenceStats.problem(e.getValue());
      if (problem != null) {
        throw new InvalidModelException(
            "reference statistics of '" + e.getKey() + "' are unusable: " + problem);
      }
    }
    int[] masked = new int[card.protectedFeatures().size()];
    for (int k = 0; k < masked.length; k++) {
      String name = card.protectedFeatures().get(k);
      masked[k] = card.featureNames().indexOf(name);
      if (masked[k] < 0) {
        throw new InvalidModelException(
            "model card protects feature '" + name + "', which is not one of its features");
      }
      if (ensemble.splitsOn(masked[k])) {
        throw new InvalidModelException(
            "the model splits on the protected feature '"
                + name
                + "' (protected attributes "
                + card.protectedAttributes()
                + ")");
      }
    }
    return new ScoringModel(
        version, card.version() == null ? card.withVersion(version) : card, ensemble, masked);
  }

  /** {@link ModelVersion#of(byte[])} of the model bytes. */
  public String version() {
    return version;
  }

  public ModelCard card() {
    return card;
  }

  public TreeEnsemble ensemble() {
    return ensemble;
  }

  /**
   * Probability, margin and TreeSHAP contributions (margin space, bias last) of one row, explained
   * by {@link Explainer#DEFAULT}.
   */
  public Score score(double[] x) {
    return score(x, Explainer.DEFAULT);
  }

  /**
   * As {@link #score(double[])}, explained by the given algorithm (a replay passes the one the
   * decision recorded, {@link Explainer#of(String)}). The margin and probability do not depend on
   * it; with {@link Explainer#TABLE} they come from the same pass over the trees.
   */
  public Score score(double[] x, Explainer explainer) {
    if (masked.length == 0) {
      return ensemble.score(x, explainer); // cards without protected features: as always
    }
    // The caller's vector keeps the protected values (the decision records them for fairness
    // measurement); the model reads a copy where they are missing, as in training.
    double[] input = x.clone();
    for (int j : masked) {
      input[j] = Double.NaN;
    }
    return ensemble.score(input, explainer);
  }

  /** The probability of default alone (no explanation), read as {@link #score} reads the row. */
  public double probability(double[] x) {
    if (masked.length == 0) {
      return ensemble.probability(x);
    }
    double[] input = x.clone();
    for (int j : masked) {
      input[j] = Double.NaN;
    }
    return ensemble.probability(input);
  }

  /** Positions (in the card's feature order) of the features the model reads as missing. */
  public int[] maskedFeatures() {
    return masked.clone();
  }
}
