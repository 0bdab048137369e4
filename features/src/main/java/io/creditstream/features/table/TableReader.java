package io.creditstream.features.table;

import io.creditstream.features.Row;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one Home Credit CSV table ({@code .csv} or {@code .csv.gz}) row by row in constant
 * memory. Input: the file and its {@link HomeCreditTable}. Output: one {@link Row} per valid line
 * (empty cells as null, text columns as String, {@code SK_ID_*} as Long, other columns as Double)
 * and one {@link Problem} per malformed line, which is counted and not passed on as a row.
 */
public final class TableReader implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(TableReader.class);

  /** Rows between two progress reports (the clock is read only then). */
  private static final int PROGRESS_EVERY_ROWS = 4096;

  private final Path file;
  private final HomeCreditTable table;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final CountingInputStream raw;
  private final long size;
  private final List<String> header;
  private final Map<String, Integer> index;
  private long rows;
  private long malformed;
  private long nonEmptyCells;

  private TableReader(Path file, HomeCreditTable table) throws IOException {
    this.file = file;
    this.table = table;
    this.size = Files.size(file);
    // Bytes of the file itself (compressed for .gz) consumed so far: the share read, for progress.
    this.raw = new CountingInputStream(Files.newInputStream(file));
    InputStream in = raw;
    if (file.getFileName().toString().toLowerCase().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    this.parser = CSVParser.parse(reader, CSVFormat.DEFAULT);
    this.records = parser.iterator();
    if (!records.hasNext()) {
      parser.close();
      throw new IOException(file + ": empty file, expected a header line");
    }
    List<String> names = new ArrayList<>();
    for (String name : records.next()) {
      // Some published copies start with a UTF-8 byte order mark.
      names.add(names.isEmpty() ? name.replace("\uFEFF", "").trim() : name.trim());
    }
    this.header = Collections.unmodifiableList(names);
    this.index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
  }

  /** Opens a table file; the header is read at once. */
  public static TableReader open(Path file, HomeCreditTable table) throws IOException {
    return new TableReader(file, table);
  }

  public List<String> header() {
    return header;
  }

  public HomeCreditTable table() {
    return table;
  }

  /** Valid rows passed on so far. */
  public long rows() {
    return rows;
  }

  /** Malformed rows reported so far. */
  public long malformed() {
    return malformed;
  }

  /** Non-empty cells of the valid rows passed on so far. */
  public long nonEmptyCells() {
    return nonEmptyCells;
  }

  /**
   * Reads the rest of the file: every valid row goes to {@code rows}, every malformed row to {@code
   * problems} (and to the log).
   */
  public void forEach(Consumer<Row> rowConsumer, Consumer<Problem> problems) {
    forEachWhile(
        row -> {
          rowConsumer.accept(row);
          return true;
        },
        problems);
  }

  /**
   * As {@link #forEach}, but stops after a row for which {@code rowConsumer} answers false (a
   * replay that reached its limit, a feeder that was stopped), without reading the rest of the
   * file.
   */
  public void forEachWhile(Predicate<Row> rowConsumer, Consumer<Problem> problems) {
    String name = file.getFileName().toString();
    Progress progress = Progress.start(name, "rows", LOG);
    boolean more = true;
    while (more && records.hasNext()) {
      CSVRecord record = records.next();
      // The Kaggle files have no line breaks inside fields, so record number = line number.
      long line = record.getRecordNumber();
      Object[] values = new Object[header.size()];
      Problem problem = parse(record, line, name, values);
      if (problem != null) {
        malformed++;
        LOG.warn("Malformed row: {}", problem);
        problems.accept(problem);
      } else {
        rows++;
        more = rowConsumer.test(new ArrayRow(index, values));
      }
      if ((rows + malformed) % PROGRESS_EVERY_ROWS == 0) {
        progress.update(rows, fractionRead());
      }
    }
    progress.done(rows, more ? 1.0 : fractionRead());
    double seconds = progress.elapsedSeconds();
    LOG.info(
        "{}: {} rows read, {} malformed, in {} s ({} rows/s)",
        name,
        rows,
        malformed,
        String.format("%.1f", seconds),
        Progress.rate(rows, seconds));
  }

  /** The share of the file's bytes consumed (read-ahead buffers make it run slightly ahead). */
  double fractionRead() {
    return size > 0 ? Math.min(1.0, raw.count / (double) size) : Double.NaN;
  }

  private Problem parse(CSVRecord record, long line, String name, Object[] values) {
    if (record.size() != header.size()) {
      return new Problem(
          name, line, null, null, "expected " + header.size() + " fields, found " + record.size());
    }
    long cells = 0;
    for (int i = 0; i < values.length; i++) {
      String text = record.get(i);
      if (text.isEmpty()) {
        continue;
      }
      String column = header.get(i);
      cells++;
      if (table.isText(column)) {
        values[i] = text;
      } else if (HomeCreditTable.isId(column)) {
        try {
          values[i] = Long.parseLong(text);
        } catch (NumberFormatException e) {
          return new Problem(name, line, column, text, "not a whole-number id");
        }
      } else {
        double number = parseNumber(text);
        if (Double.isNaN(number)) {
          return new Problem(name, line, column, text, "not a number");
        }
        values[i] = number;
      }
    }
    nonEmptyCells += cells;
    return null;
  }

  /** A finite decimal number, or NaN when the text is not one (Java's extras are refused). */
  static double parseNumber(String text) {
    char first = text.charAt(0);
    char last = text.charAt(text.length() - 1);
    boolean startsLikeNumber = (first >= '0' && first <= '9') || first == '-' || first == '+';
    startsLikeNumber |= first == '.';
    boolean endsLikeNumber = (last >= '0' && last <= '9') || last == '.';
    if (!startsLikeNumber || !endsLikeNumber) {
      return Double.NaN;
    }
    try {
      double value = Double.parseDouble(text);
      return Double.isInfinite(value) ? Double.NaN : value;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  private record ArrayRow(Map<String, Integer> index, Object[] values) implements Row {
    @Override
    public Object get(String column) {
      Integer i = index.get(column);
      return i == null ? null : values[i];
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("{");
      index.forEach((k, v) -> text.append(k).append('=').append(values[v]).append(", "));
      return text.append('}').toString();
    }
  }
}
