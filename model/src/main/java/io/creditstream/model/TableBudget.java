package io.creditstream.model;

import static io.creditstream.model.ShapTables.BLOCK_HEIGHT;
import static io.creditstream.model.TableBlock.inBlock;
import static io.creditstream.model.TableBlock.indexOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first step of building {@link ShapTables}: how many doubles each tree's tables would take,
 * and which trees get them within the per-tree and per-model limits. Sizes come from the tree's
 * shape alone (blocks, their nodes and path features), so the choice is made before a single table
 * entry is computed, and a tree over the limits costs nothing at load.
 */
final class TableBudget {
  private static final long HUGE = Long.MAX_VALUE / 4;

  /** Per tree: the doubles its tables take, or would take (at most about 2^61: too large). */
  final long[] sizes;

  /** Per tree, per node: the height of the subtree below it (a leaf: 0). */
  final int[][] heights;

  /** Per tree: whether it gets tables (else the explainer walks it). */
  final boolean[] tabled;

  TableBudget(Tree[] trees, long treeLimit, long modelLimit) {
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
    this.heights = heights;
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
}
