package io.creditstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recorded decisions carry {@code treeshap-table-v1} and auditors replay them bit for bit, so the
 * table explainer's output must never change, however its tables are laid out or its loop is
 * written. This pins every bit of it (probability, margin, each contribution) on a seeded random
 * model built here, independently of XGBoost's training: uneven trees of depth 0 to 8, features
 * repeated on paths, dropout weights, values exactly on splits, -0.0 and missing ones; with the
 * default limits, with a per-tree limit and with a model budget that send some trees to the walk.
 */
class TableExplainerReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FEATURES = 24;

  /**
   * SHA-256 of the raw bits of every score below, recorded with the first release of {@code
   * treeshap-table-v1} (commit b57d36e). Change it only with a new explainer id.
   */
  private static final String RECORDED =
      "18279652237ab5f5eaaec83da9157a36faad05b40717e555185bdabf0c292970";

  @Test
  void tableExplainerGivesTheRecordedBitsForEveryRow() throws Exception {
    // given a seeded random model and rows around its splits
    SplittableRandom random = new SplittableRandom(20261206);
    List<Float> splits = new ArrayList<>();
    byte[] bytes = randomModel(random, 90, splits);
    TreeEnsemble defaults = TreeEnsemble.fromXgboost(bytes);
    long[] sizes = new long[defaults.numTrees()];
    for (int t = 0; t < sizes.length; t++) {
      sizes[t] = defaults.tableDoubles(t);
    }
    long[] sorted = sizes.clone();
    java.util.Arrays.sort(sorted);
    // some trees over a per-tree limit of the median size; a model budget of the smallest third
    TreeEnsemble perTree =
        TreeEnsemble.fromXgboost(bytes, sorted[sorted.length / 2], ShapTables.DEFAULT_MODEL_LIMIT);
    long third = 0;
    for (int t = 0; t < sorted.length / 3; t++) {
      third += sorted[t];
    }
    TreeEnsemble perModel = TreeEnsemble.fromXgboost(bytes, ShapTables.DEFAULT_TREE_LIMIT, third);
    // the depth-8 trees are over the default per-tree limit, every other tree gets tables
    assertThat(defaults.treesWithTables()).isBetween(80, 89);
    assertThat(perTree.treesWithTables()).isLessThan(defaults.treesWithTables());
    assertThat(perModel.treesWithTables()).isEqualTo(sorted.length / 3);
    double[][] rows = rows(random, splits, 600);

    // when every row is scored by the table explainer with each set of limits
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    ByteBuffer bits = ByteBuffer.allocate(8);
    for (TreeEnsemble ensemble : List.of(defaults, perTree, perModel)) {
      for (double[] x : rows) {
        Score score = ensemble.score(x, Explainer.TABLE);
        for (double v : withScalars(score)) {
          digest.update(bits.clear().putLong(Double.doubleToRawLongBits(v)).array());
        }
      }
    }

    // then every bit is the recorded one
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(RECORDED);
  }

  private static double[] withScalars(Score score) {
    double[] c = score.contributions();
    double[] all = java.util.Arrays.copyOf(c, c.length + 2);
    all[c.length] = score.margin();
    all[c.length + 1] = score.probability();
    return all;
  }

  /**
   * Rows of uniform values, values exactly on a split, -0.0 and missing values, mixed per feature.
   */
  private static double[][] rows(SplittableRandom random, List<Float> splits, int n) {
    double[][] rows = new double[n][FEATURES];
    for (double[] x : rows) {
      for (int j = 0; j < FEATURES; j++) {
        double u = random.nextDouble();
        // -0.0 is below no split at +0.0 or -0.0: float32 comparison, not the bits
        x[j] =
            u < 0.15
                ? Double.NaN
                : u < 0.35
                    ? splits.get(random.nextInt(splits.size()))
                    : u < 0.4 ? -0.0 : random.nextDouble(-2, 2);
      }
    }
    return rows;
  }

  /** A binary:logistic model of {@code trees} random trees with dropout weights, base_score 0.3. */
  private static byte[] randomModel(SplittableRandom random, int trees, List<Float> splits)
      throws Exception {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode model = XgbFixtures.logisticModel(root, FEATURES, "3E-1");
    ArrayNode list = model.putArray("trees");
    ArrayNode info = model.putArray("tree_info");
    ArrayNode weights = model.putArray("weight_drop");
    for (int t = 0; t < trees; t++) {
      // depths 0..7 throughout, and a few full depth-8 trees of distinct path features: over
      // the per-tree limit
      boolean large = t % 30 == 29;
      list.add(randomTree(random, large ? 8 : random.nextInt(8), large ? 0.0 : 0.25, splits));
      info.add(0);
      weights.add(t % 5 == 0 ? 0.5f + (float) random.nextDouble() : 1f);
    }
    return JSON.writeValueAsBytes(root);
  }

  private static ObjectNode randomTree(
      SplittableRandom random, int depth, double leafChance, List<Float> splits) {
    List<int[]> nodes = new ArrayList<>(); // {left, right, feature, defaultLeft}
    List<Float> values = new ArrayList<>();
    List<Float> covers = new ArrayList<>();
    grow(random, nodes, values, covers, depth, leafChance, new int[16], 0, splits);
    int n = nodes.size();
    int[][] columns = new int[4][n];
    float[] split = new float[n];
    float[] cover = new float[n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 4; c++) {
        columns[c][i] = nodes.get(i)[c];
      }
      split[i] = values.get(i);
      cover[i] = covers.get(i);
    }
    return XgbFixtures.treeJson(columns[0], columns[1], columns[2], split, columns[3], cover);
  }

  /** Grows a subtree in XGBoost's layout (children after parents); returns its node index. */
  private static int grow(
      SplittableRandom random,
      List<int[]> nodes,
      List<Float> values,
      List<Float> covers,
      int depth,
      double leafChance,
      int[] path,
      int onPath,
      List<Float> splits) {
    int index = nodes.size();
    nodes.add(new int[] {-1, -1, 0, 0});
    values.add(0f);
    covers.add(0f);
    if (depth == 0 || (onPath > 0 && random.nextDouble() < leafChance)) {
      values.set(index, (float) random.nextDouble(-0.5, 0.5));
      covers.set(index, (float) (0.5 + random.nextInt(200) / 4.0));
      return index;
    }
    // a third of the splits reuse a feature already on the path (none in full trees)
    int feature = random.nextInt(FEATURES);
    if (leafChance > 0 && onPath > 0 && random.nextInt(3) == 0) {
      feature = path[random.nextInt(onPath)];
    } else if (leafChance == 0) {
      while (contains(path, onPath, feature)) {
        feature = random.nextInt(FEATURES);
      }
    }
    float split = (float) (random.nextInt(33) / 8.0 - 2.0);
    if (split == 0 && random.nextBoolean()) {
      split = -0.0f;
    }
    splits.add(split);
    path[onPath] = feature;
    int left = grow(random, nodes, values, covers, depth - 1, leafChance, path, onPath + 1, splits);
    int right =
        grow(random, nodes, values, covers, depth - 1, leafChance, path, onPath + 1, splits);
    nodes.set(index, new int[] {left, right, feature, random.nextInt(2)});
    values.set(index, split);
    covers.set(index, covers.get(left) + covers.get(right));
    return index;
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }
}
