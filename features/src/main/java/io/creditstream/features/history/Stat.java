package io.creditstream.features.history;

/** A statistic over a client's rows; VAR is the sample variance (n - 1), as pandas computes it. */
public enum Stat {
  MIN,
  MAX,
  MEAN,
  SUM,
  VAR
}
