package io.creditstream.model;

/**
 * The algorithm that computes a score's TreeSHAP contributions, named by a stable identifier so a
 * replay can recompute a decision's explanation with the algorithm it was made with. Both are exact
 * path-dependent TreeSHAP with the same float32 rounding per tree; they differ only in the double
 * arithmetic inside a tree, so their final values agree to a float32 ulp or so (see model/README).
 *
 * <p>Identifiers are part of the audit record: never rename one, add a new constant instead.
 */
public enum Explainer {
  /** The quadrature walk over each tree (integral form of the Shapley weights), no tables. */
  QUADRATURE("treeshap-quadrature-v1"),
  /**
   * Per-leaf tables precomputed at load (Fast TreeSHAP v2 in spirit), one lookup per leaf and path
   * feature at score time; trees whose table would be too large use the quadrature walk instead.
   */
  TABLE("treeshap-table-v1");

  /** What {@link TreeEnsemble#contributions(double[])} and {@link ScoringModel#score} use. */
  public static final Explainer DEFAULT = TABLE;

  private final String id;

  Explainer(String id) {
    this.id = id;
  }

  /** The stable identifier, e.g. {@code "treeshap-table-v1"}. */
  public String id() {
    return id;
  }

  /**
   * The explainer with this identifier.
   *
   * @throws IllegalArgumentException when no explainer has that identifier (the message lists the
   *     known ones)
   */
  public static Explainer of(String id) {
    for (Explainer e : values()) {
      if (e.id.equals(id)) {
        return e;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Explainer e : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(e.id);
    }
    throw new IllegalArgumentException("unknown explainer id '" + id + "'; known: " + known);
  }
}
