package io.creditstream.scorer.testing;

import io.creditstream.avro.ModelRelease;
import io.creditstream.features.FeatureSet;
import io.creditstream.fixtures.Applications;
import io.creditstream.fixtures.ModelFixtures;
import io.creditstream.model.InvalidModelException;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ReferenceStats;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.decision.AvroRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tiny XGBoost models trained in the test, so outcomes are under the test's control: the risk
 * depends on EXT_SOURCE_2 only (below 0.3: defaults; 0.4-0.6: half default; above: repays).
 */
public final class TestModels {

  public static final FeatureSet FEATURES = FeatureSet.current();
  private static final Map<Integer, TestModel> CACHE = new ConcurrentHashMap<>();

  private TestModels() {}

  /** A trained model, its bytes, its release record and the loaded scoring model. */
  public record TestModel(byte[] bytes, String version, ModelRelease release, ScoringModel model) {}

  /** The EXT_SOURCE_2 model after {@code rounds} boosting rounds (different rounds, versions). */
  public static TestModel extSource2Model(int rounds) {
    return CACHE.computeIfAbsent(rounds, TestModels::train);
  }

  /** The largest amount of credit {@link #creditModel()} learnt to repay. */
  public static final double CREDIT_LIMIT = 400_000;

  private static final Map<String, TestModel> CREDIT_CACHE = new ConcurrentHashMap<>();

  /**
   * A model whose risk depends on the amount: it learnt that a client defaults when the credit is
   * above {@link #CREDIT_LIMIT} or EXT_SOURCE_2 is below 0.3, on applications of 50,000 to
   * 1,000,000 in steps of 5,000, each repaid over the same terms as {@link Applications#valid}
   * (annuity 1/20 of the credit, goods price 9/10 of it). Its card records the training ranges of
   * the amounts, so the operating policy sends a credit above 1,000,000 to review.
   */
  public static TestModel creditModel() {
    return CREDIT_CACHE.computeIfAbsent("credit", k -> trainCredit());
  }

  private static TestModel trainCredit() {
    double[] scores = {0.1, 0.2, 0.5, 0.7, 0.9};
    int credits = 191; // 50,000 .. 1,000,000
    int n = credits * scores.length;
    int width = FEATURES.names().size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    double[][] columns = new double[width][n];
    boolean[] bad = new boolean[n];
    AvroRow row = new AvroRow();
    int i = 0;
    for (double es2 : scores) {
      for (int c = 0; c < credits; c++) {
        double credit = 50_000 + 5_000.0 * c;
        var app = Applications.valid("train-credit-" + i, i + 1, es2);
        app.setAMTCREDIT(credit);
        app.setAMTANNUITY(credit / 20);
        app.setAMTGOODSPRICE(credit * 9 / 10);
        double[] x = FEATURES.vector(row.reset(app), null);
        for (int j = 0; j < width; j++) {
          data[i * width + j] = (float) x[j];
          columns[j][i] = x[j];
        }
        boolean defaulted = credit > CREDIT_LIMIT || es2 < 0.3;
        labels[i] = defaulted ? 1f : 0f;
        bad[i] = defaulted;
        i++;
      }
    }
    byte[] bytes =
        ModelFixtures.train(data, labels, width, ModelFixtures.params(3, 0.3, 7), 20, null).bytes();
    Map<String, ModelCard.FeatureReference> refs = new LinkedHashMap<>();
    for (String name :
        List.of("EXT_SOURCE_2", "AMT_CREDIT", "AMT_ANNUITY", "AMT_GOODS_PRICE", "DAYS_BIRTH")) {
      int j = FEATURES.names().indexOf(name);
      refs.put(name, ReferenceStats.reference(columns[j], bad, 10));
    }
    return testModel(bytes, refs);
  }

  private static TestModel train(int rounds) {
    int n = 400;
    int width = FEATURES.names().size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    double[][] columns = new double[width][n];
    boolean[] bad = new boolean[n];
    AvroRow row = new AvroRow();
    for (int i = 0; i < n; i++) {
      double es2 = (i + 0.5) / n;
      double[] x = FEATURES.vector(row.reset(Applications.valid("train-" + i, i, es2)), null);
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (float) x[j];
        columns[j][i] = x[j];
      }
      boolean defaulted = es2 < 0.3 || (es2 >= 0.4 && es2 < 0.6 && i % 2 == 0);
      labels[i] = defaulted ? 1f : 0f;
      bad[i] = defaulted;
    }
    byte[] bytes =
        ModelFixtures.train(data, labels, width, ModelFixtures.params(3, 0.3, 7), rounds, null)
            .bytes();
    Map<String, ModelCard.FeatureReference> refs = new LinkedHashMap<>();
    for (String name : List.of("EXT_SOURCE_2", "AMT_CREDIT", "DAYS_BIRTH")) {
      int j = FEATURES.names().indexOf(name);
      refs.put(name, ReferenceStats.reference(columns[j], bad, 10));
    }
    return testModel(bytes, refs);
  }

  /** A trained model with its card (threshold 0.5, these references), release and loaded form. */
  private static TestModel testModel(byte[] bytes, Map<String, ModelCard.FeatureReference> refs) {
    String version = ModelVersion.of(bytes);
    ModelCard card = card(version, FEATURES.version(), FEATURES.names(), 0.5, refs);
    ModelRelease release = release(version, bytes, card.toJson(), FEATURES.version());
    try {
      return new TestModel(bytes, version, release, ScoringModel.load(bytes, card.toJson()));
    } catch (InvalidModelException e) {
      throw new IllegalStateException("the test model does not load: " + e, e);
    }
  }

  /** A card as the trainer writes it (data fingerprint "test", no costs, no importance). */
  public static ModelCard card(
      String version,
      String featureSetVersion,
      List<String> names,
      double threshold,
      Map<String, ModelCard.FeatureReference> refs) {
    return ModelFixtures.card(
        "test", version, featureSetVersion, names, threshold, null, null, Map.of(), refs);
  }

  /** The features the product's protected attributes cover, as the trainer lists them. */
  public static final List<String> PROTECTED_FEATURES =
      ModelFixtures.protectedFeatures(FEATURES.names());

  /** The release of a test model, as the trainer publishes it (released by "test"). */
  public static ModelRelease release(
      String version, byte[] bytes, String cardJson, String featureSetVersion) {
    return ModelFixtures.release(version, bytes, cardJson, featureSetVersion, "test");
  }

  public static ModelRelease activation(String version) {
    return ModelFixtures.activation(version);
  }
}
