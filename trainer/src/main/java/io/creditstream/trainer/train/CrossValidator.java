package io.creditstream.trainer.train;

import io.creditstream.features.evaluation.Metrics;
import io.creditstream.features.table.Progress;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stratified k-fold cross-validation of one parameter set with early stopping on each validation
 * fold's AUC. Output: out-of-fold probabilities (each row predicted by the model that did not see
 * it, using exactly that fold's best number of trees), per-fold AUC and best iteration.
 */
final class CrossValidator {
  private static final Logger LOG = LoggerFactory.getLogger(CrossValidator.class);

  private final TrainingData data;
  private final int[] fold;
  private final int folds;
  private final DMatrix[] trainSets;
  private final DMatrix[] validSets;
  private final float[][] validRows;

  record Result(double[] outOfFold, double[] foldAuc, int[] bestIterations) {
    double meanAuc() {
      return Metrics.mean(foldAuc);
    }

    /** Rounds for the final model: the mean best iteration count over the folds. */
    int rounds() {
      double sum = 0;
      for (int b : bestIterations) {
        sum += b + 1;
      }
      return (int) Math.round(sum / bestIterations.length);
    }
  }

  CrossValidator(TrainingData data, int folds, long seed) throws XGBoostError {
    this.data = data;
    this.folds = folds;
    this.fold = StratifiedFolds.assign(data.labels(), folds, seed);
    DMatrix all = matrix(data);
    this.trainSets = new DMatrix[folds];
    this.validSets = new DMatrix[folds];
    this.validRows = new float[folds][];
    int width = data.columns();
    for (int k = 0; k < folds; k++) {
      trainSets[k] = all.slice(StratifiedFolds.rows(fold, k, false));
      int[] valid = StratifiedFolds.rows(fold, k, true);
      validSets[k] = all.slice(valid);
      float[] rows = new float[valid.length * width];
      for (int r = 0; r < valid.length; r++) {
        System.arraycopy(data.matrix(), valid[r] * width, rows, r * width, width);
      }
      validRows[k] = rows;
    }
    all.dispose();
  }

  static DMatrix matrix(TrainingData data) throws XGBoostError {
    DMatrix m = new DMatrix(data.matrix(), data.rows(), data.columns(), Float.NaN);
    float[] labels = new float[data.rows()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.labels()[i];
    }
    m.setLabel(labels);
    return m;
  }

  Result run(Map<String, Object> params, int maxRounds, int earlyStopping) throws XGBoostError {
    double[] oof = new double[data.rows()];
    double[] aucs = new double[folds];
    int[] best = new int[folds];
    for (int k = 0; k < folds; k++) {
      // Early stopping by hand rather than XGBoost.train's: same rule (stop after `earlyStopping`
      // rounds without a better validation AUC), but without its native print of every round.
      Booster booster = XGBoost.train(trainSets[k], params, 0, new LinkedHashMap<>(), null, null);
      DMatrix[] evalSets = {validSets[k]};
      String[] evalNames = {"valid"};
      float bestAuc = Float.NEGATIVE_INFINITY;
      int b = 0;
      int rounds = 0;
      // Early stopping decides the number of rounds, so no share done: rounds, rate and elapsed.
      Progress progress = Progress.start("fold " + (k + 1) + "/" + folds, "rounds", LOG);
      while (rounds < maxRounds) {
        booster.update(trainSets[k], rounds);
        float auc = parseMetric(booster.evalSet(evalSets, evalNames, rounds));
        if (auc > bestAuc) {
          bestAuc = auc;
          b = rounds;
        }
        rounds++;
        progress.update(rounds, Double.NaN);
        if (rounds - 1 - b >= earlyStopping) {
          break;
        }
      }
      progress.done(rounds, Double.NaN);
      best[k] = b;
      int[] valid = StratifiedFolds.rows(fold, k, true);
      float[][] p =
          booster.inplace_predict(
              validRows[k], valid.length, data.columns(), Float.NaN, new int[] {0, b + 1});
      double[] foldScores = new double[valid.length];
      int[] foldLabels = new int[valid.length];
      for (int r = 0; r < valid.length; r++) {
        oof[valid[r]] = p[r][0];
        foldScores[r] = p[r][0];
        foldLabels[r] = data.labels()[valid[r]];
      }
      aucs[k] = Metrics.rocAuc(foldScores, foldLabels);
      LOG.info(
          "fold {}/{}: best iteration {} of {}, AUC {} (XGBoost's {})",
          k + 1,
          folds,
          b,
          rounds,
          String.format("%.5f", aucs[k]),
          String.format("%.5f", bestAuc));
      booster.dispose();
    }
    return new Result(oof, aucs, best);
  }

  /** The value of "[i]\tvalid-auc:0.75" as XGBoost's evalSet writes it. */
  static float parseMetric(String evaluation) {
    int colon = evaluation.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalStateException("unexpected evaluation output: " + evaluation);
    }
    return Float.parseFloat(evaluation.substring(colon + 1).trim());
  }

  void dispose() {
    for (int k = 0; k < folds; k++) {
      trainSets[k].dispose();
      validSets[k].dispose();
    }
  }
}
