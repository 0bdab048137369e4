package io.creditstream.records;

import io.creditstream.avro.Decision;
import io.creditstream.avro.FeatureValue;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Reads the feature vector of a {@link Decision} whichever schema version wrote it.
 *
 * <p>Scorers on schema v1 wrote the vector as named values ({@code featureValues}: 400-odd names
 * repeated in every record, about three quarters of a 12.6 kB decision). Scorers on v2 write it as
 * a bare array of doubles ({@code featureVector}) in the model card's {@code featureNames} order,
 * NaN for missing, and leave {@code featureValues} empty. Readers go through this class so both
 * kinds of record stay readable for the 25 months they are kept.
 */
public final class Decisions {

  private Decisions() {}

  /** True if the record carries the compact vector (schema v2 and later). */
  public static boolean hasCompactVector(Decision d) {
    return d.getFeatureVector() != null;
  }

  /** The feature values given to the model, NaN for missing, from either encoding. */
  public static double[] featureVector(Decision d) {
    List<Double> compact = d.getFeatureVector();
    if (compact != null) {
      double[] x = new double[compact.size()];
      for (int i = 0; i < x.length; i++) {
        Double v = compact.get(i);
        x[i] = v == null ? Double.NaN : v;
      }
      return x;
    }
    List<FeatureValue> named = d.getFeatureValues();
    double[] x = new double[named.size()];
    for (int i = 0; i < x.length; i++) {
      Double v = named.get(i).getValue();
      x[i] = v == null ? Double.NaN : v;
    }
    return x;
  }

  /**
   * The names of the recorded values: the record's own for v1 records, else {@code modelNames} (the
   * model card's {@code featureNames}), or null when those are unknown or do not fit.
   */
  public static List<String> featureNames(Decision d, List<String> modelNames) {
    if (d.getFeatureVector() == null) {
      return d.getFeatureValues().stream().map(FeatureValue::getName).toList();
    }
    if (modelNames == null || modelNames.size() != d.getFeatureVector().size()) {
      return null;
    }
    return modelNames;
  }

  /**
   * A read-only list view of {@code x} for {@code Decision.setFeatureVector}: no copy, so building
   * the record costs nothing per feature (the serializer reads it once, when the record is sent).
   * The caller must not change {@code x} afterwards.
   */
  public static List<Double> asList(double[] x) {
    return new DoubleList(x);
  }

  private static final class DoubleList extends AbstractList<Double> implements RandomAccess {
    private final double[] values;

    DoubleList(double[] values) {
      this.values = values;
    }

    @Override
    public Double get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
