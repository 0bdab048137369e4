package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.datagen.GeneratedTables;
import io.creditstream.datagen.HomeCreditGenerator;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.features.ReasonTexts;
import io.creditstream.features.Row;
import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.fixtures.Applications;
import io.creditstream.fixtures.HomeCredit;
import io.creditstream.model.ModelVersion;
import io.creditstream.records.ModelReleases;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.drift.FeatureObserver;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's probabilities equal XGBoost's own predictions for the same real applications: a
 * model trained here with XGBoost4J on {@link FeatureSet#vector} of real Home Credit rows, released
 * to the scorer, and every decision compared with {@code Booster.predict}.
 */
class ModelAgreementTest {

  private static final Logger log = LoggerFactory.getLogger(ModelAgreementTest.class);
  private static final FeatureSet FEATURES = FeatureSet.current();

  /** How long one decision takes (vector, model, SHAP, reasons, hash) on one core, for the log. */
  private static void logDecisionCost(List<LoanApplication> apps, ModelCatalog catalog) {
    DecisionMaker maker =
        new DecisionMaker(
            FEATURES,
            ReasonTexts.load(),
            new DecisionPolicy(4, 0, 0, Double.NaN),
            "bench",
            Clock.systemUTC());
    for (int warm = 0; warm < 2; warm++) {
      apps.forEach(a -> maker.decide(a, null, catalog.current()));
    }
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    int passes = 3;
    for (int p = 0; p < passes; p++) {
      apps.forEach(a -> maker.decide(a, null, catalog.current()));
    }
    double micros = (System.nanoTime() - start) / 1e3 / (passes * apps.size());
    // CPU time is what one decision costs; wall time also counts the other processes of a shared
    // machine.
    double cpuMicros =
        (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / (passes * apps.size());
    log.info(
        "One decision (40 trees of depth 4, {} features, SHAP, reasons and hash): {} us CPU, {} us"
            + " wall, on one thread",
        FEATURES.names().size(),
        String.format("%.1f", cpuMicros),
        String.format("%.1f", micros));
  }

  @Test
  void probabilitiesEqualXgboostPredictionsOnRealApplications() throws Exception {
    // given 1,500 real applications; when they are scored; then (in agreement) each equals XGBoost
    assertAgreement(HomeCredit.applicationTrain(1500), "real");
  }

  @Test
  void probabilitiesEqualXgboostPredictionsOnGeneratedApplications(@TempDir Path dir)
      throws Exception {
    // given 1,000 applications from the Home-Credit-shaped generator
    GeneratedTables tables = HomeCreditGenerator.generate(dir, 1000, 42L, 0.0);
    List<Row> rows = new ArrayList<>();
    try (TableReader reader =
        TableReader.open(
            tables.file(HomeCreditTable.APPLICATION_TRAIN), HomeCreditTable.APPLICATION_TRAIN)) {
      reader.forEach(rows::add, p -> {});
    }

    // when they are scored; then each equals XGBoost
    assertThat(rows).hasSize(1000);
    assertAgreement(rows, "generated");
  }

  /** Trains on the rows' vectors, pipes the rows through the topology, compares with XGBoost. */
  private void assertAgreement(List<Row> rows, String kind) throws Exception {
    int width = FEATURES.names().size();
    float[] data = new float[rows.size() * width];
    float[] labels = new float[rows.size()];
    // as the trainer trains: the protected features missing (the scorer reads them so too)
    boolean[] hidden =
        ProtectedAttributes.of(FEATURES, ProtectedAttributes.DEFAULT).mask(FEATURES.names());
    for (int i = 0; i < rows.size(); i++) {
      double[] x = FEATURES.vector(rows.get(i), null);
      for (int j = 0; j < width; j++) {
        data[i * width + j] = hidden[j] ? Float.NaN : (float) x[j];
      }
      labels[i] = ((Number) rows.get(i).get("TARGET")).floatValue();
    }
    DMatrix matrix = new DMatrix(data, rows.size(), width, Float.NaN);
    matrix.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("max_depth", 4);
    params.put("eta", 0.1);
    params.put("nthread", 1);
    params.put("seed", 11);
    Booster booster = XGBoost.train(matrix, params, 40, Map.of(), null, null);
    float[][] offline = booster.predict(matrix);
    byte[] bytes = booster.toByteArray("json");
    booster.dispose();
    matrix.dispose();
    String version = ModelVersion.of(bytes);
    String card =
        TestModels.card(version, FEATURES.version(), FEATURES.names(), 0.5, Map.of()).toJson();

    ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    ModelCatalog catalog = new ModelCatalog(FEATURES, metrics);
    catalog.apply(version, TestModels.release(version, bytes, card, FEATURES.version()));
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(version));
    ScorerSettings settings =
        ScorerSettings.of(
            Map.of(
                    ScorerSettings.APPLICATION_ID, "scorer-agreement-test",
                    ScorerSettings.BOOTSTRAP_SERVERS, "unused:9092",
                    ScorerSettings.REGISTRY_URL, "mock://scorer-agreement-" + UUID.randomUUID())
                .entrySet()
                .stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey,
                        Map.Entry::getValue,
                        (a, b) -> a,
                        () -> new HashMap<>(SealFixtures.config()))));
    Topics topics = Topics.create(settings.all());
    StreamsBuilder builder = new StreamsBuilder();
    DecisionTopology.buildTopology(
        builder,
        topics,
        catalog,
        settings,
        new DecisionTopology.Options(
            Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC),
            metrics,
            FeatureObserver.NONE,
            FEATURES,
            ReasonTexts.load(),
            1));
    Properties props = DecisionTopology.streamsConfig(settings, topics, metrics);

    // when every row that makes a complete application is piped through the topology
    Map<String, Integer> rowOf = new HashMap<>();
    List<Decision> decided = new ArrayList<>();
    int incomplete = 0;
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(props), props)) {
      TestInputTopic<String, LoanApplication> in =
          driver.createInputTopic(
              topics.loanApplications().name(),
              new StringSerializer(),
              topics.loanApplications().valueSerde().serializer());
      TestOutputTopic<String, Decision> out =
          driver.createOutputTopic(
              topics.loanDecisions().name(),
              new StringDeserializer(),
              topics.loanDecisions().valueSerde().deserializer());
      List<LoanApplication> piped = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        String id = "agree-" + i;
        LoanApplication app =
            Applications.fromRow(rows.get(i), id, Instant.parse("2026-11-25T09:00:00Z"));
        if (app == null) {
          incomplete++;
          continue;
        }
        rowOf.put(id, i);
        piped.add(app);
        in.pipeInput(String.valueOf(app.getSKIDCURR()), app);
      }
      logDecisionCost(piped, catalog);
      out.readValuesToList().forEach(decided::add);
    }

    // then each decision's probability is XGBoost's to 1e-6
    double maxDiff = 0;
    for (Decision d : decided) {
      int i = rowOf.get(d.getApplicationId());
      maxDiff = Math.max(maxDiff, Math.abs(d.getProbabilityOfDefault() - offline[i][0]));
    }
    log.info(
        "Scorer vs Booster.predict on {} {} applications ({} rows incomplete, {} invalid):"
            + " max |diff| = {}",
        decided.size(),
        kind,
        incomplete,
        metrics.deadLetters("VALIDATION"),
        maxDiff);
    assertThat(decided.size() + incomplete + (int) metrics.deadLetters("VALIDATION"))
        .isEqualTo(rows.size());
    assertThat(decided.size()).isGreaterThan(rows.size() * 8 / 10);
    assertThat(maxDiff).isLessThanOrEqualTo(1e-6);
  }
}
