package io.creditstream.model;

import java.util.Arrays;

/**
 * The precomputed tables of the {@link Explainer#TABLE} explainer (exact path-dependent TreeSHAP in
 * the spirit of Yang's Fast TreeSHAP v2). Input: the parsed trees and two memory limits; output:
 * per tree, the leaf x reaches and each feature's double-precision attribution for x.
 *
 * <p>For a leaf with value v and d distinct features on its root-to-leaf path, let q_j be the
 * product of the cover fractions of feature j's splits on the path and p_j = 1 when x satisfies all
 * of them, else 0. The leaf gives feature i
 *
 * <pre>
 *   v (p_i - q_i) * sum over S subset of {j != i : p_j = 1} of |S|! (d-|S|-1)! / d! * prod_{j != i, j not in S} q_j
 * </pre>
 *
 * which depends on x only through the d bits p. So for every leaf and every one of its 2^d bit
 * patterns the d values are computed once, at load, in double, by summing those positive terms (no
 * cancellation): {@link LeafShapley}.
 *
 * <p>Blocks. One table row per leaf costs one cache miss per leaf at score time, and that, not
 * arithmetic, dominated: with per-leaf rows a 200-tree depth-6 model spent about 780 us per row
 * (12,800 rows of 26 MiB of tables), more than the quadrature walk. So leaves are grouped: each
 * subtree of height at most {@link #BLOCK_HEIGHT} under the "upper" part of the tree is a block,
 * and its table is indexed by the bits of the features on the path above it (d_a bits) and the
 * directions x takes at its own k internal nodes: 2^(d_a + k) rows of the block's distinct
 * features, each row the sum of its leaves' exact per-leaf values for the patterns those bits give.
 * A full depth-6 tree then reads 16 rows of 7 doubles instead of 64 rows of 6, and its tables
 * shrink from 192 KiB to 112 KiB. Height 0 would be one block per leaf, the plain per-leaf table;
 * height 3 would read 8 rows but take 640 KiB per depth-6 tree.
 *
 * <p>At score time each internal node's direction is evaluated once: the upper nodes push the
 * pattern bits down (a node clears its feature's bit on the side x does not take), each block packs
 * its nodes' directions, and adds one table row: O(nodes + blocks x width) per tree, no divisions,
 * no recursion. The pass is bound by instructions more than by memory (the product's 363 depth-4
 * trees take 1.2 MiB), so it reads as little as it can: each tree's nodes and blocks are one run of
 * an int[] read front to back (not 20 parallel arrays); x becomes int keys once per row, so a
 * split, default direction included, is one int comparison; and a feature found in one block of a
 * tree is rounded into the float32 sum straight from its row, only those in several blocks being
 * summed in double first (each row's entries are stored shared first). The arithmetic is that of
 * the first layout, bit for bit ({@code TableExplainerReplayTest}).
 *
 * <p>Memory: a tree whose tables would exceed {@link #DEFAULT_TREE_LIMIT} doubles keeps the
 * quadrature walk, and the whole model holds at most {@link #DEFAULT_MODEL_LIMIT} doubles, smallest
 * trees first (the most trees per byte); trees beyond the budget keep the walk too. Immutable after
 * construction.
 */
final class ShapTables {
  /** Height of the subtrees whose leaves share one table row per pattern; see the class doc. */
  static final int BLOCK_HEIGHT = 2;

  /**
   * 2^17 doubles (1 MiB) per tree: a full depth-7 tree (32 blocks x 2^(5+3) x 8 = 65,536 doubles)
   * fits, a full depth-8 tree (64 x 2^9 x 9 = 294,912) does not. Each level deeper multiplies a
   * full tree's table by more than 2 while its walk only doubles, and the load-time work grows as
   * fast, so deeper trees are better served by the quadrature walk.
   */
  static final long DEFAULT_TREE_LIMIT = 1L << 17;

  /**
   * 2^23 doubles (64 MiB) per model. The product's models (about 500 trees of depth 4: at most 2.5
   * MiB; about 200 trees of depth 5-6: at most 22 MiB) and even 500 full depth-6 trees (55 MiB) fit
   * whole, while a scorer holding the active model, the previous one and a replay's model stays
   * within a few hundred MiB of heap. A larger model gets tables for the trees that fit.
   */
  static final long DEFAULT_MODEL_LIMIT = 1L << 23;

  // Per tree: table size wanted (doubles), whether it has tables.
  private final long[] sizes;
  private final boolean[] tabled;
  // Per tree: where its instructions start in code (-1 when it walks). See explain for the layout.
  private final int[] treeCode;
  private final int[] code;
  // The leaf value x reaches in a block, for each of the 2^k directions of its nodes.
  private final float[] reachedValue;
  private final double[] table;
  private final int maxTargets;
  private final int maxShared;
  // The features some tabled tree splits on, ascending: the only keys explain reads.
  private final int[] splitFeatures;

  /**
   * Builds the tables at load, in named steps: which trees get tables ({@link TableBudget}), each
   * tabled tree cut into upper nodes and blocks ({@link TreeBlocks}), every block's rows filled
   * ({@link TableBlock#fill}), and the trees encoded for {@link #explain} ({@link TableCode}).
   */
  ShapTables(Tree[] trees, long treeLimit, long modelLimit) {
    TableBudget budget = new TableBudget(trees, treeLimit, modelLimit);
    sizes = budget.sizes;
    tabled = budget.tabled;
    TreeBlocks[] layouts = new TreeBlocks[trees.length];
    int widest = 1;
    for (int t = 0; t < trees.length; t++) {
      if (tabled[t]) {
        layouts[t] = new TreeBlocks(trees[t], budget.heights[t]);
        widest = Math.max(widest, layouts[t].targets());
      }
    }
    maxTargets = widest;
    int values = 0;
    long doubles = 0;
    for (TreeBlocks b : layouts) {
      for (TableBlock block : blocks(b)) {
        values += 1 << block.nodes.length;
        doubles += block.rows() * block.slots.length;
      }
    }
    reachedValue = new float[values];
    table = new double[Math.toIntExact(doubles)];
    int valueAt = 0;
    int tableAt = 0;
    for (TreeBlocks b : layouts) {
      for (TableBlock block : blocks(b)) {
        block.fill(b.tree, table, tableAt, reachedValue, valueAt);
        valueAt += 1 << block.nodes.length;
        tableAt += block.rows() * block.slots.length;
      }
    }
    TableCode encoded = new TableCode(trees, layouts, table);
    treeCode = encoded.treeCode;
    code = encoded.code;
    maxShared = encoded.maxShared;
    java.util.BitSet used = new java.util.BitSet();
    for (int t = 0; t < trees.length; t++) {
      if (tabled[t]) {
        Arrays.stream(trees[t].features).forEach(used::set);
      }
    }
    splitFeatures = used.stream().toArray();
  }

  /** The blocks of a tree's layout, none for a tree that walks. */
  static java.util.List<TableBlock> blocks(TreeBlocks layout) {
    return layout == null ? java.util.List.of() : layout.blocks;
  }

  /** The doubles tree {@code t}'s tables take (or would take, when it walks). */
  long tableDoubles(int t) {
    return sizes[t];
  }

  /** Whether tree {@code t} is explained from tables (else by the quadrature walk). */
  boolean tabled(int t) {
    return tabled[t];
  }

  /** How many trees have tables. */
  int tabledTrees() {
    int count = 0;
    for (boolean b : tabled) {
      count += b ? 1 : 0;
    }
    return count;
  }

  /** Upper nodes plus blocks of the largest tabled tree: the scratch {@link #explain} needs. */
  int maxNodes() {
    return maxTargets;
  }

  /**
   * The most features a tabled tree sums over several blocks: {@link #explain}'s double scratch.
   */
  int maxShared() {
    return maxShared;
  }

  /** Heap bytes of the tables and their index arrays (array headers ignored). */
  long bytes() {
    return 8L * table.length
        + 4L * (code.length + reachedValue.length + treeCode.length + splitFeatures.length)
        + 9L * tabled.length;
  }

  /**
   * An int ordered as the float32 values are ({@code a < b} exactly when {@code key(a) < key(b)},
   * -0 being +0), so that a split is one int comparison.
   */
  static int key(float v) {
    int bits = Float.floatToRawIntBits(v + 0.0f);
    return bits ^ ((bits >> 31) & Integer.MAX_VALUE);
  }

  /** Where a split reads its key: missing values go left from even entries, right from odd. */
  static int keyIndex(int feature, int defaultLeft) {
    return 2 * feature + 1 - defaultLeft;
  }

  /**
   * Fills {@code keys} (2 per feature) for {@link #explain}: {@link #key} of x rounded to float32,
   * as margin() compares it; a missing value is below every split in the even entry (it goes left)
   * and above every split in the odd one (it goes right). Only the features tabled trees split on
   * are filled: the others are never read.
   */
  void keys(double[] x, int[] keys) {
    for (int j : splitFeatures) {
      double v = x[j];
      int k = key((float) v);
      boolean missing = v != v;
      keys[2 * j] = missing ? Integer.MIN_VALUE : k;
      keys[2 * j + 1] = missing ? Integer.MAX_VALUE : k;
    }
  }

  /**
   * Adds tree {@code t}'s attribution for x, times {@code weight} and rounded to float32, into
   * {@code sum} (indexed by feature), and returns the value of the leaf x reaches. {@code keys}:
   * from {@link #keys}; {@code pattern}: scratch of at least {@link #maxNodes()} ints; {@code
   * local}: at least {@link #maxShared()} zeros, left zero.
   *
   * <p>The tree's code: its upper node count U, block count B and shared feature count S; U upper
   * nodes (key index, split key, left target, right target, bit mask); B blocks (ancestor mask, k,
   * table row 0, reached values, shared and single entries per row; k nodes (key index, split key);
   * the row entries' local indices, then features); the S shared features.
   *
   * <p>Same arithmetic as ever: a feature in several blocks sums their entries in double from 0, in
   * block order, and rounds that; one in a single block rounds its entry (0 + e is e, or +0 for e =
   * -0, which a float32 sum starting at +0 cannot tell apart).
   */
  float explain(int t, int[] keys, int[] pattern, double[] local, float[] sum, float weight) {
    int[] c = code;
    int at = treeCode[t];
    int uppers = c[at];
    int blocks = c[at + 1];
    int shared = c[at + 2];
    at += 3;
    // Bits above a block's d_a are ignored: start all ones, clear one bit per missed split.
    pattern[0] = -1;
    // Directions are data, not branches: a mispredicted branch per node would also cancel the
    // table loads already in flight.
    for (int i = 0; i < uppers; i++, at += 5) {
      int left = keys[c[at]] < c[at + 1] ? 1 : 0;
      int hot = pattern[i];
      int miss = c[at + 4];
      // left == 1: the left child keeps the bits, the right one loses the node's; else reversed.
      pattern[c[at + 2]] = hot & (miss | -left);
      pattern[c[at + 3]] = hot & (miss | (left - 1));
    }
    int reached = 0;
    for (int i = 0; i < blocks; i++) {
      int all = c[at];
      int k = c[at + 1];
      int tableAt = c[at + 2];
      int valueAt = c[at + 3];
      int sharedHere = c[at + 4];
      int width = sharedHere + c[at + 5];
      at += 6;
      int dirs = 0;
      if (k == 3) {
        // A full block (the usual case): its three nodes without a loop.
        dirs =
            (keys[c[at]] < c[at + 1] ? 1 : 0)
                | (keys[c[at + 2]] < c[at + 3] ? 2 : 0)
                | (keys[c[at + 4]] < c[at + 5] ? 4 : 0);
        at += 6;
      } else {
        for (int m = 0; m < k; m++, at += 2) {
          dirs |= (keys[c[at]] < c[at + 1] ? 1 : 0) << m;
        }
      }
      int ancestors = pattern[uppers + i] & all;
      // x satisfies every split above exactly one block: the leaf it reaches is that block's.
      reached |= ((ancestors ^ all) - 1) >> 31 & (valueAt + dirs);
      int row = tableAt + ((ancestors << k) | dirs) * width;
      int j = 0;
      for (; j < sharedHere; j++) {
        local[c[at + j]] += table[row + j];
      }
      for (; j < width; j++) {
        sum[c[at + j]] += (float) table[row + j] * weight;
      }
      at += width;
    }
    for (int i = 0; i < shared; i++) {
      sum[c[at + i]] += (float) local[i] * weight;
      local[i] = 0;
    }
    return reachedValue[reached];
  }
}
