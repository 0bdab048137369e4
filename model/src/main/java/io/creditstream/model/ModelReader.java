package io.creditstream.model;

import static io.creditstream.model.DocumentValues.floats;
import static io.creditstream.model.DocumentValues.integer;
import static io.creditstream.model.DocumentValues.ints;
import static io.creditstream.model.DocumentValues.object;
import static io.creditstream.model.DocumentValues.string;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the bytes XGBoost saves into a typed {@link XgboostModel}, refusing what this evaluator
 * cannot reproduce exactly. Both formats (JSON, and the default UBJSON) are first read into the
 * same untyped document (Jackson for JSON, {@link Ubjson} for UBJSON), so one set of checks serves
 * both and a model is accepted or refused alike whichever way it was saved. The untyped document
 * stays inside this class, {@link TreeReader} and {@link DocumentValues}: everything downstream
 * sees {@link Tree}s.
 */
final class ModelReader {
  private static final ObjectMapper JSON = JsonMapper.builderWithJackson2Defaults().build();

  private ModelReader() {}

  /**
   * The model in {@code modelBytes} (JSON or UBJSON, detected).
   *
   * @throws InvalidModelException naming the problem: not a model, wrong objective or booster,
   *     multi-class, categorical splits, vector leaves, inconsistent trees
   */
  static XgboostModel read(byte[] modelBytes) throws InvalidModelException {
    if (modelBytes == null || modelBytes.length == 0) {
      throw new InvalidModelException("model bytes are empty");
    }
    Object root;
    if (looksLikeJson(modelBytes)) {
      try {
        root = JSON.readValue(modelBytes, Object.class);
      } catch (JacksonException e) {
        throw new InvalidModelException("malformed JSON model: " + e.getMessage(), e);
      }
    } else if (modelBytes[0] == '{') {
      root = Ubjson.parse(modelBytes);
    } else {
      throw new InvalidModelException(
          "not an XGBoost JSON or UBJSON model (first byte 0x"
              + Integer.toHexString(modelBytes[0] & 0xff)
              + "); save the booster as .json or .ubj, the legacy binary format is not supported");
    }
    return fromDocument(root);
  }

  private static boolean looksLikeJson(byte[] b) {
    int i = 0;
    while (i < b.length && Character.isWhitespace(b[i])) {
      i++;
    }
    if (i >= b.length || b[i] != '{') {
      return false;
    }
    i++;
    while (i < b.length && Character.isWhitespace(b[i])) {
      i++;
    }
    // UBJSON follows '{' with a length marker (i, U, L...) or '$'/'#'; JSON with a quote or '}'.
    return i < b.length && (b[i] == '"' || b[i] == '}');
  }

  private static XgboostModel fromDocument(Object root) throws InvalidModelException {
    Map<String, Object> learner =
        object(object(root, "the model document").get("learner"), "learner");
    String objective = string(object(learner.get("objective"), "learner.objective"), "name");
    if (!"binary:logistic".equals(objective)) {
      throw new InvalidModelException(
          "unsupported objective '" + objective + "': only binary:logistic is supported");
    }
    Map<String, Object> params =
        object(learner.get("learner_model_param"), "learner.learner_model_param");
    int numClass = integer(params.getOrDefault("num_class", "0"), "num_class");
    if (numClass > 1) {
      throw new InvalidModelException(
          "multi-class model (num_class=" + numClass + "): only binary models are supported");
    }
    int numTarget = integer(params.getOrDefault("num_target", "1"), "num_target");
    if (numTarget != 1) {
      throw new InvalidModelException(
          "multi-target model (num_target=" + numTarget + "): only one target is supported");
    }
    int numFeatures = integer(params.get("num_feature"), "num_feature");
    if (numFeatures <= 0) {
      throw new InvalidModelException("model has no features (num_feature=" + numFeatures + ")");
    }
    float baseScore = baseScore(params.get("base_score"));
    if (!(baseScore > 0f && baseScore < 1f)) {
      throw new InvalidModelException(
          "base_score " + baseScore + " is not a probability in (0,1) as binary:logistic needs");
    }
    // XGBoost's logistic ProbToMargin, in float: -log(1/p - 1).
    float baseMargin = (float) -Math.log(1.0f / baseScore - 1.0f);

    Map<String, Object> booster =
        object(learner.get("gradient_booster"), "learner.gradient_booster");
    String boosterName = string(booster, "name");
    if (!"gbtree".equals(boosterName)) {
      throw new InvalidModelException(
          "unsupported booster '"
              + boosterName
              + "': only gbtree is supported (not dart/gblinear)");
    }
    Map<String, Object> model = object(booster.get("model"), "gradient_booster.model");
    Object treeList = model.get("trees");
    if (!(treeList instanceof List<?> list)) {
      throw new InvalidModelException("gradient_booster.model.trees is missing");
    }
    if (list.isEmpty()) {
      throw new InvalidModelException("model has no trees");
    }
    int[] treeInfo =
        model.containsKey("tree_info") ? ints(model.get("tree_info"), "tree_info") : null;
    float[] weights = null;
    if (model.get("weight_drop") != null) {
      // XGBoost 3.4 keeps DART's dropout inside gbtree: each tree then carries a weight.
      weights = floats(model.get("weight_drop"), "gradient_booster.model.weight_drop");
      if (weights.length != list.size()) {
        throw new InvalidModelException(
            "weight_drop has " + weights.length + " weights for " + list.size() + " trees");
      }
      for (int t = 0; t < weights.length; t++) {
        if (!Float.isFinite(weights[t])) {
          throw new InvalidModelException("tree " + t + " has weight " + weights[t]);
        }
      }
    }
    Tree[] trees = new Tree[list.size()];
    for (int t = 0; t < trees.length; t++) {
      if (treeInfo != null && t < treeInfo.length && treeInfo[t] != 0) {
        throw new InvalidModelException(
            "tree " + t + " belongs to output group " + treeInfo[t] + ": multi-output model");
      }
      trees[t] =
          TreeReader.read(
              object(list.get(t), "tree " + t), t, numFeatures, weights == null ? 1f : weights[t]);
    }
    return new XgboostModel(numFeatures, baseScore, baseMargin, trees);
  }

  /** base_score: a number, a string such as "5E-1", or (3.x) a one-element vector "[5E-1]". */
  private static float baseScore(Object value) throws InvalidModelException {
    if (value instanceof Number n) {
      return n.floatValue();
    }
    if (value instanceof String s) {
      String text = s.trim();
      if (text.startsWith("[") && text.endsWith("]")) {
        text = text.substring(1, text.length() - 1).trim();
      }
      if (text.contains(",")) {
        throw new InvalidModelException(
            "base_score has several values (" + s + "): multi-output model");
      }
      try {
        return Float.parseFloat(text);
      } catch (NumberFormatException e) {
        throw new InvalidModelException("base_score '" + s + "' is not a number");
      }
    }
    float[] vector = floats(value, "base_score");
    if (vector.length != 1) {
      throw new InvalidModelException("base_score has " + vector.length + " values: multi-output");
    }
    return vector[0];
  }
}
