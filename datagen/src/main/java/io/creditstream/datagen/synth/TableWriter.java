package io.creditstream.datagen.synth;

import io.creditstream.datagen.profile.ColumnProfile;
import io.creditstream.datagen.profile.ColumnProfile.Kind;
import io.creditstream.datagen.profile.TableProfile;
import io.creditstream.features.table.HomeCreditTable;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams the rows of one table to a gzipped CSV file with the exact Kaggle header: one reusable
 * row buffer, formatted and written on {@link #endRow()}, so memory does not grow with the row
 * count.
 *
 * <p>Cells are written as the real files write them: integers without a point, floats with at least
 * one decimal ({@code 202500.0}), empty for missing, quotes only where a value needs them.
 */
final class TableWriter implements Closeable {

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final HomeCreditTable table;
  private final Path file;
  private final Kind[] kinds;
  private final int[] decimals;
  private final double[] numbers;
  private final String[] texts;
  private final Writer out;
  private final StringBuilder line = new StringBuilder(2048);
  private long rows;

  TableWriter(Path file, HomeCreditTable table, TableProfile profile, int gzipLevel)
      throws IOException {
    this.table = table;
    this.file = file;
    int n = table.header().size();
    this.kinds = new Kind[n];
    this.decimals = new int[n];
    for (int i = 0; i < n; i++) {
      ColumnProfile column = profile.column(table.header().get(i));
      kinds[i] = column.kind();
      decimals[i] = column.decimals() == null ? 0 : column.decimals();
    }
    this.numbers = new double[n];
    this.texts = new String[n];
    clear();
    OutputStream raw = Files.newOutputStream(file);
    OutputStream gzip =
        new GZIPOutputStream(raw, 1 << 16) {
          {
            def.setLevel(gzipLevel);
          }
        };
    this.out = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16);
    out.write(String.join(",", table.header()));
    out.write('\n');
  }

  static int defaultGzipLevel() {
    return Deflater.BEST_SPEED;
  }

  HomeCreditTable table() {
    return table;
  }

  Path file() {
    return file;
  }

  long rows() {
    return rows;
  }

  /** Index of a column in the Kaggle header; fails naming the column if the table lacks it. */
  int column(String name) {
    int i = table.header().indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(table.kaggleName() + " has no column " + name);
    }
    return i;
  }

  Kind kind(int column) {
    return kinds[column];
  }

  /** Sets a numeric cell; NaN writes an empty cell. */
  void set(int column, double value) {
    numbers[column] = value;
  }

  /** Sets a categorical cell; null writes an empty cell. */
  void set(int column, String value) {
    texts[column] = value;
  }

  double get(int column) {
    return numbers[column];
  }

  String text(int column) {
    return texts[column];
  }

  /** Writes the current row and resets every cell to missing. */
  void endRow() throws IOException {
    line.setLength(0);
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      if (kinds[i] == Kind.CATEGORY) {
        appendText(texts[i]);
      } else if (!Double.isNaN(numbers[i])) {
        if (kinds[i] == Kind.FLOAT) {
          appendFixed(line, numbers[i], decimals[i]);
        } else {
          line.append(Math.round(numbers[i]));
        }
      }
    }
    line.append('\n');
    out.append(line);
    rows++;
    clear();
  }

  private void clear() {
    Arrays.fill(numbers, Double.NaN);
    Arrays.fill(texts, null);
  }

  private void appendText(String value) {
    if (value == null) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  /**
   * Fixed-point formatting through long arithmetic: byte-identical on every JVM (no locale, no
   * exponent notation such as {@code 1.17E8}) and much faster than {@code String.format}.
   */
  static void appendFixed(StringBuilder sb, double value, int decimals) {
    int d = Math.max(0, Math.min(decimals, 15));
    while (d > 0 && Math.abs(value) * POW10[d] >= 9e15) {
      d--;
    }
    long scale = POW10[d];
    long r = Math.round(value * scale);
    if (r < 0) {
      sb.append('-');
      r = -r;
    }
    long whole = r / scale;
    long fraction = r % scale;
    sb.append(whole).append('.');
    if (fraction == 0) {
      sb.append('0');
      return;
    }
    int digits = d;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    String f = Long.toString(fraction);
    for (int i = f.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(f);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
