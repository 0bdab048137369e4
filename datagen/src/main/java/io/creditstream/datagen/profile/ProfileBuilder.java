package io.creditstream.datagen.profile;

import io.creditstream.datagen.profile.ColumnProfile.Kind;
import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Profile} from the real Home Credit files.
 *
 * <p>Input: a directory laid out like {@code shared/data/home-credit}: {@code
 * application_train.sample.csv.gz} and {@code child-tables/<kaggle name>.csv.gz}. Output: aggregate
 * statistics only (quantiles, frequencies, missing rates), which is what may be committed.
 */
public final class ProfileBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileBuilder.class);

  /**
   * Probabilities of the stored quantiles; dense in the tails, where amounts are heavy-tailed and a
   * coarse grid would misplace most of the mass.
   */
  public static final List<Double> QUANTILE_LEVELS =
      List.of(
          0.0, 0.001, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6,
          0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99, 0.999, 1.0);

  /** Numeric columns with at most this many distinct values keep their exact value frequencies. */
  static final int MAX_DISCRETE_VALUES = 50;

  /** Kaggle's "not applicable" day count (about 1000 years), kept apart from the quantiles. */

  /** More digits than this are float noise in the real files (e.g. 0.003540999999999999). */
  static final int MAX_DECIMALS = 6;

  private ProfileBuilder() {}

  /** The real file of each table under {@code dataDir}; the test table is profiled as train. */
  static Path realFile(Path dataDir, HomeCreditTable table) {
    return switch (table) {
      case APPLICATION_TRAIN, APPLICATION_TEST ->
          dataDir.resolve("application_train.sample.csv.gz");
      default -> dataDir.resolve("child-tables").resolve(table.fileName());
    };
  }

  /** Reads every real table under {@code dataDir} and computes its profile. */
  public static Profile build(Path dataDir) throws IOException {
    LinkedHashMap<String, TableProfile> tables = new LinkedHashMap<>();
    List<String> sources = new ArrayList<>();
    for (HomeCreditTable table : HomeCreditTable.values()) {
      if (table == HomeCreditTable.APPLICATION_TEST) {
        continue; // same columns as train without TARGET: the generator uses the train profile
      }
      Path file = realFile(dataDir, table);
      if (!Files.isRegularFile(file)) {
        throw new IOException("real table " + table.kaggleName() + " not found at " + file);
      }
      TableProfile profile = profileOf(file, table.header());
      tables.put(table.kaggleName(), profile);
      sources.add(dataDir.relativize(file) + " (" + profile.rows() + " rows)");
      LOG.info("profiled {}: {} rows, {} columns", file, profile.rows(), profile.columns().size());
    }
    return new Profile(
        "Home Credit Default Risk real rows: " + String.join(", ", sources),
        QUANTILE_LEVELS,
        tables);
  }

  /**
   * Tables whose rows differ in kind by one column: their columns are also profiled per value of
   * it, so that generated rows keep the real combinations (a card has "Card Street", a POS loan a
   * goods category).
   */
  static final Map<HomeCreditTable, String> STRATA =
      Map.of(
          HomeCreditTable.PREVIOUS_APPLICATION, "NAME_CONTRACT_TYPE",
          HomeCreditTable.BUREAU, "CREDIT_ACTIVE");

  /** Strata with fewer real rows than this fall back to the whole table's profile. */
  static final int MIN_STRATUM_ROWS = 100;

  /** Profiles one gzipped CSV file; its header must be exactly {@code expectedHeader}. */
  static TableProfile profileOf(Path file, List<String> expectedHeader) throws IOException {
    HomeCreditTable table =
        java.util.Arrays.stream(HomeCreditTable.values())
            .filter(t -> t.header().equals(expectedHeader))
            .findFirst()
            .orElse(null);
    return profileOf(file, expectedHeader, table == null ? null : STRATA.get(table));
  }

  static TableProfile profileOf(Path file, List<String> expectedHeader, String strataColumn)
      throws IOException {
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < expectedHeader.size(); i++) {
      cells.add(new ArrayList<>());
    }
    long rows = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      List<String> header = parser.getHeaderNames();
      if (!header.equals(expectedHeader)) {
        throw new IOException(
            file
                + " does not have the Kaggle header: expected "
                + expectedHeader
                + ", got "
                + header);
      }
      for (CSVRecord record : parser) {
        if (record.size() != header.size()) {
          throw new IOException(
              file + " line " + parser.getCurrentLineNumber() + " has " + record.size() + " cells");
        }
        for (int i = 0; i < header.size(); i++) {
          cells.get(i).add(record.get(i));
        }
        rows++;
      }
    }
    TableProfile whole = tableOf(expectedHeader, cells, rows);
    int target = expectedHeader.indexOf("TARGET");
    if (target >= 0) {
      whole = withDefaultRates(whole, expectedHeader, cells, cells.get(target));
    }
    if (strataColumn == null) {
      return whole;
    }
    List<String> keys = cells.get(expectedHeader.indexOf(strataColumn));
    Map<String, List<Integer>> rowsByValue = new TreeMap<>();
    for (int r = 0; r < keys.size(); r++) {
      rowsByValue.computeIfAbsent(keys.get(r), k -> new ArrayList<>()).add(r);
    }
    LinkedHashMap<String, TableProfile> strata = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : rowsByValue.entrySet()) {
      if (e.getValue().size() < MIN_STRATUM_ROWS) {
        continue;
      }
      List<List<String>> subset = new ArrayList<>();
      for (List<String> column : cells) {
        List<String> part = new ArrayList<>(e.getValue().size());
        for (int r : e.getValue()) {
          part.add(column.get(r));
        }
        subset.add(part);
      }
      strata.put(e.getKey(), tableOf(expectedHeader, subset, e.getValue().size()));
    }
    return new TableProfile(whole.rows(), whole.columns(), strataColumn, strata);
  }

  /**
   * Adds to each categorical column the real default rate per category, which the generator uses to
   * order categories from safest to riskiest.
   */
  private static TableProfile withDefaultRates(
      TableProfile table, List<String> header, List<List<String>> cells, List<String> target) {
    LinkedHashMap<String, ColumnProfile> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      ColumnProfile column = table.columns().get(header.get(i));
      if (column.kind() == Kind.CATEGORY && column.categories() != null) {
        Map<String, long[]> counts = new TreeMap<>();
        List<String> values = cells.get(i);
        for (int r = 0; r < values.size(); r++) {
          long[] c = counts.computeIfAbsent(values.get(r), k -> new long[2]);
          c[0]++;
          if ("1".equals(target.get(r))) {
            c[1]++;
          }
        }
        List<Double> rates = new ArrayList<>();
        for (String category : column.categories()) {
          long[] c = counts.get(category);
          rates.add(round((double) c[1] / c[0]));
        }
        column = column.withDefaultRates(rates);
      }
      columns.put(header.get(i), column);
    }
    return new TableProfile(table.rows(), columns);
  }

  private static TableProfile tableOf(List<String> header, List<List<String>> cells, long rows) {
    LinkedHashMap<String, ColumnProfile> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i), columnOf(header.get(i), cells.get(i)));
    }
    return new TableProfile(rows, columns);
  }

  static ColumnProfile columnOf(String name, List<String> cells) {
    int n = cells.size();
    List<String> present = cells.stream().filter(c -> !c.isEmpty()).toList();
    double missing = n == 0 ? 1.0 : (double) (n - present.size()) / n;
    if (name.startsWith("SK_ID_")) {
      return new ColumnProfile(
          Kind.ID, missing, null, null, null, null, null, null, null, null, null);
    }
    double[] numbers = parseAll(present);
    if (numbers == null) {
      return categorical(missing, present);
    }
    boolean integral = present.stream().noneMatch(c -> c.indexOf('.') >= 0 || c.indexOf('e') >= 0);
    Kind kind = integral ? Kind.INT : Kind.FLOAT;
    Integer decimals = integral ? null : decimalsOf(present);
    long sentinels =
        Arrays.stream(numbers).filter(v -> v == HomeCreditTable.DAYS_NOT_APPLICABLE).count();
    Double sentinel = null;
    Double sentinelRate = null;
    if (sentinels > 0) {
      sentinel = HomeCreditTable.DAYS_NOT_APPLICABLE;
      sentinelRate = (double) sentinels / numbers.length;
      numbers =
          Arrays.stream(numbers).filter(v -> v != HomeCreditTable.DAYS_NOT_APPLICABLE).toArray();
    }
    Arrays.sort(numbers);
    TreeMap<Double, Long> distinct = new TreeMap<>();
    for (double v : numbers) {
      distinct.merge(v, 1L, Long::sum);
      if (distinct.size() > MAX_DISCRETE_VALUES) {
        break;
      }
    }
    if (numbers.length > 0 && distinct.size() <= MAX_DISCRETE_VALUES) {
      List<Double> values = new ArrayList<>(distinct.keySet());
      List<Double> weights = new ArrayList<>();
      for (long count : distinct.values()) {
        weights.add(round((double) count / numbers.length));
      }
      return new ColumnProfile(
          kind, missing, decimals, null, null, values, null, weights, sentinel, sentinelRate, null);
    }
    List<Double> quantiles = new ArrayList<>();
    if (numbers.length > 0) {
      for (double level : QUANTILE_LEVELS) {
        quantiles.add(quantile(numbers, level));
      }
    }
    return new ColumnProfile(
        kind,
        missing,
        decimals,
        stepOf(numbers),
        quantiles,
        null,
        null,
        null,
        sentinel,
        sentinelRate,
        null);
  }

  private static ColumnProfile categorical(double missing, List<String> present) {
    Map<String, Long> counts = new TreeMap<>();
    for (String c : present) {
      counts.merge(c, 1L, Long::sum);
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
            .thenComparing(Map.Entry::getKey));
    List<String> categories = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (Map.Entry<String, Long> e : entries) {
      categories.add(e.getKey());
      weights.add(round((double) e.getValue() / present.size()));
    }
    return new ColumnProfile(
        Kind.CATEGORY, missing, null, null, null, null, categories, weights, null, null, null);
  }

  private static double[] parseAll(List<String> present) {
    double[] out = new double[present.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = Double.parseDouble(present.get(i));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }

  private static int decimalsOf(List<String> present) {
    int max = 0;
    for (String c : present) {
      if (c.indexOf('e') >= 0 || c.indexOf('E') >= 0) {
        return MAX_DECIMALS;
      }
      int dot = c.indexOf('.');
      if (dot >= 0) {
        int end = c.length();
        while (end > dot + 1 && c.charAt(end - 1) == '0') {
          end--;
        }
        max = Math.max(max, end - dot - 1);
      }
    }
    return Math.min(max, MAX_DECIMALS);
  }

  /** Candidate grids, finest first; amounts in the real data are often multiples of 4500. */
  private static final double[] STEPS = {
    0.001, 0.01, 0.1, 0.5, 1, 5, 10, 50, 100, 500, 1000, 2250, 4500, 9000, 10000
  };

  /** The coarsest grid holding at least 90% of the values, or null. */
  static Double stepOf(double[] values) {
    if (values.length == 0) {
      return null;
    }
    Double best = null;
    for (double step : STEPS) {
      long on = 0;
      for (double v : values) {
        double r = v / step;
        if (Math.abs(r - Math.rint(r)) < 1e-6) {
          on++;
        }
      }
      if (on >= 0.9 * values.length) {
        best = step;
      }
    }
    return best;
  }

  /** Linear interpolation between order statistics (R's type 7, numpy's default). */
  static double quantile(double[] sorted, double level) {
    double h = (sorted.length - 1) * level;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return round(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]));
  }

  /** Twelve significant digits keep the JSON readable and stable across platforms. */
  private static double round(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(12, java.math.RoundingMode.HALF_EVEN))
        .doubleValue();
  }
}
