package io.creditstream.datagen;

import io.creditstream.features.table.HomeCreditTable;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link HomeCreditGenerator#generate} wrote.
 *
 * @param directory the output directory
 * @param files each table's {@code .csv.gz} file
 * @param rows each table's row count (without the header)
 * @param defaults how many labelled applications have {@code TARGET = 1}
 */
public record GeneratedTables(
    Path directory,
    Map<HomeCreditTable, Path> files,
    Map<HomeCreditTable, Long> rows,
    long defaults) {

  public GeneratedTables {
    files = Map.copyOf(files);
    rows = Map.copyOf(rows);
  }

  /** The file of one table. */
  public Path file(HomeCreditTable table) {
    return files.get(table);
  }

  /** The row count of one table. */
  public long rows(HomeCreditTable table) {
    return rows.get(table);
  }

  /** Share of labelled applications that defaulted. */
  public double defaultRate() {
    long labelled = rows(HomeCreditTable.APPLICATION_TRAIN);
    return labelled == 0 ? 0 : (double) defaults / labelled;
  }
}
