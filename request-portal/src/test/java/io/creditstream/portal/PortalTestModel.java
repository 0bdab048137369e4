package io.creditstream.portal;

import io.creditstream.avro.ModelRelease;
import io.creditstream.features.FeatureSet;
import io.creditstream.fixtures.ApplicationBodies;
import io.creditstream.fixtures.ModelFixtures;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ReferenceStats;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.decision.AvroRow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A real XGBoost model for the portal's tests, trained once per JVM with XGBoost4J on the product's
 * {@code FeatureSet.vector} of 3,000 applications built around {@link ApplicationBodies#valid}:
 * their risk rises as the two external scores fall, for the young, with the credit-to-income ratio
 * and, for the three clients in four who have a history, with their loans elsewhere and late
 * payments, and falls with their previous applications with us; so that {@link
 * ApplicationBodies#valid} is approved and {@link ApplicationBodies#risky} declined, each with
 * several reasons. Its card carries what the trainer's does for the portal: reference statistics
 * (the population tables) and the global importance of the features, and the protected attributes.
 *
 * @param release the model's release as the trainer publishes it on {@code model-releases}
 * @param model the loaded scoring model the scorer's {@code DecisionMaker} uses
 */
public record PortalTestModel(ModelRelease release, ScoringModel model) {

  private static final FeatureSet FEATURES = FeatureSet.current();
  private static final List<String> REFERENCED =
      List.of(
          "EXT_SOURCE_2",
          "EXT_SOURCE_3",
          "EXT_SOURCES_MEAN",
          "DAYS_BIRTH",
          "AMT_CREDIT",
          "AMT_INCOME_TOTAL",
          "BURO_COUNT",
          "PREV_COUNT");
  private static PortalTestModel instance;

  /** The model, trained on first use (once per JVM). */
  public static synchronized PortalTestModel get() {
    if (instance == null) {
      try {
        instance = train();
      } catch (Exception e) {
        throw new IllegalStateException("could not train the portal tests' model: " + e, e);
      }
    }
    return instance;
  }

  private static PortalTestModel train() throws Exception {
    int n = 3_000;
    List<String> names = FEATURES.names();
    int width = names.size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    double[][] referenced = new double[REFERENCED.size()][n];
    boolean[] bad = new boolean[n];
    Random random = new Random(7);
    AvroRow row = new AvroRow();
    for (int i = 0; i < n; i++) {
      double es2 = 0.05 + 0.9 * random.nextDouble();
      double es3 = 0.05 + 0.9 * random.nextDouble();
      double years = 21 + 44 * random.nextDouble();
      double income = 60_000 + 340_000 * random.nextDouble();
      double credit = 100_000 + 1_400_000 * random.nextDouble();
      Map<String, Object> body = ApplicationBodies.valid(i);
      body.put("EXT_SOURCE_2", es2);
      body.put("EXT_SOURCE_3", es3);
      body.put("DAYS_BIRTH", (int) -Math.round(years * 365.25));
      body.put("AMT_INCOME_TOTAL", income);
      body.put("AMT_CREDIT", credit);
      body.put("AMT_GOODS_PRICE", Math.round(credit * 0.9));
      body.put("AMT_ANNUITY", Math.round(Math.min(credit / 28, income * 0.3)));
      // Three clients in four have a history: loans with other lenders, previous applications
      // with us, and the worst delay on shop and cash loans.
      Map<String, Double> history = null;
      double historyLogit = 0.3; // no history at all: a little riskier
      if (random.nextDouble() < 0.75) {
        double buro = random.nextInt(11);
        double prev = random.nextInt(7);
        double dpd = random.nextDouble() < 0.7 ? 0 : 5 + random.nextInt(56);
        history = Map.of("BURO_COUNT", buro, "PREV_COUNT", prev, "POS_SK_DPD_MAX", dpd);
        historyLogit = 0.3 * (buro - 3) - 0.5 * (prev - 1) + (dpd > 0 ? 1.2 : 0);
      }
      double[] x =
          FEATURES.vector(
              row.reset(ApplicationBodies.record(body, "train-" + i, Instant.EPOCH)), history);
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (float) x[j];
      }
      for (int k = 0; k < REFERENCED.size(); k++) {
        referenced[k][i] = x[names.indexOf(REFERENCED.get(k))];
      }
      double logit =
          -1
              + 4 * (0.5 - es2)
              + 3 * (0.5 - es3)
              + 0.04 * (35 - years)
              + 0.5 * (credit / income - 3)
              + historyLogit;
      bad[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit));
      labels[i] = bad[i] ? 1f : 0f;
    }
    ModelFixtures.Trained trained =
        ModelFixtures.train(data, labels, width, ModelFixtures.params(3, 0.3, 7), 30, names);
    byte[] bytes = trained.bytes();
    Map<String, Double> importance = new LinkedHashMap<>();
    // Gain, as the trainer reports it.
    importance.putAll(trained.gain());
    Map<String, ModelCard.FeatureReference> refs = new LinkedHashMap<>();
    for (int k = 0; k < REFERENCED.size(); k++) {
      refs.put(REFERENCED.get(k), ReferenceStats.reference(referenced[k], bad, 10));
    }
    String version = ModelVersion.of(bytes);
    String card =
        ModelFixtures.card(
                "portal-tests",
                version,
                FEATURES.version(),
                names,
                0.5,
                null,
                null,
                importance,
                refs)
            .toJson();
    ModelRelease release =
        ModelFixtures.release(version, bytes, card, FEATURES.version(), "portal-tests");
    return new PortalTestModel(release, ScoringModel.load(bytes, card));
  }
}
