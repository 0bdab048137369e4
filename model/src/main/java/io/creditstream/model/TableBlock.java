package io.creditstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block of {@link ShapTables}: a subtree of height at most {@link ShapTables#BLOCK_HEIGHT}, the
 * distinct features of the path above it and their cover products. Its table has a row per pattern
 * of those features' bits and directions x takes at the block's k internal nodes: 2^(ancestors + k)
 * rows, each the sum of the block's leaves' exact values ({@link LeafShapley}) for that pattern, so
 * the score pass reads one row per block instead of one per leaf.
 */
final class TableBlock {
  final int root;
  final int ancestors;
  final int[] nodes;
  final int[] slots;
  final double[] ancestorQ;

  /** Per slot: the position of its feature in the tree's {@link Tree#features}. */
  final int[] slotIndex;

  // Where fill wrote the block's rows and reached leaf values (set once, by fill).
  private int tableAt = -1;
  private int valueAt = -1;

  TableBlock(Tree tree, int root, int[] path, double[] q) {
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
    this.slotIndex = new int[slots.length];
    for (int j = 0; j < slots.length; j++) {
      slotIndex[j] = Arrays.binarySearch(tree.features, slots[j]);
    }
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

  /** Where {@link #fill} wrote the block's rows in the table. */
  int tableAt() {
    return tableAt;
  }

  /** Where {@link #fill} wrote the leaf values x can reach in the block, one per direction. */
  int valueAt() {
    return valueAt;
  }

  /**
   * Writes the block's rows at {@code at}: row (ancestor bits << k | directions), entry j = the sum
   * over its leaves of their exact attribution to slot j; and the reached leaf values.
   */
  void fill(Tree tree, double[] table, int at, float[] values, int valuesAt) {
    this.tableAt = at;
    this.valueAt = valuesAt;
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
        ancestors,
        0,
        new LeafPath(slots.clone(), Arrays.copyOf(ancestorQ, slots.length), k, table, at));
  }

  /**
   * The path of the leaf being reached inside the block: its features (ancestors first, in
   * first-occurrence order) and their q, the block nodes passed (index, the leaf slot of its
   * feature, side); and where the block's rows start.
   */
  private static final class LeafPath {
    final int[] features;
    final double[] q;
    final int[] passed;
    final int[] passedSlot;
    final boolean[] passedLeft;
    final double[] table;
    final int at;

    LeafPath(int[] features, double[] q, int k, double[] table, int at) {
      this.features = features;
      this.q = q;
      this.passed = new int[k];
      this.passedSlot = new int[k];
      this.passedLeft = new boolean[k];
      this.table = table;
      this.at = at;
    }
  }

  /** Depth-first inside the block: {@code d} path features so far, {@code depth} nodes passed. */
  private void leaves(Tree tree, int node, int d, int depth, LeafPath path) {
    double[] q = path.q;
    if (tree.left[node] < 0) {
      addLeaf(tree.split[node], Arrays.copyOf(q, d), d, depth, path);
      return;
    }
    int slot = slotOnPath(path.features, q, d, tree.feature[node]);
    int dd = slot == d ? d + 1 : d;
    double before = q[slot];
    path.passed[depth] = nodeIndex(node);
    path.passedSlot[depth] = slot;
    for (int side = 0; side < 2; side++) {
      int child = side == 0 ? tree.left[node] : tree.right[node];
      q[slot] = before * (tree.cover[child] / tree.cover[node]);
      path.passedLeft[depth] = side == 0;
      leaves(tree, child, dd, depth + 1, path);
    }
    q[slot] = before;
  }

  /** Adds one leaf's exact values (its own q, {@code d} features) to every row of the block. */
  private void addLeaf(double v, double[] q, int d, int depth, LeafPath path) {
    int[] features = path.features;
    int[] passed = path.passed;
    int[] passedSlot = path.passedSlot;
    boolean[] passedLeft = path.passedLeft;
    double[] table = path.table;
    int at = path.at;
    double[] leaf = new double[(1 << d) * d];
    LeafShapley.fill(leaf, 0, v, q);
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

  /** The internal nodes of the subtree at {@code node}, breadth-first. */
  static void inBlock(Tree tree, int node, List<Integer> out) {
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

  /** The first position of {@code value} among the first {@code length} values, or -1. */
  static int indexOf(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The slot of feature {@code f} on a path of {@code d} distinct features: where it already is, or
   * {@code d}, where it is appended with q = 1 (the caller's path then has d + 1 features).
   */
  static int slotOnPath(int[] path, double[] q, int d, int f) {
    int slot = indexOf(path, d, f);
    if (slot < 0) {
      slot = d;
      path[d] = f;
      q[d] = 1.0;
    }
    return slot;
  }
}
