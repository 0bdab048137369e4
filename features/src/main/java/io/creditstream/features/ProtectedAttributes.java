package io.creditstream.features;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Application columns that must never decide a credit (by default {@code CODE_GENDER}) and every
 * feature of the {@link FeatureSet} that is, or derives from, one of them.
 *
 * <p>The feature code path stays one: {@link FeatureSet#vector} computes every feature as always
 * (the values stay on the application and in the decision record, so that fairness can be
 * measured), and the protected features are set to missing (NaN) in the copy the model reads, for
 * training and for scoring alike. A tree cannot split on a feature that is missing on every
 * training row, so its SHAP contribution is exactly 0 and no reason can cite it.
 *
 * <p>A feature derives from a protected column when it reads the column's value ({@link
 * FeatureSet#inputsOf}), or when it reads only whether the column is present ({@link
 * FeatureSet#presenceInputsOf}, i.e. MISSING_COUNT) and the column is not required: a required
 * column is present on every application the application contract accepts, so its presence says
 * nothing about the client (CODE_GENDER is required; MISSING_COUNT therefore stays a feature). A
 * feature attributed to a protected column in reasons ({@link FeatureSet#sourceOf}) is protected
 * too, so that no reason can carry a protected column's name.
 */
public final class ProtectedAttributes {

  /** The product's default: sex is never an input. */
  public static final List<String> DEFAULT = List.of("CODE_GENDER");

  private final List<String> columns;
  private final Set<String> features;

  private ProtectedAttributes(List<String> columns, Set<String> features) {
    this.columns = columns;
    this.features = features;
  }

  /**
   * The protected set for these columns in the given feature set.
   *
   * @throws IllegalArgumentException when a name is not an application column of the feature set
   */
  public static ProtectedAttributes of(FeatureSet featureSet, List<String> columns) {
    List<String> known = featureSet.applicationColumns();
    List<String> clean = new ArrayList<>();
    for (String c : columns) {
      String name = c == null ? "" : c.trim();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "protected attribute '" + c + "' is not an application column of the feature set");
      }
      if (!clean.contains(name)) {
        clean.add(name);
      }
    }
    Set<String> required = Set.copyOf(featureSet.requiredColumns());
    Set<String> out = new LinkedHashSet<>();
    for (String feature : featureSet.names()) {
      for (String column : clean) {
        if (featureSet.inputsOf(feature).contains(column)
            || featureSet.sourceOf(feature).equals(column)
            || (!required.contains(column)
                && featureSet.presenceInputsOf(feature).contains(column))) {
          out.add(feature);
        }
      }
    }
    return new ProtectedAttributes(List.copyOf(clean), Set.copyOf(out));
  }

  /** The protected columns, as given (trimmed, without repeats). */
  public List<String> columns() {
    return columns;
  }

  /** True when the feature is a protected column or derives from one. */
  public boolean covers(String featureName) {
    return features.contains(featureName);
  }

  /** The protected features among {@code featureNames}, in that order. */
  public List<String> featuresIn(List<String> featureNames) {
    return featureNames.stream().filter(features::contains).toList();
  }

  /** For each position of {@code featureNames}: true if the model must not read it. */
  public boolean[] mask(List<String> featureNames) {
    boolean[] m = new boolean[featureNames.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = features.contains(featureNames.get(i));
    }
    return m;
  }
}
