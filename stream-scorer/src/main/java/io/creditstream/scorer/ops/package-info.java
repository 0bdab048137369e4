/** Operations: the health and Prometheus metrics HTTP endpoints and the scorer's own meters. */
package io.creditstream.scorer.ops;
