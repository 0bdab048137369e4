package io.creditstream.datagen;

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
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads gzipped CSV tables in tests: RFC 4180 quoting, one record per line (the tables have no line
 * breaks inside cells). Hand-rolled because the tests read millions of rows on a shared 2-core
 * machine, where a general CSV parser was ten times slower.
 */
final class CsvTables {

  private CsvTables() {}

  /** One CSV record with access by column name. */
  record Record(Map<String, Integer> index, String[] cells) {
    String get(String column) {
      Integer i = index.get(column);
      if (i == null) {
        throw new IllegalArgumentException("no column " + column);
      }
      return cells[i];
    }
  }

  private static BufferedReader open(Path file) throws IOException {
    return new BufferedReader(
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8),
        1 << 16);
  }

  /** The header of a gzipped CSV file. */
  static List<String> header(Path file) throws IOException {
    try (BufferedReader in = open(file)) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException(file + " is empty");
      }
      return List.of(split(line.startsWith("\uFEFF") ? line.substring(1) : line));
    }
  }

  /** Calls {@code each} for every record after the header. */
  static void forEach(Path file, Consumer<Record> each) throws IOException {
    try (BufferedReader in = open(file)) {
      String[] header = split(in.readLine());
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        index.put(header[i], i);
      }
      String line;
      while ((line = in.readLine()) != null) {
        String[] cells = split(line);
        if (cells.length != header.length) {
          throw new IOException(file + ": " + cells.length + " cells in " + line);
        }
        each.accept(new Record(index, cells));
      }
    }
  }

  /** One column; empty cells are kept as empty strings. */
  static List<String> column(Path file, String name) throws IOException {
    List<String> out = new ArrayList<>();
    forEach(file, r -> out.add(r.get(name)));
    return out;
  }

  /** Rows after the header. */
  static long count(Path file) throws IOException {
    try (BufferedReader in = open(file)) {
      long n = -1;
      while (in.readLine() != null) {
        n++;
      }
      return n;
    }
  }

  static String[] split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells.toArray(new String[0]);
  }
}
