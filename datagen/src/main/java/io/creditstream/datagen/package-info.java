/**
 * The generator's public API and command line: {@link io.creditstream.datagen.HomeCreditGenerator}
 * (library entry point), {@link io.creditstream.datagen.Table} (the eight Kaggle tables and their
 * exact headers), {@link io.creditstream.datagen.GenerateCommand} and {@link
 * io.creditstream.datagen.DatagenCli} (the {@code generate} and {@code profile} commands).
 */
package io.creditstream.datagen;
