package io.creditstream.model;

import io.creditstream.testkit.HomeCreditData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Test data and XGBoost4J models trained inside the tests (seeded, small). */
final class XgbFixtures {
  private XgbFixtures() {}

  /**
   * Writes into {@code root} the skeleton of a binary:logistic gbtree model in XGBoost's JSON and
   * returns its {@code model} node, where a test adds {@code trees}, {@code tree_info} and, for
   * dropout weights, {@code weight_drop}. {@code baseScore} as XGBoost writes it ("5E-1").
   */
  static ObjectNode logisticModel(ObjectNode root, int features, String baseScore) {
    ObjectNode learner = root.putObject("learner");
    learner.putObject("objective").put("name", "binary:logistic");
    learner
        .putObject("learner_model_param")
        .put("num_feature", String.valueOf(features))
        .put("base_score", baseScore)
        .put("num_class", "0");
    return learner.putObject("gradient_booster").put("name", "gbtree").putObject("model");
  }

  /**
   * One tree in XGBoost's JSON, node by node (a leaf: left and right -1, its value in {@code
   * split}); {@code cover} is each node's sum_hessian.
   */
  static ObjectNode treeJson(
      int[] left, int[] right, int[] feature, float[] split, int[] defaultLeft, float[] cover) {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.putObject("tree_param").put("num_nodes", String.valueOf(left.length));
    ArrayNode l = t.putArray("left_children");
    ArrayNode r = t.putArray("right_children");
    ArrayNode f = t.putArray("split_indices");
    ArrayNode s = t.putArray("split_conditions");
    ArrayNode d = t.putArray("default_left");
    ArrayNode h = t.putArray("sum_hessian");
    for (int i = 0; i < left.length; i++) {
      l.add(left[i]);
      r.add(right[i]);
      f.add(feature[i]);
      s.add(split[i]);
      d.add(defaultLeft[i]);
      h.add(cover[i]);
    }
    return t;
  }

  /** Rows (double, NaN = missing) and 0/1 labels. */
  record Data(double[][] rows, float[] labels, List<String> names) {
    int numFeatures() {
      return rows[0].length;
    }

    DMatrix matrix() throws XGBoostError {
      return XgbFixtures.matrix(rows, labels);
    }
  }

  static DMatrix matrix(double[][] rows, float[] labels) throws XGBoostError {
    int ncol = rows[0].length;
    float[] flat = new float[rows.length * ncol];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < ncol; j++) {
        flat[i * ncol + j] = (float) rows[i][j];
      }
    }
    DMatrix m = new DMatrix(flat, rows.length, ncol, Float.NaN);
    if (labels != null) {
      m.setLabel(labels);
    }
    return m;
  }

  /**
   * Synthetic credit-like rows: a mix of continuous doubles (not float-exact, so the float32
   * rounding rule is exercised), small integers (ties at split values) and about 10% missing.
   */
  static Data synthetic(long seed, int nrow, int ncol) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[nrow][ncol];
    float[] labels = new float[nrow];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < ncol; j++) {
      names.add("f" + j);
    }
    for (int i = 0; i < nrow; i++) {
      double logit = -1.5;
      for (int j = 0; j < ncol; j++) {
        double v = j % 3 == 0 ? random.nextInt(8) : random.nextGaussian() * (1 + j % 5) + 0.1 * j;
        boolean missing = random.nextDouble() < 0.1;
        rows[i][j] = missing ? Double.NaN : v;
        if (!missing && j < 8) {
          logit += (j % 2 == 0 ? 0.4 : -0.3) * v / (1 + j % 5);
        }
      }
      if (!Double.isNaN(rows[i][1]) && !Double.isNaN(rows[i][2])) {
        logit += 0.5 * rows[i][1] * rows[i][2] / 6;
      }
      if (Double.isNaN(rows[i][4])) {
        logit += 0.8;
      }
      labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1f : 0f;
    }
    return new Data(rows, labels, names);
  }

  static Booster train(Data data, Map<String, Object> extra, int rounds) throws XGBoostError {
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("tree_method", "hist");
    params.put("max_depth", 5);
    params.put("eta", 0.1);
    params.put("subsample", 0.8);
    params.put("colsample_bytree", 0.8);
    params.put("seed", 42);
    params.put("nthread", 1);
    params.put("verbosity", 0);
    params.putAll(extra);
    DMatrix train = data.matrix();
    try {
      return XGBoost.train(train, params, rounds, new HashMap<>(), null, null);
    } finally {
      train.dispose();
    }
  }

  /** The labelled Home Credit rows beside the project; fails loudly when they are not there. */
  static Path homeCreditTrain() {
    return HomeCreditData.trainSample();
  }

  /**
   * The first {@code maxRows} rows of the real applications, numeric columns only (a column is
   * numeric when every non-empty value in those rows parses as a number), TARGET as label.
   */
  static Data homeCredit(int maxRows) throws IOException {
    List<String[]> raw = new ArrayList<>();
    String[] header;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(homeCreditTrain())),
                StandardCharsets.UTF_8))) {
      header = splitCsv(in.readLine());
      String line;
      while (raw.size() < maxRows && (line = in.readLine()) != null) {
        String[] cells = splitCsv(line);
        if (cells.length != header.length) {
          throw new IllegalStateException(
              "row "
                  + (raw.size() + 2)
                  + " has "
                  + cells.length
                  + " cells, header "
                  + header.length);
        }
        raw.add(cells);
      }
    }
    int target = -1;
    List<Integer> numeric = new ArrayList<>();
    for (int c = 0; c < header.length; c++) {
      if (header[c].equals("TARGET")) {
        target = c;
        continue;
      }
      if (header[c].equals("SK_ID_CURR")) {
        continue;
      }
      boolean allNumeric = true;
      for (String[] row : raw) {
        if (!row[c].isEmpty() && !isNumber(row[c])) {
          allNumeric = false;
          break;
        }
      }
      if (allNumeric) {
        numeric.add(c);
      }
    }
    if (target < 0) {
      throw new IllegalStateException("no TARGET column in " + homeCreditTrain());
    }
    double[][] rows = new double[raw.size()][numeric.size()];
    float[] labels = new float[raw.size()];
    List<String> names = new ArrayList<>();
    for (int c : numeric) {
      names.add(header[c]);
    }
    for (int i = 0; i < raw.size(); i++) {
      for (int j = 0; j < numeric.size(); j++) {
        String cell = raw.get(i)[numeric.get(j)];
        rows[i][j] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
      }
      labels[i] = Float.parseFloat(raw.get(i)[target]);
    }
    return new Data(rows, labels, names);
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Kaggle's CSV quotes only a few text cells; numbers are never quoted. */
  private static String[] splitCsv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    cells.add(cell.toString());
    return cells.toArray(new String[0]);
  }
}
