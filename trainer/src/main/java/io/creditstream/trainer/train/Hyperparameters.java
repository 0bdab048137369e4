package io.creditstream.trainer.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The tuned XGBoost parameters of one trial. */
public record Hyperparameters(
    int maxDepth,
    double eta,
    double minChildWeight,
    double subsample,
    double colsampleBytree,
    double lambda) {

  /**
   * The first trial of every search: shallow trees, a small learning rate and strong column
   * sampling, a setting known to do well on this tabular data, so a tiny budget still trains well.
   */
  public static Hyperparameters baseline() {
    return new Hyperparameters(4, 0.03, 20, 0.8, 0.5, 5);
  }

  /** A random point of the search space (log-uniform for scale parameters). */
  public static Hyperparameters random(SplittableRandom random) {
    return new Hyperparameters(
        3 + random.nextInt(4),
        logUniform(random, 0.015, 0.08),
        logUniform(random, 1, 80),
        0.6 + 0.4 * random.nextDouble(),
        0.25 + 0.6 * random.nextDouble(),
        logUniform(random, 0.5, 30));
  }

  private static double logUniform(SplittableRandom random, double low, double high) {
    return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
  }

  /** The XGBoost parameter map: these values plus the fixed settings. */
  public Map<String, Object> xgboost(int nthread, long seed, double scalePosWeight) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "binary:logistic");
    p.put("eval_metric", "auc");
    p.put("tree_method", "hist");
    p.put("max_bin", 256);
    p.put("max_depth", maxDepth);
    p.put("eta", eta);
    p.put("min_child_weight", minChildWeight);
    p.put("subsample", subsample);
    p.put("colsample_bytree", colsampleBytree);
    p.put("lambda", lambda);
    p.put("scale_pos_weight", scalePosWeight);
    // Determinism: a fixed thread count and seed give the same trees, hence the same bytes.
    p.put("nthread", nthread);
    p.put("seed", seed);
    p.put("verbosity", 0);
    return p;
  }

  @Override
  public String toString() {
    return String.format(
        "max_depth=%d eta=%.4f min_child_weight=%.2f subsample=%.3f colsample_bytree=%.3f"
            + " lambda=%.3f",
        maxDepth, eta, minChildWeight, subsample, colsampleBytree, lambda);
  }
}
