/**
 * The portal benchmark: the front-office submission API under concurrent clients, and the time a
 * decision takes from the decisions topic to many open client pages by SSE. {@code PortalBenchmark}
 * runs the phases; {@code PortalProcess} is the portal child process, {@code PortalClient} the HTTP
 * calls a front office and a client page make, {@code DecisionPages} the open event streams and
 * when each received its decision.
 */
package io.creditstream.benchmarks.portal;
