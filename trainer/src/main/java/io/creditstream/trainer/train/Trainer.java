package io.creditstream.trainer.train;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.features.evaluation.Fairness;
import io.creditstream.features.evaluation.Metrics;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ReferenceStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the model from {@link TrainingData}: a seeded random search (the baseline first, then
 * random points) scored by stratified k-fold CV AUC with early stopping, within a budget of trials
 * and seconds; the decision threshold that minimises the business cost on the best trial's
 * out-of-fold predictions; the final model on all rows with the CV number of trees (so every tree
 * in the exported model is used); and the {@link ModelCard} with metrics, importance and reference
 * statistics.
 *
 * <p>Class imbalance (8% defaulters) is handled by the cost-based threshold, not by re-weighting:
 * {@code scale_pos_weight} stays 1 by default so that the predicted probabilities stay calibrated
 * (the card's Brier score and reliability table, the probability shown to auditors, and the
 * threshold itself mean what they say). It can be set with {@link Options#scalePosWeight()}.
 *
 * <p>Protected attributes ({@link Options#protectedAttributes()}, by default CODE_GENDER) and every
 * feature derived from them ({@link ProtectedAttributes}) are set to missing in the data before
 * anything is learnt, so no tree can split on them; the card lists both. Their values are read
 * first, to compute the fairness figures ({@link Fairness}) on the out-of-fold predictions.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  static final int REFERENCE_BINS = 10;
  static final int RELIABILITY_BINS = 10;

  /** Training settings; every one is recorded in the model card. */
  public record Options(
      int folds,
      long seed,
      int trials,
      long budgetSeconds,
      int maxRounds,
      int earlyStopping,
      int nthread,
      double costFalseNegative,
      double costFalsePositive,
      double scalePosWeight,
      List<String> protectedAttributes) {

    public Options {
      protectedAttributes = List.copyOf(protectedAttributes);
    }

    /**
     * The product's defaults, with its protected attributes ({@link ProtectedAttributes#DEFAULT}).
     */
    public static Options defaults() {
      return new Options(5, 42, 6, 0, 3000, 100, 1, 10, 1, 1, ProtectedAttributes.DEFAULT);
    }

    public Options withTrials(int n) {
      return new Options(
          folds,
          seed,
          n,
          budgetSeconds,
          maxRounds,
          earlyStopping,
          nthread,
          costFalseNegative,
          costFalsePositive,
          scalePosWeight,
          protectedAttributes);
    }
  }

  /** Everything training produced: model bytes and card, and what the report plots. */
  public record Result(
      byte[] modelBytes,
      ModelCard card,
      double[] outOfFold,
      int[] labels,
      List<Metrics.RocPoint> roc,
      List<ThresholdChooser.Choice> costCurve,
      ThresholdChooser.Choice chosen,
      List<Metrics.ReliabilityBin> reliability,
      List<Trial> trials,
      double trainSeconds,
      Fairness.Report fairness,
      Hyperparameters bestParams,
      int[] bestIterations) {}

  /** A model of one CV fold: trained without the fold's rows, which it predicted out of fold. */
  public record FoldModel(int fold, byte[] modelBytes, ModelCard card, int[] validationRows) {}

  /** One trial of the search. */
  public record Trial(
      Hyperparameters params, double meanAuc, double stdAuc, int rounds, double seconds) {}

  private final Options options;

  public Trainer(Options options) {
    this.options = options;
  }

  /**
   * Trains on {@code data}. Its protected columns are missing while the model learns and are given
   * back before this returns.
   */
  public Result train(TrainingData data) throws XGBoostError {
    ProtectedAttributes protectedSet =
        ProtectedAttributes.of(FeatureSet.current(), options.protectedAttributes());
    boolean[] mask = protectedSet.mask(data.featureNames());
    // Groups first, from the values as the applications state them.
    Fairness.Groups groups = Fairness.Groups.of(data.featureNames());
    String[] sexes = new String[data.rows()];
    String[] ages = new String[data.rows()];
    double[] row = new double[data.columns()];
    for (int i = 0; i < data.rows(); i++) {
      data.row(i, row);
      sexes[i] = groups.sex(row);
      ages[i] = groups.ageBand(row);
    }
    float[] hidden = data.setMissing(mask);
    try {
      return train(data, protectedSet, sexes, ages);
    } finally {
      data.restore(mask, hidden);
    }
  }

  private Result train(
      TrainingData data, ProtectedAttributes protectedSet, String[] sexes, String[] ages)
      throws XGBoostError {
    long start = System.nanoTime();
    LOG.info(
        "Training on {} rows x {} features ({} defaulters), {} folds, up to {} trials{}",
        data.rows(),
        data.columns(),
        data.positives(),
        options.folds(),
        options.trials(),
        options.budgetSeconds() > 0 ? " or " + options.budgetSeconds() + " s" : "");
    List<String> protectedFeatures = protectedSet.featuresIn(data.featureNames());
    LOG.info(
        "Protected attributes {}: features {} are missing for the model",
        protectedSet.columns(),
        protectedFeatures);
    CrossValidator cv = new CrossValidator(data, options.folds(), options.seed());
    SplittableRandom random = new SplittableRandom(options.seed());
    List<Trial> trials = new ArrayList<>();
    Hyperparameters bestParams = null;
    CrossValidator.Result best = null;
    for (int t = 0; t < options.trials(); t++) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (t > 0 && options.budgetSeconds() > 0 && elapsed >= options.budgetSeconds()) {
        LOG.info("Search budget of {} s used after {} trials", options.budgetSeconds(), t);
        break;
      }
      // Draw for every trial, the first included, so trial t is the same point whatever the budget.
      Hyperparameters drawn = Hyperparameters.random(random);
      Hyperparameters params = t == 0 ? Hyperparameters.baseline() : drawn;
      long trialStart = System.nanoTime();
      CrossValidator.Result result =
          cv.run(
              params.xgboost(options.nthread(), options.seed(), options.scalePosWeight()),
              options.maxRounds(),
              options.earlyStopping());
      Trial trial =
          new Trial(
              params,
              result.meanAuc(),
              Metrics.std(result.foldAuc()),
              result.rounds(),
              (System.nanoTime() - trialStart) / 1e9);
      trials.add(trial);
      LOG.info(
          "trial {}/{}: {} -> CV AUC {} +- {}, {} trees, {} s",
          t + 1,
          options.trials(),
          params,
          String.format("%.5f", trial.meanAuc()),
          String.format("%.5f", trial.stdAuc()),
          trial.rounds(),
          String.format("%.1f", trial.seconds()));
      if (best == null || result.meanAuc() > best.meanAuc()) {
        best = result;
        bestParams = params;
      }
    }
    cv.dispose();

    double[] oof = best.outOfFold();
    int[] labels = data.labels();
    ThresholdChooser chooser =
        new ThresholdChooser(options.costFalseNegative(), options.costFalsePositive());
    ThresholdChooser.Choice chosen = chooser.choose(oof, labels);

    int rounds = best.rounds();
    Map<String, Object> finalParams =
        bestParams.xgboost(options.nthread(), options.seed(), options.scalePosWeight());
    DMatrix all = CrossValidator.matrix(data);
    // Exactly the CV number of trees: predict() then uses every tree in the exported model.
    Booster booster = XGBoost.train(all, finalParams, rounds, new LinkedHashMap<>(), null, null);
    byte[] bytes = booster.toByteArray("ubj");
    String[] names = data.featureNames().toArray(String[]::new);
    Map<String, Double> gain = booster.getScore(names, "gain");
    booster.dispose();
    all.dispose();
    double trainSeconds = (System.nanoTime() - start) / 1e9;

    Map<String, Double> importance = new LinkedHashMap<>();
    gain.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> importance.put(e.getKey(), e.getValue()));

    List<Metrics.ReliabilityBin> reliability = Metrics.reliability(oof, labels, RELIABILITY_BINS);
    Fairness.Tally tally = new Fairness.Tally();
    for (int i = 0; i < labels.length; i++) {
      tally.add(sexes[i], ages[i], oof[i], oof[i] < chosen.threshold(), labels[i]);
    }
    Fairness.Report fairness = tally.report();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("cv_auc", best.meanAuc());
    metrics.put("cv_auc_std", Metrics.std(best.foldAuc()));
    metrics.put("oof_auc", Metrics.rocAuc(oof, labels));
    metrics.put("pr_auc", Metrics.averagePrecision(oof, labels));
    metrics.put("brier", Metrics.brier(oof, labels));
    metrics.put("cost_per_applicant", chosen.costPerApplicant());
    metrics.put("cost_accept_all", chooser.acceptAllCost(labels));
    metrics.put("cost_refuse_all", chooser.refuseAllCost(labels));
    metrics.put("tp", (double) chosen.truePositives());
    metrics.put("fp", (double) chosen.falsePositives());
    metrics.put("tn", (double) chosen.trueNegatives());
    metrics.put("fn", (double) chosen.falseNegatives());
    metrics.put("rows", (double) data.rows());
    metrics.put("defaults", (double) data.positives());
    metrics.put("folds", (double) options.folds());
    metrics.put("train_seconds", trainSeconds);
    for (int b = 0; b < reliability.size(); b++) {
      String key = String.format("reliability_%02d_", b + 1);
      metrics.put(key + "count", (double) reliability.get(b).count());
      metrics.put(key + "predicted", reliability.get(b).meanPredicted());
      metrics.put(key + "observed", reliability.get(b).observedRate());
    }
    // Out-of-fold, at the chosen threshold: how the model's decisions differ by sex and age band.
    metrics.putAll(fairness.metrics());

    Map<String, String> params = new LinkedHashMap<>();
    finalParams.forEach((k, v) -> params.put(k, String.valueOf(v)));
    params.put("num_boost_round", Integer.toString(rounds));
    params.put("cv_folds", Integer.toString(options.folds()));
    params.put("cv_best_iterations", java.util.Arrays.toString(best.bestIterations()));
    params.put("early_stopping_rounds", Integer.toString(options.earlyStopping()));
    params.put("search_trials", Integer.toString(trials.size()));
    params.put("search_budget_seconds", Long.toString(options.budgetSeconds()));
    params.put(
        "class_imbalance",
        "cost-based threshold on calibrated probabilities; scale_pos_weight="
            + options.scalePosWeight());
    params.put("decision_rule", "decline when probability >= threshold");

    boolean[] bad = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      bad[i] = labels[i] == 1;
    }
    Map<String, ModelCard.FeatureReference> references = new LinkedHashMap<>();
    for (int j = 0; j < data.columns(); j++) {
      if (protectedSet.covers(data.featureNames().get(j))) {
        continue; // not a model input: its drift says nothing about the model
      }
      references.put(
          data.featureNames().get(j),
          ReferenceStats.reference(data.column(j), bad, REFERENCE_BINS));
    }

    ModelCard card =
        new ModelCard(
            ModelVersion.of(bytes),
            Instant.now().toString(),
            FeatureSet.current().version(),
            data.featureNames(),
            chosen.threshold(),
            null,
            options.costFalseNegative(),
            options.costFalsePositive(),
            metrics,
            data.fingerprint(),
            params,
            rounds - 1,
            importance,
            references,
            protectedSet.columns(),
            protectedFeatures);
    return new Result(
        bytes,
        card,
        oof,
        labels,
        Metrics.rocCurve(oof, labels),
        chooser.curve(oof, labels),
        chosen,
        reliability,
        trials,
        trainSeconds,
        fairness,
        bestParams,
        best.bestIterations());
  }

  /**
   * The models behind {@code result}'s out-of-fold predictions, one per fold: the best trial's
   * parameters, trained on the other folds' rows for exactly that fold's best number of trees (the
   * trees its prediction used), with the protected features missing as in {@link #train}. Each card
   * is the result's card with the fold model's version, so that {@code evaluate} on a fold's rows
   * gives back the trainer's out-of-fold predictions and figures.
   */
  public List<FoldModel> foldModels(TrainingData data, Result result) throws XGBoostError {
    ProtectedAttributes protectedSet =
        ProtectedAttributes.of(FeatureSet.current(), options.protectedAttributes());
    boolean[] mask = protectedSet.mask(data.featureNames());
    float[] hidden = data.setMissing(mask);
    List<FoldModel> out = new ArrayList<>();
    try {
      int[] fold = StratifiedFolds.assign(data.labels(), options.folds(), options.seed());
      DMatrix all = CrossValidator.matrix(data);
      Map<String, Object> params =
          result.bestParams().xgboost(options.nthread(), options.seed(), options.scalePosWeight());
      for (int k = 0; k < options.folds(); k++) {
        DMatrix train = all.slice(StratifiedFolds.rows(fold, k, false));
        Booster booster =
            XGBoost.train(
                train, params, result.bestIterations()[k] + 1, new LinkedHashMap<>(), null, null);
        byte[] bytes = booster.toByteArray("ubj");
        booster.dispose();
        train.dispose();
        out.add(
            new FoldModel(
                k,
                bytes,
                result.card().withVersion(ModelVersion.of(bytes)),
                StratifiedFolds.rows(fold, k, true)));
      }
      all.dispose();
    } finally {
      data.restore(mask, hidden);
    }
    return out;
  }
}
