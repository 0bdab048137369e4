package io.creditstream.trainer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded stratified k-fold assignment: each class is shuffled apart and dealt round-robin, so every
 * fold holds the same share of defaulters (to within one row).
 */
public final class StratifiedFolds {
  private StratifiedFolds() {}

  /** fold[i] = the fold (0..k-1) row i is validated in. */
  public static int[] assign(int[] labels, int k, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("at least 2 folds are needed, got " + k);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] fold = new int[labels.length];
    int next = 0;
    for (int cls = 0; cls <= 1; cls++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == cls) {
          rows.add(i);
        }
      }
      if (rows.size() < k) {
        throw new IllegalArgumentException(
            "class " + cls + " has " + rows.size() + " rows, fewer than the " + k + " folds");
      }
      // Fisher-Yates with our own seeded generator: Collections.shuffle's is not specified.
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Integer t = rows.get(i);
        rows.set(i, rows.get(j));
        rows.set(j, t);
      }
      for (int row : rows) {
        fold[row] = next;
        next = (next + 1) % k;
      }
    }
    return fold;
  }

  /** Row indices of one fold (validation) or of all the others (training). */
  public static int[] rows(int[] fold, int k, boolean inFold) {
    return Arrays.stream(java.util.stream.IntStream.range(0, fold.length).toArray())
        .filter(i -> (fold[i] == k) == inFold)
        .toArray();
  }
}
