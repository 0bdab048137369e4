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

  private static final long HUGE = Long.MAX_VALUE / 4;

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

  ShapTables(Tree[] trees, long treeLimit, long modelLimit) {
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
    int[] upperStart = new int[n];
    int[] upperCount = new int[n];
    int[] blockStart = new int[n];
    int[] blockCount = new int[n];
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
    int[] upperFeature = new int[uppers];
    float[] upperSplit = new float[uppers];
    int[] upperDefaultLeft = new int[uppers];
    int[] upperLeft = new int[uppers];
    int[] upperRight = new int[uppers];
    int[] upperMiss = new int[uppers];
    int[] blockAncestors = new int[blocks];
    int[] blockNodes = new int[blocks];
    int[] blockNodeStart = new int[blocks];
    int[] blockWidth = new int[blocks];
    int[] blockSlotStart = new int[blocks];
    int[] blockTableStart = new int[blocks];
    int[] blockValueStart = new int[blocks];
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
    int[] nodeFeature = new int[nodes];
    float[] nodeSplit = new float[nodes];
    int[] nodeDefaultLeft = new int[nodes];
    int[] slotFeature = new int[slots];
    reachedValue = new float[values];
    double[] entries = new double[Math.toIntExact(doubles)];
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
        block.fill(b.tree, entries, tableAt, reachedValue, valueAt);
        valueAt += 1 << block.nodes.length;
        tableAt += block.rows() * block.slots.length;
        k++;
      }
    }
    // The same tables and values, laid out for explain: each tree's instructions in one run of
    // code, and each block's row entries reordered in place so the shared features come first.
    table = entries;
    double[] row = new double[Arrays.stream(blockWidth).max().orElse(0)];
    treeCode = new int[n];
    Arrays.fill(treeCode, -1);
    Ints out = new Ints();
    int sharedMost = 1;
    for (int t = 0; t < n; t++) {
      if (!tabled[t]) {
        continue;
      }
      int[] features = trees[t].features;
      int u0 = upperStart[t];
      int b0 = blockStart[t];
      int uppersOf = upperCount[t];
      int blocksOf = blockCount[t];
      // A feature in several blocks of the tree is summed over them in double (in block order)
      // before its float32 rounding; one in a single block is rounded straight from its entry.
      int[] blocksWith = new int[features.length];
      for (int b = b0; b < b0 + blocksOf; b++) {
        for (int j = 0; j < blockWidth[b]; j++) {
          blocksWith[slotFeature[blockSlotStart[b] + j]]++;
        }
      }
      int[] local = new int[features.length];
      int shared = 0;
      for (int f = 0; f < features.length; f++) {
        local[f] = blocksWith[f] > 1 ? shared++ : -1;
      }
      sharedMost = Math.max(sharedMost, shared);
      treeCode[t] = out.size();
      out.add(uppersOf).add(blocksOf).add(shared);
      for (int i = u0; i < u0 + uppersOf; i++) {
        out.add(keyIndex(upperFeature[i], upperDefaultLeft[i]))
            .add(key(upperSplit[i]))
            .add(upperLeft[i])
            .add(upperRight[i])
            .add(upperMiss[i]);
      }
      for (int b = b0; b < b0 + blocksOf; b++) {
        int width = blockWidth[b];
        int s0 = blockSlotStart[b];
        int[] columns = new int[width];
        int ordered = 0;
        for (int pass = 0; pass < 2; pass++) {
          for (int j = 0; j < width; j++) {
            if ((local[slotFeature[s0 + j]] >= 0) == (pass == 0)) {
              columns[ordered++] = j;
            }
          }
        }
        int sharedHere = 0;
        for (int j = 0; j < width; j++) {
          sharedHere += local[slotFeature[s0 + j]] >= 0 ? 1 : 0;
        }
        int kk = blockNodes[b];
        out.add((1 << blockAncestors[b]) - 1)
            .add(kk)
            .add(blockTableStart[b])
            .add(blockValueStart[b])
            .add(sharedHere)
            .add(width - sharedHere);
        for (int m = blockNodeStart[b]; m < blockNodeStart[b] + kk; m++) {
          out.add(keyIndex(nodeFeature[m], nodeDefaultLeft[m])).add(key(nodeSplit[m]));
        }
        for (int j : columns) {
          int f = slotFeature[s0 + j];
          out.add(local[f] >= 0 ? local[f] : features[f]);
        }
        long rows = 1L << (blockAncestors[b] + kk);
        for (int r = 0; r < rows; r++) {
          int at = blockTableStart[b] + r * width;
          System.arraycopy(table, at, row, 0, width);
          for (int j = 0; j < width; j++) {
            table[at + j] = row[columns[j]];
          }
        }
      }
      for (int f = 0; f < features.length; f++) {
        if (local[f] >= 0) {
          out.add(features[f]);
        }
      }
    }
    code = out.toArray();
    maxShared = sharedMost;
    java.util.BitSet used = new java.util.BitSet();
    for (int t = 0; t < n; t++) {
      if (tabled[t]) {
        Arrays.stream(trees[t].features).forEach(used::set);
      }
    }
    splitFeatures = used.stream().toArray();
  }

  /** A growing int array. */
  private static final class Ints {
    private int[] values = new int[256];
    private int size;

    Ints add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, 2 * size);
      }
      values[size++] = v;
      return this;
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /** Height of each subtree (a leaf: 0). */
  private static int height(Tree tree, int node, int[] heights) {
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
  private static long tableSize(Tree tree, int[] heights, int node, int[] path, int d) {
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
  private static void inBlock(Tree tree, int node, List<Integer> out) {
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
    final Tree tree;
    final List<Integer> upper = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();
    final int[] target;
    final int[] miss;

    Builder(Tree tree, int[] heights) {
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

    Block(Tree tree, int root, int[] path, double[] q) {
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
    void fill(Tree tree, double[] table, int at, float[] values, int valuesAt) {
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
        Tree tree,
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
  private static int keyIndex(int feature, int defaultLeft) {
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
