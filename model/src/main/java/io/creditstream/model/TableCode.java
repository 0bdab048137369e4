package io.creditstream.model;

import static io.creditstream.model.ShapTables.key;
import static io.creditstream.model.ShapTables.keyIndex;

import java.util.Arrays;

/**
 * The last step of building {@link ShapTables}: each tabled tree's upper nodes and blocks as one
 * run of ints that {@link ShapTables#explain} reads front to back (layout in its doc), and each
 * block's row entries reordered in place so that the features shared by several blocks of the tree
 * come first. One array read in order costs the score pass fewer instructions and cache lines than
 * the twenty parallel arrays the tables were first laid out in; the entries themselves, and so the
 * arithmetic, are the same ({@code TableExplainerReplayTest}).
 */
final class TableCode {
  /** Per tree: where its instructions start in {@link #code}, -1 when it walks. */
  final int[] treeCode;

  final int[] code;

  /** The most features a tabled tree sums over several blocks (at least 1). */
  final int maxShared;

  /**
   * Encodes the tabled trees ({@code layouts[t]}, null for a tree that walks), whose blocks have
   * already been filled into {@code table}; reorders {@code table}'s rows in place.
   */
  TableCode(Tree[] trees, TreeBlocks[] layouts, double[] table) {
    int n = trees.length;
    int widest = 0;
    for (TreeBlocks b : layouts) {
      for (TableBlock block : ShapTables.blocks(b)) {
        widest = Math.max(widest, block.slots.length);
      }
    }
    double[] row = new double[widest];
    treeCode = new int[n];
    Arrays.fill(treeCode, -1);
    Ints out = new Ints();
    int sharedMost = 1;
    for (int t = 0; t < n; t++) {
      TreeBlocks b = layouts[t];
      if (b == null) {
        continue;
      }
      Tree tree = b.tree;
      int[] features = trees[t].features;
      // A feature in several blocks of the tree is summed over them in double (in block order)
      // before its float32 rounding; one in a single block is rounded straight from its entry.
      int[] blocksWith = new int[features.length];
      for (TableBlock block : b.blocks) {
        for (int j = 0; j < block.slots.length; j++) {
          blocksWith[block.slotIndex[j]]++;
        }
      }
      int[] local = new int[features.length];
      int shared = 0;
      for (int f = 0; f < features.length; f++) {
        local[f] = blocksWith[f] > 1 ? shared++ : -1;
      }
      sharedMost = Math.max(sharedMost, shared);
      treeCode[t] = out.size();
      out.add(b.upper.size()).add(b.blocks.size()).add(shared);
      for (int i = 0; i < b.upper.size(); i++) {
        int node = b.upper.get(i);
        out.add(keyIndex(tree.feature[node], tree.defaultLeft[node] ? 1 : 0))
            .add(key(tree.split[node]))
            .add(b.target[tree.left[node]])
            .add(b.target[tree.right[node]])
            .add(b.miss[i]);
      }
      for (TableBlock block : b.blocks) {
        int width = block.slots.length;
        int[] columns = new int[width];
        int ordered = 0;
        for (int pass = 0; pass < 2; pass++) {
          for (int j = 0; j < width; j++) {
            if ((local[block.slotIndex[j]] >= 0) == (pass == 0)) {
              columns[ordered++] = j;
            }
          }
        }
        int sharedHere = 0;
        for (int j = 0; j < width; j++) {
          sharedHere += local[block.slotIndex[j]] >= 0 ? 1 : 0;
        }
        int kk = block.nodes.length;
        out.add((1 << block.ancestors) - 1)
            .add(kk)
            .add(block.tableAt())
            .add(block.valueAt())
            .add(sharedHere)
            .add(width - sharedHere);
        for (int node : block.nodes) {
          out.add(keyIndex(tree.feature[node], tree.defaultLeft[node] ? 1 : 0))
              .add(key(tree.split[node]));
        }
        for (int j : columns) {
          int f = block.slotIndex[j];
          out.add(local[f] >= 0 ? local[f] : features[f]);
        }
        long rows = block.rows();
        for (int r = 0; r < rows; r++) {
          int at = block.tableAt() + r * width;
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
}
