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
 *   v (p_i - q_i) * sum over S subset of {j != i : p_j = 1} of |S|! (d-|S|-1)! / d! * prod_{j != i, j not in S} q_j
 * </pre>
 *
 * which depends on x only through the d bits p. So for every leaf and every one of its 2^d bit
 * patterns the d values are computed once, at load, in double, by summing those positive terms (no
 * cancellation): {@link #fill}.
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
 * no recursion.
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

  private static final long HUGE = Long.MAX_VALUE / 4;

  // Per tree: table size wanted (doubles), whether it has tables, where its parts start.
  private final long[] sizes;
  private final boolean[] tabled;
  private final int[] upperStart;
  private final int[] upperCount;
  private final int[] blockStart;
  private final int[] blockCount;
  private final int maxTargets;
  // Upper nodes (internal nodes above the blocks), each tree's in breadth-first order. Children
  // are local targets: upper nodes 0..U-1, then the tree's blocks U..U+B-1. upperMiss clears the
  // bit of the node's feature (its slot on the path) on the side x does not take.
  private final int[] upperFeature;
  private final float[] upperSplit;
  private final int[] upperDefaultLeft;
  private final int[] upperLeft;
  private final int[] upperRight;
  private final int[] upperMiss;
  // Blocks: d_a ancestor bits, k internal nodes (their split data from nodeStart), width slots
  // (tree-local feature indices from slotStart), rows from tableStart, and the leaf value x
  // reaches for each of the 2^k directions from valueStart.
  private final int[] blockAncestors;
  private final int[] blockNodes;
  private final int[] blockNodeStart;
  private final int[] blockWidth;
  private final int[] blockSlotStart;
  private final int[] blockTableStart;
  private final int[] blockValueStart;
  private final int[] nodeFeature;
  private final float[] nodeSplit;
  private final int[] nodeDefaultLeft;
  private final int[] slotFeature;
  private final float[] reachedValue;
  private final double[] table;

  ShapTables(TreeEnsemble.Tree[] trees, long treeLimit, long modelLimit) {
    int n = trees.length;
    long[] size = new long[n];
    int[][] heights = new int[n][];
    Integer[] order = new Integer[n];
    for (int t = 0; t < n; t++) {
      heights[t] = new int[trees[t].left.length];
      height(trees[t], 0, heights[t]);
      size[t] = tableSize(trees[t], heights[t], 0, new int[64], 0);
      order[t] = t;
    }
    sizes = size;
    // Smallest first: the most trees per byte of budget; ties keep tree order (stable sort).
    Arrays.sort(order, (a, b) -> Long.compare(size[a], size[b]));
    tabled = new boolean[n];
    // One double[] holds every table: int offsets, so at most 2^31 - 16 doubles whatever the limit.
    long budget = Math.min(modelLimit, Integer.MAX_VALUE - 16L);
    for (int t : order) {
      if (size[t] <= treeLimit && size[t] <= budget) {
        tabled[t] = true;
        budget -= size[t];
      }
    }
    upperStart = new int[n];
    upperCount = new int[n];
    blockStart = new int[n];
    blockCount = new int[n];
    List<Builder> built = new ArrayList<>();
    int uppers = 0;
    int blocks = 0;
    int widest = 1;
    for (int t = 0; t < n; t++) {
      upperStart[t] = uppers;
      blockStart[t] = blocks;
      if (tabled[t]) {
        Builder b = new Builder(trees[t], heights[t]);
        built.add(b);
        upperCount[t] = b.upper.size();
        blockCount[t] = b.blocks.size();
        uppers += b.upper.size();
        blocks += b.blocks.size();
        widest = Math.max(widest, b.upper.size() + b.blocks.size());
      }
    }
    maxTargets = widest;
    upperFeature = new int[uppers];
    upperSplit = new float[uppers];
    upperDefaultLeft = new int[uppers];
    upperLeft = new int[uppers];
    upperRight = new int[uppers];
    upperMiss = new int[uppers];
    blockAncestors = new int[blocks];
    blockNodes = new int[blocks];
    blockNodeStart = new int[blocks];
    blockWidth = new int[blocks];
    blockSlotStart = new int[blocks];
    blockTableStart = new int[blocks];
    blockValueStart = new int[blocks];
    int nodes = 0;
    int slots = 0;
    int values = 0;
    long doubles = 0;
    for (Builder b : built) {
      for (Block block : b.blocks) {
        nodes += block.nodes.length;
        slots += block.slots.length;
        values += 1 << block.nodes.length;
        doubles += block.rows() * block.slots.length;
      }
    }
    nodeFeature = new int[nodes];
    nodeSplit = new float[nodes];
    nodeDefaultLeft = new int[nodes];
    slotFeature = new int[slots];
    reachedValue = new float[values];
    table = new double[Math.toIntExact(doubles)];
    int u = 0;
    int k = 0;
    int nodeAt = 0;
    int slotAt = 0;
    int valueAt = 0;
    int tableAt = 0;
    for (Builder b : built) {
      for (int i = 0; i < b.upper.size(); i++, u++) {
        int node = b.upper.get(i);
        upperFeature[u] = b.tree.feature[node];
        upperSplit[u] = b.tree.split[node];
        upperDefaultLeft[u] = b.tree.defaultLeft[node] ? 1 : 0;
        upperLeft[u] = b.target[b.tree.left[node]];
        upperRight[u] = b.target[b.tree.right[node]];
        upperMiss[u] = b.miss[i];
      }
      for (Block block : b.blocks) {
        blockAncestors[k] = block.ancestors;
        blockNodes[k] = block.nodes.length;
        blockNodeStart[k] = nodeAt;
        blockWidth[k] = block.slots.length;
        blockSlotStart[k] = slotAt;
        blockTableStart[k] = tableAt;
        blockValueStart[k] = valueAt;
        for (int node : block.nodes) {
          nodeFeature[nodeAt] = b.tree.feature[node];
          nodeSplit[nodeAt] = b.tree.split[node];
          nodeDefaultLeft[nodeAt] = b.tree.defaultLeft[node] ? 1 : 0;
          nodeAt++;
        }
        for (int f : block.slots) {
          slotFeature[slotAt++] = Arrays.binarySearch(b.tree.features, f);
        }
        block.fill(b.tree, table, tableAt, reachedValue, valueAt);
        valueAt += 1 << block.nodes.length;
        tableAt += block.rows() * block.slots.length;
        k++;
      }
    }
  }

  /** Height of each subtree (a leaf: 0). */
  private static int height(TreeEnsemble.Tree tree, int node, int[] heights) {
    if (tree.left[node] < 0) {
      return heights[node] = 0;
    }
    int h =
        1
            + Math.max(
                height(tree, tree.left[node], heights), height(tree, tree.right[node], heights));
    return heights[node] = h;
  }

  /** Doubles of table under {@code node}; {@code path} holds the d distinct features above it. */
  private static long tableSize(
      TreeEnsemble.Tree tree, int[] heights, int node, int[] path, int d) {
    if (heights[node] <= BLOCK_HEIGHT) {
      List<Integer> nodes = new ArrayList<>();
      List<Integer> features = new ArrayList<>();
      inBlock(tree, node, nodes);
      for (int m : nodes) {
        int f = tree.feature[m];
        if (indexOf(path, d, f) < 0 && !features.contains(f)) {
          features.add(f);
        }
      }
      int bits = d + nodes.size();
      // Beyond 2^24 rows no limit could be met (and int patterns would not do): too large.
      return bits > 24 ? HUGE : (1L << bits) * (d + features.size());
    }
    int f = tree.feature[node];
    int dd = d;
    if (indexOf(path, d, f) < 0) {
      if (d == path.length) {
        return HUGE;
      }
      path[d] = f;
      dd = d + 1;
    }
    long a = tableSize(tree, heights, tree.left[node], path, dd);
    long b = tableSize(tree, heights, tree.right[node], path, dd);
    return Math.min(HUGE, a + b);
  }

  /** The internal nodes of the subtree at {@code node}, breadth-first. */
  private static void inBlock(TreeEnsemble.Tree tree, int node, List<Integer> out) {
    List<Integer> queue = new ArrayList<>();
    queue.add(node);
    for (int i = 0; i < queue.size(); i++) {
      int m = queue.get(i);
      if (tree.left[m] >= 0) {
        out.add(m);
        queue.add(tree.left[m]);
        queue.add(tree.right[m]);
      }
    }
  }

  private static int indexOf(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** Lays out one tree: its upper nodes (breadth-first), their slots, and its blocks. */
  private static final class Builder {
    final TreeEnsemble.Tree tree;
    final List<Integer> upper = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();
    final int[] target;
    final int[] miss;

    Builder(TreeEnsemble.Tree tree, int[] heights) {
      this.tree = tree;
      this.target = new int[tree.left.length];
      // Breadth-first: a node's pattern is written before it is read.
      List<Integer> queue = new ArrayList<>();
      List<Integer> roots = new ArrayList<>();
      queue.add(0);
      for (int i = 0; i < queue.size(); i++) {
        int node = queue.get(i);
        if (heights[node] > BLOCK_HEIGHT) {
          upper.add(node);
          queue.add(tree.left[node]);
          queue.add(tree.right[node]);
        } else {
          roots.add(node);
        }
      }
      for (int i = 0; i < upper.size(); i++) {
        target[upper.get(i)] = i;
      }
      for (int i = 0; i < roots.size(); i++) {
        target[roots.get(i)] = upper.size() + i;
        blocks.add(null);
      }
      miss = new int[upper.size()];
      walk(0, heights, new int[64], new double[64], 0);
    }

    /** Depth-first: each upper node's slot, each block's ancestor features and their q. */
    private void walk(int node, int[] heights, int[] path, double[] q, int d) {
      if (heights[node] <= BLOCK_HEIGHT) {
        blocks.set(
            target[node] - upper.size(),
            new Block(tree, node, Arrays.copyOf(path, d), Arrays.copyOf(q, d)));
        return;
      }
      int f = tree.feature[node];
      int slot = indexOf(path, d, f);
      int dd = d;
      if (slot < 0) {
        slot = d;
        path[d] = f;
        q[d] = 1.0;
        dd = d + 1;
      }
      miss[target[node]] = ~(1 << slot);
      double before = q[slot];
      for (int child : new int[] {tree.left[node], tree.right[node]}) {
        // The same product, in the same order, as the quadrature walk's q.
        q[slot] = before * (tree.cover[child] / tree.cover[node]);
        walk(child, heights, path, q, dd);
      }
      q[slot] = before;
    }
  }

  /** A subtree of height at most {@link #BLOCK_HEIGHT} and the path features above it. */
  private static final class Block {
    final int root;
    final int ancestors;
    final int[] nodes;
    final int[] slots;
    final double[] ancestorQ;

    Block(TreeEnsemble.Tree tree, int root, int[] path, double[] q) {
      this.root = root;
      this.ancestors = path.length;
      this.ancestorQ = q;
      List<Integer> inside = new ArrayList<>();
      inBlock(tree, root, inside);
      this.nodes = inside.stream().mapToInt(Integer::intValue).toArray();
      int[] all = Arrays.copyOf(path, path.length + nodes.length);
      int width = path.length;
      for (int m : nodes) {
        if (indexOf(all, width, tree.feature[m]) < 0) {
          all[width++] = tree.feature[m];
        }
      }
      this.slots = Arrays.copyOf(all, width);
    }

    long rows() {
      return 1L << (ancestors + nodes.length);
    }

    int nodeIndex(int node) {
      for (int m = 0; m < nodes.length; m++) {
        if (nodes[m] == node) {
          return m;
        }
      }
      throw new IllegalStateException("node " + node + " is not in the block");
    }

    /**
     * Writes the block's rows at {@code at}: row (ancestor bits << k | directions), entry j = the
     * sum over its leaves of their exact attribution to slot j; and the reached leaf values.
     */
    void fill(TreeEnsemble.Tree tree, double[] table, int at, float[] values, int valuesAt) {
      int k = nodes.length;
      for (int dirs = 0; dirs < 1 << k; dirs++) {
        int node = root;
        while (tree.left[node] >= 0) {
          node = (dirs >> nodeIndex(node) & 1) != 0 ? tree.left[node] : tree.right[node];
        }
        values[valuesAt + dirs] = tree.split[node];
      }
      leaves(
          tree,
          root,
          slots.clone(),
          Arrays.copyOf(ancestorQ, slots.length),
          ancestors,
          new int[k],
          new int[k],
          new boolean[k],
          0,
          table,
          at);
    }

    /**
     * Depth-first inside the block, carrying the leaf's path: its features (ancestors first, in
     * first-occurrence order), their q, and the block nodes passed (index, leaf slot, side).
     */
    private void leaves(
        TreeEnsemble.Tree tree,
        int node,
        int[] features,
        double[] q,
        int d,
        int[] passed,
        int[] passedSlot,
        boolean[] passedLeft,
        int depth,
        double[] table,
        int at) {
      if (tree.left[node] < 0) {
        addLeaf(
            tree.split[node],
            features,
            Arrays.copyOf(q, d),
            d,
            passed,
            passedSlot,
            passedLeft,
            depth,
            table,
            at);
        return;
      }
      int f = tree.feature[node];
      int slot = indexOf(features, d, f);
      int dd = d;
      if (slot < 0) {
        slot = d;
        features[d] = f;
        q[d] = 1.0;
        dd = d + 1;
      }
      double before = q[slot];
      passed[depth] = nodeIndex(node);
      passedSlot[depth] = slot;
      for (int side = 0; side < 2; side++) {
        int child = side == 0 ? tree.left[node] : tree.right[node];
        q[slot] = before * (tree.cover[child] / tree.cover[node]);
        passedLeft[depth] = side == 0;
        leaves(tree, child, features, q, dd, passed, passedSlot, passedLeft, depth + 1, table, at);
      }
      q[slot] = before;
    }

    private void addLeaf(
        double v,
        int[] features,
        double[] q,
        int d,
        int[] passed,
        int[] passedSlot,
        boolean[] passedLeft,
        int depth,
        double[] table,
        int at) {
      double[] leaf = new double[(1 << d) * d];
      ShapTables.fill(leaf, 0, v, q);
      int[] toBlock = new int[d];
      for (int j = 0; j < d; j++) {
        toBlock[j] = indexOf(slots, slots.length, features[j]);
      }
      int k = nodes.length;
      int width = slots.length;
      // Bits of the leaf's own features (below the ancestors) start set.
      int own = ((1 << d) - 1) & ~((1 << ancestors) - 1);
      for (int anc = 0; anc < 1 << ancestors; anc++) {
        for (int dirs = 0; dirs < 1 << k; dirs++) {
          int bits = anc | own;
          for (int s = 0; s < depth; s++) {
            boolean left = (dirs >> passed[s] & 1) != 0;
            if (left != passedLeft[s]) {
              bits &= ~(1 << passedSlot[s]);
            }
          }
          int row = at + ((anc << k) | dirs) * width;
          for (int j = 0; j < d; j++) {
            table[row + toBlock[j]] += leaf[bits * d + j];
          }
        }
      }
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

  /** The doubles tree {@code t}'s tables take (or would take, when it walks). */
  long tableDoubles(int t) {
    return sizes[t];
  }

  /** Whether tree {@code t} is explained from tables (else by the quadrature walk). */
  boolean tabled(int t) {
    return tabled[t];
  }

  /** Upper nodes plus blocks of the largest tabled tree: the scratch {@link #explain} needs. */
  int maxNodes() {
    return maxTargets;
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
    long ints =
        upperFeature.length * 6L
            + blockAncestors.length * 7L
            + nodeFeature.length * 2L
            + slotFeature.length
            + 4L * tabled.length;
    long floats = upperSplit.length + nodeSplit.length + reachedValue.length;
    return 8L * table.length + 4L * (ints + floats) + tabled.length;
  }

  /**
   * 1 when x goes left: the margin's rule, missing goes the default way, else a float32 value
   * strictly below the split. A NaN compares false, so only the default can send it left.
   */
  private static int goesLeft(double v, float split, int defaultLeft) {
    return ((float) v < split ? 1 : 0) | (v != v ? defaultLeft : 0);
  }

  /**
   * Adds tree {@code t}'s attribution for {@code x} into {@code phi} (indexed like the tree's
   * distinct features) and returns the value of the leaf x reaches. {@code pattern}: scratch of at
   * least {@link #maxNodes()} ints.
   */
  float explain(int t, double[] x, int[] pattern, double[] phi) {
    int u0 = upperStart[t];
    int uppers = upperCount[t];
    // Bits above a block's d_a are ignored: start all ones, clear one bit per missed split.
    pattern[0] = -1;
    // Directions are data, not branches: a mispredicted branch per node would also cancel the
    // table loads already in flight, and those cache misses are most of the cost.
    for (int i = 0; i < uppers; i++) {
      int n = u0 + i;
      int left = goesLeft(x[upperFeature[n]], upperSplit[n], upperDefaultLeft[n]);
      int hot = pattern[i];
      int miss = upperMiss[n];
      // left == 1: the left child keeps the bits, the right one loses the node's; else reversed.
      pattern[upperLeft[n]] = hot & (miss | -left);
      pattern[upperRight[n]] = hot & (miss | (left - 1));
    }
    float reached = Float.NaN;
    int b0 = blockStart[t];
    int blocks = blockCount[t];
    for (int i = 0; i < blocks; i++) {
      int b = b0 + i;
      int all = (1 << blockAncestors[b]) - 1;
      int ancestors = pattern[uppers + i] & all;
      int k = blockNodes[b];
      int m0 = blockNodeStart[b];
      int dirs = 0;
      for (int m = 0; m < k; m++) {
        dirs |= goesLeft(x[nodeFeature[m0 + m]], nodeSplit[m0 + m], nodeDefaultLeft[m0 + m]) << m;
      }
      if (ancestors == all) {
        // x satisfies every split above the block: it reaches the block's leaf for dirs.
        reached = reachedValue[blockValueStart[b] + dirs];
      }
      int width = blockWidth[b];
      int row = blockTableStart[b] + ((ancestors << k) | dirs) * width;
      int s = blockSlotStart[b];
      for (int j = 0; j < width; j++) {
        phi[slotFeature[s + j]] += table[row + j];
      }
    }
    return reached;
  }
}
