/**
 * The profile of the real Home Credit tables: per-column type, missing rate, quantiles or category
 * frequencies ({@link io.creditstream.datagen.profile.Profile}), how it is built from the real
 * files ({@link io.creditstream.datagen.profile.ProfileBuilder}) and how columns are sampled from
 * it ({@link io.creditstream.datagen.profile.ColumnSampler}).
 */
package io.creditstream.datagen.profile;
