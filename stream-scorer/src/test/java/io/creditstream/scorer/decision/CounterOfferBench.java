package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.features.Row;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.OperatingPolicy;
import io.creditstream.fixtures.Applications;
import io.creditstream.fixtures.HomeCredit;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ReferenceStats;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.testing.TestModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * By hand, not in CI (the name does not end in Test): the cost of the counter-offer search per
 * decision, on real Home Credit applications and a model of the product's size (363 trees of depth
 * 4, as the model benchmark's run 5 trained, with the training ranges in its card so the operating
 * policy runs as in production).
 *
 * <pre>
 * nice -n 10 ./mvnw -B -q -ntp -o test -pl stream-scorer -am -Dtest=CounterOfferBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 *
 * <p>Logs one line of figures: CPU time of this thread per decision (whole {@code decide}, the
 * search included), per search, the candidates a search evaluates on average, the share of
 * decisions that search and that get an offer, at the given threshold ({@code
 * -Dcounter-offer.bench.threshold}, default 0.081: the product's business-cost threshold of the
 * issue that asked for the counter-offer).
 */
class CounterOfferBench {

  private static final Logger log = LoggerFactory.getLogger(CounterOfferBench.class);
  private static final FeatureSet FEATURES = FeatureSet.current();

  @Test
  void measuresTheSearchOnRealApplications() throws Exception {
    int trainRows = Integer.getInteger("counter-offer.bench.train", 8000);
    int decideRows = Integer.getInteger("counter-offer.bench.decide", 2000);
    int rounds = Integer.getInteger("counter-offer.bench.trees", 363);
    double threshold =
        Double.parseDouble(System.getProperty("counter-offer.bench.threshold", "0.081"));
    List<Row> rows = HomeCredit.applicationTrain(trainRows + decideRows);
    ScoringModel model = train(rows.subList(0, trainRows), rounds, threshold);

    List<LoanApplication> apps = new ArrayList<>();
    for (int i = trainRows; i < rows.size(); i++) {
      LoanApplication app =
          Applications.fromRow(rows.get(i), "bench-" + i, Instant.parse("2026-11-25T09:00:00Z"));
      if (app != null && ApplicationContract.current().accepts(new AvroRow(app))) {
        apps.add(app);
      }
    }
    DecisionMaker maker =
        new DecisionMaker(
            FEATURES,
            ReasonTexts.load(),
            new DecisionPolicy(4, 0, 0, Double.NaN),
            "bench",
            Clock.systemUTC());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    // Warm-up: twice over every application, so the JIT has compiled the search's path.
    for (int pass = 0; pass < 2; pass++) {
      for (LoanApplication app : apps) {
        maker.decide(app, null, model);
      }
    }

    // The whole decision, search included, over every application; best of three passes.
    double bestDecide = Double.MAX_VALUE;
    int searched = 0;
    int offered = 0;
    for (int pass = 0; pass < 3; pass++) {
      searched = 0;
      offered = 0;
      long t0 = cpu.getCurrentThreadCpuTime();
      for (LoanApplication app : apps) {
        Decision d = maker.decide(app, null, model);
        if (d.getCounterOffer() != null) {
          searched++;
          if (d.getCounterOffer().getAmount() != null) {
            offered++;
          }
        }
      }
      bestDecide = Math.min(bestDecide, (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / apps.size());
    }

    // The search alone, on the decisions that search.
    List<LoanApplication> declined = new ArrayList<>();
    List<double[]> vectors = new ArrayList<>();
    for (LoanApplication app : apps) {
      Decision d = maker.decide(app, null, model);
      if (d.getOutcome() != Outcome.APPROVED) {
        declined.add(app);
        vectors.add(maker.lastVector().clone());
      }
    }
    assertThat(declined).isNotEmpty();
    CounterOfferSearch search = new CounterOfferSearch(FEATURES, ApplicationContract.current());
    OperatingPolicy policy = OperatingPolicies.of(model);
    AvroRow row = new AvroRow();
    double bestSearch = Double.MAX_VALUE;
    for (int pass = 0; pass < 3; pass++) {
      search.candidates = 0;
      search.scored = 0;
      long t0 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < declined.size(); i++) {
        search.find(row.reset(declined.get(i)), vectors.get(i), model, policy, threshold, null);
      }
      bestSearch =
          Math.min(bestSearch, (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / declined.size());
    }
    // The model's probability alone, for scale.
    long t0 = cpu.getCurrentThreadCpuTime();
    double sink = 0;
    for (int pass = 0; pass < 5; pass++) {
      for (double[] x : vectors) {
        sink += model.probability(x);
      }
    }
    double probabilityUs = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / (5.0 * vectors.size());
    long t1 = cpu.getCurrentThreadCpuTime();
    for (int pass = 0; pass < 5; pass++) {
      for (LoanApplication app : declined) {
        sink += FEATURES.vector(row.reset(app), null)[0];
      }
    }
    double vectorUs = (cpu.getCurrentThreadCpuTime() - t1) / 1e3 / (5.0 * declined.size());

    log.info(
        String.format(
            Locale.ROOT,
            "counter_offer_bench date=%s load=%.2f trees=%d threshold=%s decisions=%d"
                + " searched_pct=%.1f offered_pct_of_searched=%.1f decide_cpu_us=%.1f"
                + " search_cpu_us=%.1f search_cost_per_decision_us=%.1f"
                + " candidates_per_search=%.2f scored_per_search=%.2f probability_cpu_us=%.1f"
                + " vector_cpu_us=%.1f"
                + " (sink %s)",
            Instant.now(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            rounds,
            threshold,
            apps.size(),
            100.0 * searched / apps.size(),
            searched == 0 ? 0 : 100.0 * offered / searched,
            bestDecide,
            bestSearch,
            bestSearch * searched / apps.size(),
            (double) search.candidates / declined.size(),
            (double) search.scored / declined.size(),
            probabilityUs,
            vectorUs,
            sink > 0));
  }

  /** A model of the product's shape on the real rows, its card with the training ranges. */
  private static ScoringModel train(List<Row> rows, int rounds, double threshold) throws Exception {
    int n = rows.size();
    int width = FEATURES.names().size();
    float[] data = new float[n * width];
    float[] labels = new float[n];
    double[][] columns = new double[width][n];
    boolean[] bad = new boolean[n];
    List<Integer> masked =
        TestModels.PROTECTED_FEATURES.stream().map(FEATURES.names()::indexOf).toList();
    for (int i = 0; i < n; i++) {
      double[] x = FEATURES.vector(rows.get(i), null);
      for (int j : masked) {
        x[j] = Double.NaN; // as the trainer does: protected attributes are never model inputs
      }
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (float) x[j];
        columns[j][i] = x[j];
      }
      bad[i] = ((Number) rows.get(i).get("TARGET")).intValue() == 1;
      labels[i] = bad[i] ? 1f : 0f;
    }
    DMatrix train = new DMatrix(data, n, width, Float.NaN);
    train.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("max_depth", 4);
    params.put("eta", 0.03);
    params.put("min_child_weight", 28);
    params.put("subsample", 0.64);
    params.put("colsample_bytree", 0.57);
    params.put("nthread", 1);
    params.put("seed", 7);
    Booster booster = XGBoost.train(train, params, rounds, Map.of(), null, null);
    byte[] bytes = booster.toByteArray("json");
    booster.dispose();
    train.dispose();
    Map<String, ModelCard.FeatureReference> refs = new LinkedHashMap<>();
    for (String name : OperatingPolicy.CHECKED) {
      int j = FEATURES.names().indexOf(name);
      if (j >= 0) {
        refs.put(name, ReferenceStats.reference(columns[j], bad, 10));
      }
    }
    String version = ModelVersion.of(bytes);
    return ScoringModel.load(
        bytes,
        TestModels.card(version, FEATURES.version(), FEATURES.names(), threshold, refs).toJson());
  }
}
