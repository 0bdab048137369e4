package io.creditstream.model;

import static io.creditstream.model.ShapTables.BLOCK_HEIGHT;
import static io.creditstream.model.TableBlock.slotOnPath;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tree cut for {@link ShapTables}: its upper nodes (those above height {@link
 * ShapTables#BLOCK_HEIGHT}, breadth-first, so a node's pattern is written before it is read at
 * score time), where each node's pattern goes ({@code target}: upper nodes first, then blocks), the
 * bit each upper node clears on the side x does not take ({@code miss}), and its blocks with the
 * features and cover products of the path above each.
 */
final class TreeBlocks {
  final Tree tree;
  final List<Integer> upper = new ArrayList<>();
  final List<TableBlock> blocks = new ArrayList<>();
  final int[] target;
  final int[] miss;

  TreeBlocks(Tree tree, int[] heights) {
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

  /** Upper nodes plus blocks: the patterns the tree's pass writes. */
  int targets() {
    return upper.size() + blocks.size();
  }

  /** Depth-first: each upper node's slot, each block's ancestor features and their q. */
  private void walk(int node, int[] heights, int[] path, double[] q, int d) {
    if (heights[node] <= BLOCK_HEIGHT) {
      blocks.set(
          target[node] - upper.size(),
          new TableBlock(tree, node, Arrays.copyOf(path, d), Arrays.copyOf(q, d)));
      return;
    }
    int slot = slotOnPath(path, q, d, tree.feature[node]);
    int dd = slot == d ? d + 1 : d;
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
