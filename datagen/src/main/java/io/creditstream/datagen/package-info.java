/**
 * The generator's public API and command line: {@link io.creditstream.datagen.HomeCreditGenerator}
 * (library entry point; the eight Kaggle tables and their exact headers are features' {@link
 * io.creditstream.features.table.HomeCreditTable}), {@link io.creditstream.datagen.GenerateCommand}
 * and {@link io.creditstream.datagen.DatagenCli} (the {@code generate} and {@code profile}
 * commands).
 */
package io.creditstream.datagen;
