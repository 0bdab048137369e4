/**
 * Streaming reader of the Home Credit CSV tables ({@code .csv} or {@code .csv.gz}): one {@link
 * io.creditstream.features.Row} at a time, typed cells, every malformed row reported with file,
 * line, column and value ({@link io.creditstream.features.table.Problem}), progress logged on long
 * files.
 */
package io.creditstream.features.table;
