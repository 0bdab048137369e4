package io.creditstream.scorer.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Known outcomes per client, for the what-if's cost and AUC: a CSV with a header holding {@code
 * SK_ID_CURR} and {@code TARGET} (1 = defaulted), such as {@code SK_ID_CURR,TARGET} or a Kaggle
 * {@code application_train} file, plain or gzipped. Held as two sorted primitive arrays (16 bytes a
 * client), looked up by binary search.
 */
final class Labels {

  private final long[] ids;
  private final boolean[] defaulted;

  private Labels(long[] ids, boolean[] defaulted) {
    this.ids = ids;
    this.defaulted = defaulted;
  }

  int size() {
    return ids.length;
  }

  /** Clients labelled as defaulted. */
  long defaultedCount() {
    long n = 0;
    for (boolean d : defaulted) {
      n += d ? 1 : 0;
    }
    return n;
  }

  /** 1 if the client defaulted, 0 if not, -1 when the client has no label. */
  int of(long clientId) {
    int i = Arrays.binarySearch(ids, clientId);
    return i < 0 ? -1 : (defaulted[i] ? 1 : 0);
  }

  /**
   * Reads a labels file.
   *
   * @throws ReplayException (bad arguments) naming the file, line and problem
   */
  static Labels read(Path file) throws ReplayException {
    if (!Files.isRegularFile(file)) {
      throw ReplayException.badArgument("Labels file " + file + " does not exist");
    }
    long[] ids = new long[1024];
    boolean[] flags = new boolean[1024];
    int n = 0;
    // Commons CSV, as the feature tables are read: quoted cells may hold commas and line breaks.
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        CSVParser parser =
            CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), format)) {
      List<String> columns =
          parser.getHeaderNames().stream().map(c -> c.replace("\uFEFF", "")).toList();
      if (columns.isEmpty()) {
        throw ReplayException.badArgument("Labels file " + file + " is empty");
      }
      int idCol = columns.indexOf("SK_ID_CURR");
      int targetCol = columns.indexOf("TARGET");
      if (idCol < 0 || targetCol < 0) {
        throw ReplayException.badArgument(
            "Labels file "
                + file
                + " needs the columns SK_ID_CURR and TARGET; its header is: "
                + String.join(",", columns));
      }
      for (CSVRecord record : parser) {
        // The header is record 1, so a record's number is its line when no cell spans lines.
        long lineNo = record.getRecordNumber() + 1;
        if (record.size() == 1 && record.get(0).isEmpty()) {
          continue; // a blank line
        }
        if (record.size() <= Math.max(idCol, targetCol)) {
          throw ReplayException.badArgument(
              "Labels file "
                  + file
                  + " line "
                  + lineNo
                  + ": "
                  + record.size()
                  + " cells, expected "
                  + columns.size());
        }
        long id;
        try {
          id = Long.parseLong(record.get(idCol));
        } catch (NumberFormatException e) {
          throw ReplayException.badArgument(
              "Labels file "
                  + file
                  + " line "
                  + lineNo
                  + ": SK_ID_CURR '"
                  + record.get(idCol)
                  + "' is not a whole number");
        }
        String t = record.get(targetCol);
        if (!t.equals("0") && !t.equals("1")) {
          throw ReplayException.badArgument(
              "Labels file " + file + " line " + lineNo + ": TARGET '" + t + "' is not 0 or 1");
        }
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, n * 2);
          flags = Arrays.copyOf(flags, n * 2);
        }
        ids[n] = id;
        flags[n] = t.equals("1");
        n++;
      }
    } catch (IOException | UncheckedIOException e) {
      throw ReplayException.badArgument("Cannot read the labels file " + file + ": " + e);
    }
    return sorted(Arrays.copyOf(ids, n), Arrays.copyOf(flags, n), file);
  }

  private static Labels sorted(long[] ids, boolean[] flags, Path file) throws ReplayException {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    long[] sortedIds = new long[ids.length];
    boolean[] sortedFlags = new boolean[ids.length];
    for (int i = 0; i < order.length; i++) {
      sortedIds[i] = ids[order[i]];
      sortedFlags[i] = flags[order[i]];
      if (i > 0 && sortedIds[i] == sortedIds[i - 1] && sortedFlags[i] != sortedFlags[i - 1]) {
        throw ReplayException.badArgument(
            "Labels file " + file + " gives client " + sortedIds[i] + " two different TARGETs");
      }
    }
    return new Labels(sortedIds, sortedFlags);
  }
}
