package io.creditstream.model;

import static io.creditstream.model.DocumentValues.floats;
import static io.creditstream.model.DocumentValues.integer;
import static io.creditstream.model.DocumentValues.ints;
import static io.creditstream.model.DocumentValues.length;
import static io.creditstream.model.DocumentValues.object;

import java.util.Map;

/**
 * Reads one tree of the untyped model document into a {@link Tree}, and checks what the margin and
 * both explainers rely on without checking again: arrays of {@code num_nodes} entries, numeric
 * splits only, scalar leaves, finite positive covers, and a proper tree (every node reached from
 * the root once, no node with only one child, splits on features the model has).
 */
final class TreeReader {
  private TreeReader() {}

  static Tree read(Map<String, Object> t, int index, int numFeatures, float weight)
      throws InvalidModelException {
    String where = "tree " + index;
    Map<String, Object> treeParam = object(t.get("tree_param"), where + ".tree_param");
    int numNodes = integer(treeParam.get("num_nodes"), where + ".num_nodes");
    int leafVector = integer(treeParam.getOrDefault("size_leaf_vector", "1"), "size_leaf_vector");
    if (leafVector > 1) {
      throw new InvalidModelException(
          where + " has vector leaves (size_leaf_vector=" + leafVector + "): not supported");
    }
    if (numNodes <= 0) {
      throw new InvalidModelException(where + " has no nodes");
    }
    int[] left = ints(t.get("left_children"), where + ".left_children");
    int[] right = ints(t.get("right_children"), where + ".right_children");
    int[] feature = ints(t.get("split_indices"), where + ".split_indices");
    float[] split = floats(t.get("split_conditions"), where + ".split_conditions");
    int[] defaultLeft = ints(t.get("default_left"), where + ".default_left");
    float[] hess = floats(t.get("sum_hessian"), where + ".sum_hessian");
    for (Object[] arr :
        new Object[][] {
          {"left_children", left.length},
          {"right_children", right.length},
          {"split_indices", feature.length},
          {"split_conditions", split.length},
          {"default_left", defaultLeft.length},
          {"sum_hessian", hess.length}
        }) {
      if ((int) arr[1] != numNodes) {
        throw new InvalidModelException(
            where + "." + arr[0] + " has " + arr[1] + " entries, num_nodes is " + numNodes);
      }
    }
    if (t.containsKey("split_type")) {
      int[] splitType = ints(t.get("split_type"), where + ".split_type");
      for (int i = 0; i < splitType.length; i++) {
        if (splitType[i] != 0) {
          throw new InvalidModelException(
              where
                  + " node "
                  + i
                  + " is a categorical split: categorical features are not"
                  + " supported");
        }
      }
    }
    Object categories = t.get("categories_nodes");
    if (categories != null && length(categories) > 0) {
      throw new InvalidModelException(
          where + " has categorical splits: categorical features are not supported");
    }
    boolean[] defLeft = new boolean[numNodes];
    double[] cover = new double[numNodes];
    for (int i = 0; i < numNodes; i++) {
      defLeft[i] = defaultLeft[i] != 0;
      cover[i] = hess[i];
      if (!(hess[i] >= 0f) || Float.isInfinite(hess[i])) {
        throw new InvalidModelException(where + " node " + i + " has cover " + hess[i]);
      }
      if (Float.isNaN(split[i])) {
        throw new InvalidModelException(where + " node " + i + " has a NaN split or leaf value");
      }
    }
    int maxDepth = checkStructure(where, left, right, feature, numFeatures, cover);
    return new Tree(left, right, feature, split, defLeft, cover, maxDepth, weight);
  }

  /** Every node reachable from the root exactly once (no cycle), splits on known features. */
  private static int checkStructure(
      String where, int[] left, int[] right, int[] feature, int numFeatures, double[] cover)
      throws InvalidModelException {
    int n = left.length;
    boolean[] seen = new boolean[n];
    int[] depth = new int[n];
    int[] stack = new int[n];
    int top = 0;
    stack[top++] = 0;
    seen[0] = true;
    int maxDepth = 0;
    while (top > 0) {
      int node = stack[--top];
      maxDepth = Math.max(maxDepth, depth[node]);
      if (!(cover[node] > 0)) {
        throw new InvalidModelException(
            where + " node " + node + " has zero cover: TreeSHAP needs positive covers");
      }
      if (left[node] < 0) {
        if (right[node] >= 0) {
          throw new InvalidModelException(where + " node " + node + " has only a right child");
        }
        continue;
      }
      if (feature[node] < 0 || feature[node] >= numFeatures) {
        throw new InvalidModelException(
            where
                + " node "
                + node
                + " splits on feature "
                + feature[node]
                + " but the model has "
                + numFeatures
                + " features");
      }
      for (int child : new int[] {left[node], right[node]}) {
        if (child < 0 || child >= n || seen[child]) {
          throw new InvalidModelException(
              where + " node " + node + " has an invalid or shared child " + child);
        }
        seen[child] = true;
        depth[child] = depth[node] + 1;
        stack[top++] = child;
      }
    }
    return maxDepth;
  }
}
