package io.creditstream.model;

/**
 * One scored row: probability of default, the margin (log-odds) it came from, and the TreeSHAP
 * contributions in margin space (one per feature, in model input order, then the bias last).
 */
public record Score(double probability, double margin, double[] contributions) {}
