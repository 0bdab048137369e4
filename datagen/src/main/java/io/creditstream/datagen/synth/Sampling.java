package io.creditstream.datagen.synth;

import io.creditstream.datagen.profile.ColumnProfile.Kind;
import io.creditstream.datagen.profile.ColumnSampler;
import io.creditstream.datagen.profile.Profile;
import io.creditstream.datagen.profile.TableProfile;
import io.creditstream.features.table.HomeCreditTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the simulators of each table share: column samplers built from the profile (per table and
 * per stratum), real category shares, a row pre-filled from its samplers, geometric counts, and
 * Kaggle's markers. In one place so that every table draws its marginals the same way.
 */
final class Sampling {

  /** Kaggle's "not applicable" day count. */

  /** The most months of monthly history (bureau, POS, card) written for one credit. */
  static final int MAX_MONTHS = 96;

  private Sampling() {}

  static ColumnSampler[] samplers(Profile profile, HomeCreditTable table) {
    return samplers(profile, profile.table(table.kaggleName()), table, null);
  }

  /**
   * Samplers of one stratum's profile, falling back column by column to the whole table's where the
   * stratum's kind differs (a column empty in a stratum has no kind of its own).
   */
  static ColumnSampler[] samplers(
      Profile profile, TableProfile tp, HomeCreditTable table, ColumnSampler[] whole) {
    List<String> header = table.header();
    ColumnSampler[] out = new ColumnSampler[header.size()];
    for (int i = 0; i < out.length; i++) {
      String name = header.get(i);
      if (tp.column(name).kind() != Kind.ID) {
        out[i] = new ColumnSampler(name, tp.column(name), profile.quantileLevels());
        if (whole != null
            && (out[i].kind() == Kind.CATEGORY) != (whole[i].kind() == Kind.CATEGORY)) {
          out[i] = whole[i];
        }
      }
    }
    return out;
  }

  /** Samplers per stratum value, for tables profiled by stratum; empty otherwise. */
  static Map<String, ColumnSampler[]> strata(
      Profile profile, HomeCreditTable table, ColumnSampler[] whole) {
    TableProfile tp = profile.table(table.kaggleName());
    Map<String, ColumnSampler[]> out = new HashMap<>();
    if (tp.strata() != null) {
      tp.strata()
          .forEach((value, stratum) -> out.put(value, samplers(profile, stratum, table, whole)));
    }
    return out;
  }

  static double share(Profile profile, HomeCreditTable table, String column, String category) {
    return share(profile.table(table.kaggleName()), column, category);
  }

  static double share(TableProfile table, String column, String category) {
    var c = table.column(column);
    if (c.categories() == null) {
      return 0;
    }
    int i = c.categories().indexOf(category);
    return i < 0 ? 0 : c.weights().get(i);
  }

  /** Geometric count on {0, 1, ...} with the given mean. */
  static int geometric(SplittableRandom rng, double mean) {
    double p = 1.0 / (1.0 + mean);
    double u = rng.nextDouble();
    return (int) Math.floor(StrictMath.log(1 - u) / StrictMath.log(1 - p));
  }

  /** Sets every column that has a sampler to a draw from it (ids and fixed columns are left). */
  static void fill(TableWriter w, ColumnSampler[] samplers, SplittableRandom rng) {
    for (int i = 0; i < samplers.length; i++) {
      ColumnSampler s = samplers[i];
      if (s == null) {
        continue;
      }
      if (s.kind() == Kind.CATEGORY) {
        w.set(i, s.sampleCategory(rng));
      } else {
        w.set(i, s.sample(rng));
      }
    }
  }

  /** The stratum a row was drawn in, and the samplers of that stratum. */
  record Stratum(String value, ColumnSampler[] samplers) {}

  /**
   * Starts a row of a table profiled by stratum: draws the stratum from the whole table's shares of
   * {@code column}, fills the row from that stratum's samplers (the whole table's where the stratum
   * has no profile) and sets {@code column} to it.
   */
  static Stratum startRow(
      TableWriter w,
      ColumnSampler[] whole,
      Map<String, ColumnSampler[]> strata,
      int column,
      SplittableRandom rng) {
    String value = whole[column].category(rng.nextDouble());
    ColumnSampler[] samplers = strata.getOrDefault(value, whole);
    fill(w, samplers, rng);
    w.set(column, value);
    return new Stratum(value, samplers);
  }
}
