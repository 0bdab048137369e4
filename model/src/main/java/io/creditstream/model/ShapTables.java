package io.creditstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 *   v (p_i - q_i) * sum over S subset of {p_j = 1, j != i} of |S|! (d-|S|-1)! / d! * prod_{j != i, j not in S} q_j
 * </pre>
 *
 * which depends on x only through the d bits p. So for every leaf and every one of its 2^d bit
 * patterns the d values are computed once, at load, in double, by summing those positive terms (no
 * cancellation). At score time each internal node's direction is evaluated once, the patterns are
 * pushed down the tree (a node clears its feature's bit on the side x does not take), and each leaf
 * adds its d table entries: O(leaves x depth) additions per tree, no divisions.
 *
 * <p>A leaf costs 2^d x d doubles, so tables are only for shallow trees. A tree whose tables would
 * exceed {@link #DEFAULT_TREE_LIMIT} doubles keeps the quadrature walk, and the whole model holds
 * at most {@link #DEFAULT_MODEL_LIMIT} doubles, smallest trees first (they save the most time per
 * byte); trees beyond the budget keep the walk too. Immutable after construction.
 */
final class ShapTables {
  /**
   * 2^17 doubles (1 MiB) per tree: a full depth-7 tree (128 leaves x 2^7 x 7 = 114,688 doubles)
   * fits, a full depth-8 tree (524,288) does not. Each level deeper multiplies a full tree's table
   * by about 2.3 while its walk only doubles, and building a depth-d leaf costs about d 3^(d-1)
   * operations, so deeper trees are better served by the quadrature walk.
   */
  static final long DEFAULT_TREE_LIMIT = 1L << 17;

  /**
   * 2^23 doubles (64 MiB) per model. The product's models (about 500 trees of depth 4: at most 4
   * MiB; about 200 trees of depth 5-6: at most 38 MiB) fit whole, and a scorer holding the active
   * model, the previous one and a replay's model stays within a few hundred MiB of heap. A larger
   * model (e.g. 500 full depth-6 trees, 96 MiB of tables) gets tables for the trees that fit.
   */
  static final long DEFAULT_MODEL_LIMIT = 1L << 23;

  private static final int[] NO_INTS = new int[0];

  // Per tree: whether it has tables, and where its nodes and leaves start.
  private final boolean[] tabled;
  private final int[] nodeStart;
  private final int[] internalCount;
  private final int[] leafStart;
  private final int[] leafCount;
  private final int maxNodes;
  // Internal nodes of the tabled trees, each tree's in breadth-first order; children are local
  // indices (internal nodes 0..I-1, then the leaves I..I+L-1). missMask clears the bit of the
  // node's feature (its slot on the path) on the side x does not take.
  private final int[] feature;
  private final float[] split;
  private final boolean[] defaultLeft;
  private final int[] left;
  private final int[] right;
  private final int[] missMask;
  // Leaves: path length d, value, where its slot features (tree-local indices) and table start.
  private final int[] leafDepth;
  private final float[] leafValue;
  private final int[] slotStart;
  private final int[] slotFeature;
  private final int[] tableStart;
  private final double[] table;

  ShapTables(TreeEnsemble.Tree[] trees, long treeLimit, long modelLimit) {
    int n = trees.length;
    long[] size = new long[n];
    Integer[] order = new Integer[n];
    for (int t = 0; t < n; t++) {
      size[t] = tableSize(trees[t], 0, 0, new int[64], 0);
      order[t] = t;
    }
    // Smallest first: the most trees per byte of budget; ties keep tree order (stable sort).
    Arrays.sort(order, (a, b) -> Long.compare(size[a], size[b]));
    tabled = new boolean[n];
    // One double[] holds every table: int offsets, so at most 2^31 - 16 doubles whatever the limit.
    long budget = Math.min(modelLimit, Integer.MAX_VALUE - 16L);
    int nodes = 0;
    int leaves = 0;
    int slots = 0;
    long doubles = 0;
    for (int t : order) {
      if (size[t] <= treeLimit && size[t] <= budget) {
        tabled[t] = true;
        budget -= size[t];
        doubles += size[t];
        for (int i = 0; i < trees[t].left.length; i++) {
          if (trees[t].left[i] < 0) {
            leaves++;
          } else {
            nodes++;
          }
        }
      }
    }
    nodeStart = new int[n];
    internalCount = new int[n];
    leafStart = new int[n];
    leafCount = new int[n];
    feature = new int[nodes];
    split = new float[nodes];
    defaultLeft = new boolean[nodes];
    left = new int[nodes];
    right = new int[nodes];
    missMask = new int[nodes];
    leafDepth = new int[leaves];
    leafValue = new float[leaves];
    slotStart = new int[leaves];
    tableStart = new int[leaves];
    table = new double[Math.toIntExact(doubles)];
    List<int[]> slotLists = new ArrayList<>();
    int nodeAt = 0;
    int leafAt = 0;
    int slotAt = 0;
    int tableAt = 0;
    int widest = 1;
    for (int t = 0; t < n; t++) {
      nodeStart[t] = nodeAt;
      leafStart[t] = leafAt;
      if (!tabled[t]) {
        continue;
      }
      Builder b = new Builder(trees[t], this, nodeAt, leafAt, slotAt, tableAt);
      b.build();
      internalCount[t] = b.internal.size();
      leafCount[t] = b.leaves.size();
      widest = Math.max(widest, b.internal.size() + b.leaves.size());
      nodeAt += b.internal.size();
      leafAt += b.leaves.size();
      slotAt += b.slots.length;
      tableAt += b.tableUsed;
      slotLists.add(b.slots);
    }
    maxNodes = widest;
    slotFeature = new int[slotAt];
    int at = 0;
    for (int[] s : slotLists) {
      System.arraycopy(s, 0, slotFeature, at, s.length);
      at += s.length;
    }
    if (tableAt != table.length || nodeAt != nodes || leafAt != leaves) {
      throw new IllegalStateException("table layout mismatch");
    }
  }

  /** Doubles of table for the subtree at {@code node}; {@code path} holds the distinct features. */
  private static long tableSize(TreeEnsemble.Tree tree, int node, int depth, int[] path, int d) {
    if (tree.left[node] < 0) {
      // 2^d x d; a path of more than 40 distinct features is beyond any limit (and no overflow).
      return d > 40 ? Long.MAX_VALUE / 4 : (1L << d) * d;
    }
    int f = tree.feature[node];
    int dd = d;
    if (indexOf(path, d, f) < 0) {
      if (d == path.length) {
        return Long.MAX_VALUE / 4;
      }
      path[d] = f;
      dd = d + 1;
    }
    long a = tableSize(tree, tree.left[node], depth + 1, path, dd);
    long b = tableSize(tree, tree.right[node], depth + 1, path, dd);
    return Math.min(Long.MAX_VALUE / 4, a + b);
  }

  private static int indexOf(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** Lays out one tree and fills its tables. */
  private static final class Builder {
    final TreeEnsemble.Tree tree;
    final ShapTables into;
    final int nodeBase;
    final int leafBase;
    final int slotBase;
    final int tableBase;
    final List<Integer> slotList = new ArrayList<>();
    final List<Integer> internal = new ArrayList<>();
    final List<Integer> leaves = new ArrayList<>();
    final int[] local;
    int[] slots = NO_INTS;
    int tableUsed;

    Builder(
        TreeEnsemble.Tree tree,
        ShapTables into,
        int nodeBase,
        int leafBase,
        int slotBase,
        int tableBase) {
      this.tree = tree;
      this.into = into;
      this.nodeBase = nodeBase;
      this.leafBase = leafBase;
      this.tableBase = tableBase;
      this.slotBase = slotBase;
      this.local = new int[tree.left.length];
    }

    void build() {
      // Breadth-first: a parent's pattern is known before its children's are written.
      List<Integer> queue = new ArrayList<>();
      queue.add(0);
      for (int i = 0; i < queue.size(); i++) {
        int node = queue.get(i);
        if (tree.left[node] < 0) {
          leaves.add(node);
        } else {
          internal.add(node);
          queue.add(tree.left[node]);
          queue.add(tree.right[node]);
        }
      }
      for (int i = 0; i < internal.size(); i++) {
        local[internal.get(i)] = i;
      }
      for (int i = 0; i < leaves.size(); i++) {
        local[leaves.get(i)] = internal.size() + i;
      }
      for (int i = 0; i < internal.size(); i++) {
        int node = internal.get(i);
        int at = nodeBase + i;
        into.feature[at] = tree.feature[node];
        into.split[at] = tree.split[node];
        into.defaultLeft[at] = tree.defaultLeft[node];
        into.left[at] = local[tree.left[node]];
        into.right[at] = local[tree.right[node]];
      }
      walk(0, new int[Math.max(1, internal.size())], new double[Math.max(1, internal.size())], 0);
      slots = slotList.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Depth-first: assigns each node its feature's slot and fills each leaf's table. */
    private void walk(int node, int[] pathFeatures, double[] pathQ, int d) {
      if (tree.left[node] < 0) {
        int leaf = leafBase + local[node] - internal.size();
        into.leafDepth[leaf] = d;
        into.leafValue[leaf] = tree.split[node];
        into.slotStart[leaf] = slotBase + slotList.size();
        into.tableStart[leaf] = tableBase + tableUsed;
        for (int j = 0; j < d; j++) {
          slotList.add(Arrays.binarySearch(tree.features, pathFeatures[j]));
        }
        fill(into.table, tableBase + tableUsed, tree.split[node], Arrays.copyOf(pathQ, d));
        tableUsed += (1 << d) * d;
        return;
      }
      int f = tree.feature[node];
      int slot = indexOf(pathFeatures, d, f);
      int dd = d;
      if (slot < 0) {
        slot = d;
        pathFeatures[d] = f;
        pathQ[d] = 1.0;
        dd = d + 1;
      }
      into.missMask[nodeBase + local[node]] = ~(1 << slot);
      double q = pathQ[slot];
      for (int child : new int[] {tree.left[node], tree.right[node]}) {
        // The same product, in the same order, as the quadrature walk's q.
        pathQ[slot] = q * (tree.cover[child] / tree.cover[node]);
        walk(child, pathFeatures, pathQ, dd);
      }
      pathQ[slot] = q;
    }
  }

  /**
   * Fills one leaf's 2^d x d entries at {@code at}: entry [pattern * d + i] is the leaf's
   * attribution to its i-th path feature when x's bits are {@code pattern} (bit j = p_j).
   */
  static void fill(double[] table, int at, double v, double[] q) {
    int d = q.length;
    if (d == 0) {
      return;
    }
    int full = (1 << d) - 1;
    // prodQ[mask] = product of q_j over the bits of mask.
    double[] prodQ = new double[1 << d];
    prodQ[0] = 1.0;
    for (int mask = 1; mask <= full; mask++) {
      prodQ[mask] = prodQ[mask & (mask - 1)] * q[Integer.numberOfTrailingZeros(mask)];
    }
    // Shapley weight of a coalition of k of the other d-1 features: k! (d-k-1)! / d!.
    double[] weight = new double[d];
    double binomial = 1; // C(d-1, k)
    for (int k = 0; k < d; k++) {
      weight[k] = 1.0 / (d * binomial);
      binomial = binomial * (d - 1 - k) / (k + 1);
    }
    for (int i = 0; i < d; i++) {
      int bit = 1 << i;
      int others = full & ~bit;
      // Every pattern of the other features: the sum does not depend on p_i itself.
      for (int ones = others; ; ones = (ones - 1) & others) {
        double sum = 0;
        for (int s = ones; ; s = (s - 1) & ones) {
          sum += weight[Integer.bitCount(s)] * prodQ[others & ~s];
          if (s == 0) {
            break;
          }
        }
        table[at + (ones | bit) * d + i] = v * (1.0 - q[i]) * sum;
        table[at + ones * d + i] = v * -q[i] * sum;
        if (ones == 0) {
          break;
        }
      }
    }
  }

  /** Whether tree {@code t} is explained from tables (else by the quadrature walk). */
  boolean tabled(int t) {
    return tabled[t];
  }

  /** Nodes of the largest tabled tree: the size of the pattern scratch {@link #explain} needs. */
  int maxNodes() {
    return maxNodes;
  }

  /** How many trees have tables. */
  int tabledTrees() {
    int count = 0;
    for (boolean b : tabled) {
      count += b ? 1 : 0;
    }
    return count;
  }

  /** Heap bytes of the tables and their index arrays (array headers ignored). */
  long bytes() {
    return 8L * table.length
        + 4L * (feature.length + left.length + right.length + missMask.length + split.length)
        + defaultLeft.length
        + 4L * (leafDepth.length + leafValue.length + slotStart.length + tableStart.length)
        + 4L * slotFeature.length
        + 17L * tabled.length;
  }

  /**
   * Adds tree {@code t}'s attribution for {@code x} into {@code phi} (indexed like the tree's
   * distinct features) and returns the value of the leaf x reaches. {@code pattern}: scratch of at
   * least {@link #maxNodes()} ints.
   */
  float explain(int t, double[] x, int[] pattern, double[] phi) {
    int n0 = nodeStart[t];
    int internal = internalCount[t];
    // Bits above a leaf's d are ignored: start all ones, clear one bit per missed split.
    pattern[0] = -1;
    for (int i = 0; i < internal; i++) {
      int n = n0 + i;
      double v = x[feature[n]];
      // The margin's rule: missing goes the default way, else float32 value below split is left.
      boolean goesLeft = Double.isNaN(v) ? defaultLeft[n] : (float) v < split[n];
      int hot = pattern[i];
      int cold = hot & missMask[n];
      pattern[left[n]] = goesLeft ? hot : cold;
      pattern[right[n]] = goesLeft ? cold : hot;
    }
    float reached = Float.NaN;
    int l0 = leafStart[t];
    int leaves = leafCount[t];
    for (int k = 0; k < leaves; k++) {
      int leaf = l0 + k;
      int d = leafDepth[leaf];
      int full = (1 << d) - 1;
      int bits = pattern[internal + k] & full;
      if (bits == full) {
        // x satisfies every split on the path: the leaf the margin reaches.
        reached = leafValue[leaf];
      }
      int base = tableStart[leaf] + bits * d;
      int s = slotStart[leaf];
      for (int j = 0; j < d; j++) {
        phi[slotFeature[s + j]] += table[base + j];
      }
    }
    return reached;
  }
}
